// issue 14, item 6: administrators through RADIUS over SSH (`aaa authentication ssh console RAD
// LOCAL`), with the real OpenSSH client, headend as a daemon and a real FreeRADIUS on loopback: the
// server's user logs in at `>`, a local-only user is refused while the server answers, and LOCAL
// takes over once the server is gone.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { baseConfig, freePort, killAll, removeStateDirs, sshpass, startHeadend, stateDir } from '../helpers/ssh-headend.ts';
import { startFreeRadius, stopFreeRadiuses, type FreeRadius } from '../helpers/freeradius.ts';

const ADDR = '127.42.0.1';
const FROM = '127.42.0.9';
const SECRET = 'Ssh-Rad-1';
let fr: FreeRadius;

beforeAll(async () => {
  fr = await startFreeRadius({ secret: SECRET, users: [{ name: 'radadmin', password: 'Rad-admin-1' }] });
}, 30_000);
afterEach(killAll);
afterAll(async () => { await stopFreeRadiuses(); removeStateDirs(); });

describe('SSH login through RADIUS', () => {
  it('logs the server\'s user in at >, refuses a wrong password and a local-only user, and uses LOCAL once the server is down', async () => {
    const dir = stateDir();
    const port = await freePort(ADDR);
    const config = baseConfig(ADDR, [
      'aaa-server RAD protocol radius', ' max-failed-attempts 1',
      'aaa-server RAD (inside) host 127.0.0.1', ` key ${SECRET}`, ` authentication-port ${fr.authPort}`, ' timeout 2', ' retry-interval 1',
      'aaa authentication ssh console RAD LOCAL',
    ]);
    const d = await startHeadend({ dir, port, addr: ADDR, config });
    const ssh = (user: string, password: string, script: string) => sshpass({ password, user, host: ADDR, port, from: FROM }, script);
    const ok = await ssh('radadmin', 'Rad-admin-1', 'show curpriv\n');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('headend> show curpriv');
    expect(ok.stdout).toContain('Username : radadmin');
    expect(fr.log()).toMatch(/Login OK: \[radadmin\]/);
    expect((await ssh('radadmin', 'wrong', 'show curpriv\n')).code).not.toBe(0);
    // admin exists only locally: the server answers (reject), so LOCAL is not asked
    expect((await ssh('admin', 'adminpw', 'show curpriv\n')).code).not.toBe(0);
    expect(d.output()).toMatch(/113005: AAA user authentication Rejected : .*server = RAD : user = admin/);
    await fr.stop();
    const local = await ssh('admin', 'adminpw', 'show curpriv\n');
    expect(local.code).toBe(0);
    expect(local.stdout).toContain('Username : admin');
    expect(d.output()).toMatch(/113022: AAA Marking RADIUS server 127\.0\.0\.1 in aaa-server group RAD as FAILED/);
  }, 90_000);
});
