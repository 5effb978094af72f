// Session cookies (the `webvpn` cookie / <session-token>): 256 random bits. The table is keyed by a
// SHA-256 of the token so that a lookup's timing says nothing about how much of a guess was right,
// and the stored token is then compared with timingSafeEqual.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const digest = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export class CookieJar<T> {
  private map = new Map<string, { token: Buffer; value: T }>();

  /** a new token bound to `value`; upper-case hex, so it never contains `;` or `=` */
  issue(value: T): string {
    const token = randomBytes(32).toString('hex').toUpperCase();
    this.map.set(digest(token), { token: Buffer.from(token, 'utf8'), value });
    return token;
  }

  lookup(token: string | undefined): T | undefined {
    if (!token || token.length > 256) return undefined;
    const e = this.map.get(digest(token));
    if (!e) return undefined;
    const given = Buffer.from(token, 'utf8');
    if (given.length !== e.token.length || !timingSafeEqual(given, e.token)) return undefined;
    return e.value;
  }

  revoke(token: string): void {
    this.map.delete(digest(token));
  }

  get size(): number { return this.map.size; }
}

/** The value of cookie `name` in a Cookie header (openconnect also sends openconnect_strapkey, webvpncontext, …). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
