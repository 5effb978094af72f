// The texts of headend's syslog messages against Cisco's "Cisco Secure Firewall ASA Series Syslog
// Messages" guide and real ASA logs of the same ids (issue 11, deliver 6). Sources:
// - 716039: the guide, "Messages 716001 to 716603": `%ASA-6-716039: Group name User user IP ip
//   Authentication: rejected, Session Type: session-type.`; a real log, `%ASA-6-716039: Group
//   <EXAMPLE> User <Username> IP <1.1.1.1> Authentication: rejected, Session Type: WebVPN.` (the
//   test samples of a public ASA log parser).
// - 113015: the guide: `%ASA-6-113015: AAA user authentication Rejected : reason = reason : local
//   database : user = user: user IP = xxx.xxx.xxx.xxx`; ASAs print ` : ` before `user IP` too, e.g.
//   `%ASA-6-113015: AAA user authentication Rejected : reason = Invalid password : local database :
//   user = admin : user IP = 203.0.113.12` and `reason = User was not found`.
// - 611101: `%ASA-6-611101: User authentication succeeded: IP address: 1.1.1.1, Uname: admin`.
// - 716002, 113019 reasons: `Connection Preempted` for a login over vpn-simultaneous-logins, `User
//   Requested` for a logout (113019's reason list).
import { describe, expect, it } from 'vitest';
import { M, formatMessage } from '../../src/log/syslog.ts';

describe('syslog message texts as an ASA prints them', () => {
  it('716039: Group <G> User <U> IP <A> Authentication: rejected, Session Type: WebVPN.', () => {
    expect(formatMessage(M.webvpnAuthRejected('EXAMPLE', 'Username', '1.1.1.1')))
      .toBe('%ASA-6-716039: Group <EXAMPLE> User <Username> IP <1.1.1.1> Authentication: rejected, Session Type: WebVPN.');
  });

  it('113015: reason, local database, user, user IP', () => {
    expect(formatMessage(M.authRejected('Invalid password', 'admin', '203.0.113.12')))
      .toBe('%ASA-6-113015: AAA user authentication Rejected : reason = Invalid password : local database : user = admin : user IP = 203.0.113.12');
    expect(formatMessage(M.authRejected('User was not found', 'admin', '198.51.100.77')))
      .toBe('%ASA-6-113015: AAA user authentication Rejected : reason = User was not found : local database : user = admin : user IP = 198.51.100.77');
  });

  it('611101: an SSH login', () => {
    expect(formatMessage(M.shellAuthOk('1.1.1.1', 'admin'))).toBe('%ASA-6-611101: User authentication succeeded: IP address: 1.1.1.1, Uname: admin');
  });
});
