// The pieces of LDAP password management that the slapd test cannot reach: Active Directory's bind
// diagnostics, a password policy control a server could send malformed, the RFC 3062 request's
// encoding, and the bounds of the pending changes (their old passwords are held in memory).
import { describe, expect, it } from 'vitest';
import { adBindReason, parsePolicyResponse, passwdModifyValue } from '../../src/aaa/ldap/ppolicy.ts';
import { PendingChanges } from '../../src/aaa/ldap/pending.ts';
import { adExpiresInSec } from '../../src/aaa/ldap/auth.ts';

describe('LDAP password policy pieces', () => {
  it('reads AD\'s data 532 (expired) and 773 (must change) from a bind\'s diagnostic message', () => {
    // the text AD returns with result 49 (Microsoft, "LDAP error codes"; the data code is the Win32 error:
    // 532 ERROR_PASSWORD_EXPIRED, 773 ERROR_PASSWORD_MUST_CHANGE, 52e bad password)
    expect(adBindReason('80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 532, v4563 Code: 0x31')).toBe('expired');
    expect(adBindReason('80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 773, v4563 Code: 0x31')).toBe('must-change');
    expect(adBindReason('80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 52e, v4563 Code: 0x31')).toBeUndefined();
  });

  it('reads AD\'s msDS-UserPasswordExpiryTimeComputed (FILETIME) as seconds left; never-expiring and junk as unknown', () => {
    const now = Date.UTC(2026, 11, 2, 0, 0, 0);
    const ft = (BigInt(now / 1000 + 3 * 86_400) + 11_644_473_600n) * 10_000_000n;
    expect(adExpiresInSec(String(ft), now)).toBe(3 * 86_400);
    expect(adExpiresInSec([Buffer.from(String(ft))], now)).toBe(3 * 86_400);
    for (const v of ['0', '9223372036854775807', 'abc', '', undefined, '1'.repeat(40)]) expect(adExpiresInSec(v, now)).toBeUndefined();
  });

  it('parses the policy response control (draft-behera) and takes nothing from malformed bytes', () => {
    expect(parsePolicyResponse(Buffer.from('30038101' + '00', 'hex'))).toEqual({ error: 'passwordExpired' });
    expect(parsePolicyResponse(Buffer.from('3003810102', 'hex'))).toEqual({ error: 'changeAfterReset' });
    expect(parsePolicyResponse(Buffer.from('3005a003810102', 'hex'))).toEqual({ graceAuthNsRemaining: 2 });
    expect(parsePolicyResponse(Buffer.from('3006a0048002012c', 'hex'))).toEqual({ timeBeforeExpiration: 300 });
    for (const hex of ['', '30', '3005a0038101', '30ff810100', '3003810163', '3084ffffffff', '0403810100']) {
      expect(parsePolicyResponse(Buffer.from(hex, 'hex'))).toEqual({});
    }
  });

  it('encodes the Password Modify request as RFC 3062 says', () => {
    expect(passwdModifyValue('uid=a', 'o', 'n').toString('hex')).toBe('300d' + '8005' + Buffer.from('uid=a').toString('hex') + '81016f' + '82016e');
  });

  it('holds at most cap pending changes, each for ttl, each used once by its own group and user', () => {
    let now = 0;
    const p = new PendingChanges(3, 1000, () => now);
    const c = (user: string) => ({ group: 'G', host: 'h', user, dn: `uid=${user}`, oldPassword: 'x', ad: false, reason: 'expired' as const });
    const tokens = ['a', 'b', 'c', 'd'].map((u) => p.add(c(u)));
    expect(p.size).toBe(3);
    expect(p.takeFor(tokens[0], 'G', 'a')).toBeUndefined();
    expect(p.takeFor(tokens[1], 'G', 'x')).toBeUndefined();
    expect(p.takeFor(tokens[1], 'G', 'b')).toBeUndefined();
    expect(p.takeFor(tokens[2], 'G', 'c')?.dn).toBe('uid=c');
    expect(p.takeFor(tokens[2], 'G', 'c')).toBeUndefined();
    now = 1001;
    expect(p.takeFor(tokens[3], 'G', 'd')).toBeUndefined();
  });
});
