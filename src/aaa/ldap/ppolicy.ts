// What an LDAP bind says of the user's password beyond right or wrong, and the operations that change
// it. Sources: the password policy control of draft-behera-ldap-password-policy-10 (OpenLDAP's
// slapo-ppolicy(5) answers it; OID 1.3.6.1.4.1.42.2.27.8.5.1), RFC 3062 (Password Modify extended
// operation), and Active Directory's bind diagnostics ("AcceptSecurityContext error, data 532":
// password expired, "data 773": user must reset password; Microsoft's LDAP error list).
import { Change, Attribute, Control, type Client } from 'ldapts';

export const PPOLICY_OID = '1.3.6.1.4.1.42.2.27.8.5.1';
export const PASSWD_MODIFY_OID = '1.3.6.1.4.1.4203.1.11.1';

/** the policy response's error values (draft-behera §6.2) */
const ERRORS = ['passwordExpired', 'accountLocked', 'changeAfterReset', 'passwordModNotAllowed', 'mustSupplyOldPassword',
  'insufficientPasswordQuality', 'passwordTooShort', 'passwordTooYoung', 'passwordInHistory'] as const;
export type PolicyError = typeof ERRORS[number];

export interface PolicyResponse { timeBeforeExpiration?: number; graceAuthNsRemaining?: number; error?: PolicyError }

/** one BER element's tag, content and the offset after it; undefined when the bytes do not hold one */
function element(b: Buffer, at: number): { tag: number; body: Buffer; next: number } | undefined {
  if (at + 2 > b.length) return undefined;
  const tag = b[at];
  let len = b[at + 1], off = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n < 1 || n > 3 || off + n > b.length) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[off + i];
    off += n;
  }
  if (off + len > b.length) return undefined;
  return { tag, body: b.subarray(off, off + len), next: off + len };
}

const uint = (b: Buffer): number | undefined => (b.length >= 1 && b.length <= 4 ? b.reduce((n, x) => n * 256 + x, 0) : undefined);

/** PasswordPolicyResponseValue ::= SEQUENCE { warning [0] CHOICE { timeBeforeExpiration [0], graceAuthNsRemaining [1] } OPTIONAL, error [1] ENUMERATED OPTIONAL } */
export function parsePolicyResponse(value: Buffer): PolicyResponse {
  const out: PolicyResponse = {};
  const seq = element(value, 0);
  if (!seq || seq.tag !== 0x30) return out;
  for (let at = 0, e = element(seq.body, 0); e; at = e.next, e = element(seq.body, at)) {
    if (e.tag === 0xa0) {
      const w = element(e.body, 0);
      if (w?.tag === 0x80) out.timeBeforeExpiration = uint(w.body);
      else if (w?.tag === 0x81) out.graceAuthNsRemaining = uint(w.body);
    } else if (e.tag === 0x81) {
      const n = uint(e.body);
      if (n !== undefined && n < ERRORS.length) out.error = ERRORS[n];
    }
  }
  return out;
}

/**
 * The request control (no value) sent with a user's bind; the server's response control is parsed
 * into the same object (ldapts hands a response control to the request control of its type).
 */
export class PasswordPolicyControl extends Control {
  response?: PolicyResponse;
  constructor() { super(PPOLICY_OID, { critical: false }); }
  protected override parseControl(reader: { buffer: Buffer }): void {
    this.response = parsePolicyResponse(Buffer.from(reader.buffer.subarray(0, 64)));
  }
}

/** Active Directory's reason in a bind's diagnostic message: 532 expired, 773 must change */
export function adBindReason(message: string): 'expired' | 'must-change' | undefined {
  const m = /\bdata (532|773)\b/.exec(message);
  return m ? (m[1] === '532' ? 'expired' : 'must-change') : undefined;
}

const octets = (tag: number, v: Buffer): Buffer => {
  if (v.length > 0xffff) throw new Error('value too long');
  const len = v.length < 0x80 ? Buffer.from([v.length]) : v.length < 0x100 ? Buffer.from([0x81, v.length]) : Buffer.from([0x82, v.length >> 8, v.length & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, v]);
};

/** RFC 3062: PasswdModifyRequestValue ::= SEQUENCE { userIdentity [0], oldPasswd [1], newPasswd [2] } */
export function passwdModifyValue(dn: string, oldPassword: string, newPassword: string): Buffer {
  return octets(0x30, Buffer.concat([octets(0x80, Buffer.from(dn, 'utf8')), octets(0x81, Buffer.from(oldPassword, 'utf8')), octets(0x82, Buffer.from(newPassword, 'utf8'))]));
}

/** the Password Modify extended operation on a bound client (the server checks the old password) */
export async function passwdModify(client: Client, dn: string, oldPassword: string, newPassword: string): Promise<void> {
  await client.exop(PASSWD_MODIFY_OID, passwdModifyValue(dn, oldPassword, newPassword));
}

/** AD's unicodePwd: the password in double quotes, UTF-16LE */
const unicodePwd = (pw: string): Buffer => Buffer.from(`"${pw}"`, 'utf16le');

/**
 * Active Directory's change (not reset) of a user's password: one modify that deletes the old
 * unicodePwd value and adds the new one, which AD accepts only over an encrypted connection and
 * checks against the old password and the domain's policy.
 */
export async function adChangePassword(client: Client, dn: string, oldPassword: string, newPassword: string): Promise<void> {
  await client.modify(dn, [
    new Change({ operation: 'delete', modification: new Attribute({ type: 'unicodePwd', values: [unicodePwd(oldPassword)] }) }),
    new Change({ operation: 'add', modification: new Attribute({ type: 'unicodePwd', values: [unicodePwd(newPassword)] }) }),
  ]);
}
