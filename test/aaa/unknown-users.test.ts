// Unknown users cost what known ones do (issue 11, point 7): every login attempt runs exactly one
// PBKDF2 of an ASA hash's cost, a dummy when the user does not exist (or cannot match), so the
// answer's time does not tell whether a username is configured. Counted through the service's
// `stats`, not timed.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from '../helpers/ssh-inproc.ts';
import { sshLogin, startHeadend, stopAll, vpnLogin, type Headend } from './helpers.ts';

afterEach(async () => {
  await cleanup();
  await stopAll();
});

/** what one call did to the service's PBKDF2 counters */
async function hashesOf(h: Headend, attempt: () => Promise<unknown>): Promise<{ hashes: number; dummyHashes: number }> {
  const before = { ...h.app.aaa.stats };
  await attempt();
  return { hashes: h.app.aaa.stats.hashes - before.hashes, dummyHashes: h.app.aaa.stats.dummyHashes - before.dummyHashes };
}

describe('an unknown user is answered after a dummy hash of the same cost', () => {
  it('over VPN: an unknown user runs the dummy PBKDF2, a known one its own', async () => {
    const h = await startHeadend({ gateway: true, ssh: false });
    expect(await hashesOf(h, () => vpnLogin(h, 'nosuchuser', 'x'))).toEqual({ hashes: 0, dummyHashes: 1 });
    expect(await hashesOf(h, () => vpnLogin(h, 'op', 'x'))).toEqual({ hashes: 1, dummyHashes: 0 });
    expect(await hashesOf(h, () => vpnLogin(h, 'op', 'oppass'))).toEqual({ hashes: 1, dummyHashes: 0 });
  });

  it('over SSH: the same', async () => {
    const h = await startHeadend({ gateway: false, ssh: true });
    expect(await hashesOf(h, () => sshLogin(h, 'nosuchuser', 'x'))).toEqual({ hashes: 0, dummyHashes: 1 });
    expect(await hashesOf(h, () => sshLogin(h, 'op', 'x'))).toEqual({ hashes: 1, dummyHashes: 0 });
    expect(await hashesOf(h, () => sshLogin(h, 'op', 'oppass'))).toEqual({ hashes: 1, dummyHashes: 0 });
  });

  it('a nopassword user, a malformed stored hash and a missing enable password also hash once', async () => {
    const h = await startHeadend({ gateway: false, ssh: false, extra: ['username np nopassword'] });
    const aaa = h.app.aaa;
    const vpn = (user: string, password: string) => () => aaa.authenticate({ user, password, service: 'vpn', source: '192.0.2.3', tunnelGroup: 'DefaultWEBVPNGroup' });
    expect(await hashesOf(h, vpn('np', 'x'))).toEqual({ hashes: 0, dummyHashes: 1 });
    h.app.config.model.usernames.get('op')!.password = { hash: '$sha512$0$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==', form: 'pbkdf2' };
    expect(await hashesOf(h, vpn('op', 'oppass'))).toEqual({ hashes: 0, dummyHashes: 1 });
    h.app.config.model.enable = undefined;
    expect(await hashesOf(h, () => aaa.authenticate({ user: 'enable_15', password: '', service: 'enable', source: 'console' }))).toEqual({ hashes: 0, dummyHashes: 1 });
  });

  it('a user deleted while the hash ran is refused, still after one hash', async () => {
    const h = await startHeadend({ gateway: false, ssh: false });
    const p = h.app.aaa.authenticate({ user: 'op', password: 'oppass', service: 'ssh', source: '192.0.2.4' });
    await h.app.loadText('no username op', 'test');
    expect(await p).toMatchObject({ ok: false, reason: 'no-such-user' });
    expect(h.app.aaa.stats).toEqual({ hashes: 1, dummyHashes: 0 });
  });
});
