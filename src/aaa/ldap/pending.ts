// Logins whose LDAP server said the (right) password has expired or must be changed, waiting for
// the user's new password (the password-change form of `password-management`). Held in memory only,
// by a once-used token (../once-tokens.ts). The old password is kept here, never in a form or a
// log: the change needs it (RFC 3062 oldPasswd, AD's unicodePwd delete).
import { OnceTokens } from '../once-tokens.ts';

/** `expiring`: not yet expired, within `password-expire-in-days`: the change may be declined (an empty answer) */
export type ExpiryReason = 'expired' | 'must-change' | 'expiring';

export interface PendingChange {
  group: string; host: string; user: string; dn: string; oldPassword: string;
  /** Active Directory (from the bind's `data 532/773`): the change is AD's unicodePwd modify */
  ad: boolean;
  reason: ExpiryReason;
  /** new passwords the server has refused so far in this login */
  refused?: number;
}

export class PendingChanges extends OnceTokens<PendingChange> {
  /** the change a token continues, for the same group and user, once */
  takeFor(token: string, group: string, user: string): PendingChange | undefined {
    return this.take(token, (c) => c.group === group && c.user === user);
  }
}
