// The `max-fail` failure table is bounded (issue 11, point 3): it holds configured users only, never
// a name an attacker typed for a user that does not exist, drops users removed from the config, and
// is capped whatever the configuration holds.
import { afterEach, describe, expect, it } from 'vitest';
import { LocalLockout } from '../../src/aaa/lockout.ts';
import { hashPassword } from '../../src/config/passwords.ts';
import { Shell } from '../shell/helpers.ts';
import { lockoutTable, startHeadend, stopAll } from './helpers.ts';

afterEach(() => stopAll());

describe('the failure table', () => {
  it('2,000 distinct 64 KB unknown usernames leave it empty', async () => {
    const h = await startHeadend({ gateway: false, ssh: false, extra: ['aaa local authentication attempts max-fail 3'] });
    const N = 2000;
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < N; i = next++) {
        const user = `${i}:`.padEnd(65536, 'x');
        // from many sources, as a botnet would, so that no throttle stops them before the check
        const r = await h.app.aaa.authenticate({
          user, password: 'guess', service: i % 2 ? 'vpn' : 'ssh', source: `10.${i >> 8}.${i & 255}.1`, tunnelGroup: 'DefaultWEBVPNGroup',
        });
        expect(r).toMatchObject({ ok: false, reason: 'no-such-user' });
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    expect(h.app.aaa.stats.dummyHashes).toBe(N);
    expect(h.app.aaa.lockout.size).toBe(0);
    expect(h.app.localAuth.lockedUsers()).toEqual([]);
    expect(await new Shell(h.app).run('show aaa local user')).toEqual(['Lock-time Failed-attempts Locked  User']);
  });

  it('holds configured users only: a user removed from the config leaves the table', async () => {
    const h = await startHeadend({ gateway: false, ssh: false });
    for (const user of ['op', 'op', 'ghost']) await h.app.aaa.authenticate({ user, password: 'x', service: 'ssh', source: '192.0.2.8' });
    expect([...(await lockoutTable(h)).entries()]).toEqual([['op', { failures: 2, locked: false }]]);
    await h.app.loadText('no username op', 'test');
    expect(await lockoutTable(h)).toEqual(new Map());
    expect(h.app.aaa.lockout.size).toBe(0);
  });

  it('is capped: a full table makes room from the oldest unlocked entry and keeps every lock', async () => {
    const hash = hashPassword('pw').hash;
    const users = Array.from({ length: 150 }, (_, i) => `username u${i} password ${hash} pbkdf2`);
    const h = await startHeadend({ gateway: false, ssh: false, extra: users });
    const t = new LocalLockout(() => h.app.config.model, 100);
    for (let i = 0; i < 150; i++) t.fail(`u${i}`);
    expect(t.size).toBe(100);
    expect(t.lockedUsers().map((r) => r.user)).toEqual(Array.from({ length: 100 }, (_, i) => `u${i + 50}`));
    // locked accounts are never forgotten to make room: a full table of locks records no more
    await h.app.loadText('aaa local authentication attempts max-fail 1', 'test');
    const locking = new LocalLockout(() => h.app.config.model, 10);
    for (let i = 0; i < 20; i++) locking.fail(`u${i}`);
    expect(locking.lockedUsers()).toEqual(Array.from({ length: 10 }, (_, i) => ({ user: `u${i}`, failures: 1, locked: true })));
  });
});
