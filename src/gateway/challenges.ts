// Logins waiting for the answer to a server's challenge (an OTP after the password), by the
// handle of the challenge form. Bounded: at most `cap` in all (the oldest goes) and `ttlMs` each;
// a handle is used once.
import { randomBytes } from 'node:crypto';

export interface PendingChallenge { user: string; tunnelGroup: string; source: string; state: string; passwordChange?: boolean; expires: number }

export class Challenges {
  private readonly m = new Map<string, PendingChallenge>();
  constructor(private readonly cap = 1024, private readonly ttlMs = 120_000, private readonly now = () => Date.now()) {}

  get size(): number { return this.m.size; }

  add(c: Omit<PendingChallenge, 'expires'>): string {
    const t = this.now();
    for (const [k, v] of this.m) { if (v.expires > t && this.m.size < this.cap) break; this.m.delete(k); }
    const handle = randomBytes(12).toString('hex');
    this.m.set(handle, { ...c, expires: t + this.ttlMs });
    return handle;
  }

  /** the login a handle continues, from the same source, once */
  take(handle: string, source: string): PendingChallenge | undefined {
    if (!handle) return undefined;
    const c = this.m.get(handle);
    if (!c) return undefined;
    this.m.delete(handle);
    return c.expires > this.now() && c.source === source ? c : undefined;
  }
}
