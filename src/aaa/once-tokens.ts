// What a login leaves waiting for the client's next form (a challenge's answer, a new password),
// by a random token sent in that form. Bounded: at most `cap` in all (the oldest goes) and `ttlMs`
// each; a token is used once, and only by the login it was made for (`fits`).
import { randomBytes } from 'node:crypto';

export class OnceTokens<T> {
  private readonly m = new Map<string, { value: T; expires: number }>();
  constructor(private readonly cap = 1024, private readonly ttlMs = 120_000, private readonly now = () => Date.now()) {}

  get size(): number { return this.m.size; }

  add(value: T): string {
    const t = this.now();
    for (const [k, v] of this.m) { if (v.expires > t && this.m.size < this.cap) break; this.m.delete(k); }
    const token = randomBytes(12).toString('hex');
    this.m.set(token, { value, expires: t + this.ttlMs });
    return token;
  }

  /** the value a token holds, once, if it has not expired and `fits` the login that brings it back */
  take(token: string, fits: (v: T) => boolean): T | undefined {
    const e = this.m.get(token);
    if (!e) return undefined;
    this.m.delete(token);
    return e.expires > this.now() && fits(e.value) ? e.value : undefined;
  }
}
