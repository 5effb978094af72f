// Logins whose LDAP server said the (right) password has expired or must be changed, waiting for
// the user's new password (the password-change form of `password-management`). Held in memory only,
// by a random token, for `ttlMs` and used once; at most `cap` in all (the oldest goes). The old
// password is kept here, never in a form or a log: the change needs it (RFC 3062 oldPasswd, AD's
// unicodePwd delete).
import { randomBytes } from 'node:crypto';

/** `expiring`: not yet expired, within `password-expire-in-days`: the change may be declined (an empty answer) */
export type ExpiryReason = 'expired' | 'must-change' | 'expiring';

export interface PendingChange {
  group: string; host: string; user: string; dn: string; oldPassword: string;
  /** Active Directory (from the bind's `data 532/773`): the change is AD's unicodePwd modify */
  ad: boolean;
  reason: ExpiryReason;
  /** new passwords the server has refused so far in this login */
  refused?: number;
  expires: number;
}

export class PendingChanges {
  private readonly m = new Map<string, PendingChange>();
  constructor(private readonly cap = 1024, private readonly ttlMs = 120_000, private readonly now = () => Date.now()) {}

  get size(): number { return this.m.size; }

  add(c: Omit<PendingChange, 'expires'>): string {
    const t = this.now();
    for (const [k, v] of this.m) { if (v.expires > t && this.m.size < this.cap) break; this.m.delete(k); }
    const token = randomBytes(12).toString('hex');
    this.m.set(token, { ...c, expires: t + this.ttlMs });
    return token;
  }

  /** the change a token continues, for the same group and user, once */
  take(token: string, group: string, user: string): PendingChange | undefined {
    const c = this.m.get(token);
    if (!c) return undefined;
    this.m.delete(token);
    return c.expires > this.now() && c.group === group && c.user === user ? c : undefined;
  }
}
