// The per-source throttle of failed logins (issue 11, point 8), after ocserv's ban score: a source
// guessing one account is throttled for it, a source spraying many names is throttled for all, and
// neither ever shuts out another source; a throttled source adds no failure to any account; scores
// decay; memory is bounded.
import { afterEach, describe, expect, it } from 'vitest';
import { AaaService } from '../../src/aaa/service.ts';
import { SourceThrottle, sourceKey, THROTTLE_DEFAULTS } from '../../src/aaa/throttle.ts';
import { cleanup } from '../helpers/ssh-inproc.ts';
import { lockoutTable, portalLogin, sshLogin, startHeadend, stopAll, vpnLogin } from './helpers.ts';

afterEach(async () => {
  await cleanup();
  await stopAll();
});

/** failures from one source for one name before it is throttled (80 points, 10 each) */
const PER_NAME = THROTTLE_DEFAULTS.userMaxScore / THROTTLE_DEFAULTS.failPoints;
/** failures from one source, all names together */
const PER_SOURCE = THROTTLE_DEFAULTS.sourceMaxScore / THROTTLE_DEFAULTS.failPoints;

describe('per-source throttle over the real services', () => {
  it('VPN: source A hammering admin gets throttled; source B logs in as admin fine', async () => {
    const h = await startHeadend({ gateway: true, ssh: false });
    const A = '127.43.0.10', B = '127.43.0.11';
    for (let i = 0; i < PER_NAME; i++) expect(await vpnLogin(h, 'admin', `guess-${i}`, A)).toBe(false);
    // A is throttled for admin: even the right password is not checked
    const hashes = h.app.aaa.stats.hashes;
    expect(await vpnLogin(h, 'admin', 'adminpw', A)).toBe(false);
    expect(await portalLogin(h, 'admin', 'adminpw', A)).toBe(false);
    expect(h.app.aaa.stats.hashes).toBe(hashes);
    // B is not: a legitimate admin elsewhere is never locked out by A's failures
    expect(await vpnLogin(h, 'admin', 'adminpw', B)).toBe(true);
    expect(await portalLogin(h, 'admin', 'adminpw', B)).toBe(true);
    // and A's colleague behind the same address logs in as another user
    expect(await vpnLogin(h, 'op', 'oppass', A)).toBe(true);
  });

  it('SSH: the same, and SSH and VPN failures from one address add up', async () => {
    const h = await startHeadend({ gateway: true, ssh: true });
    const A = '127.44.0.10', B = '127.44.0.11';
    for (let i = 0; i < PER_NAME - 2; i++) expect(await sshLogin(h, 'admin', `guess-${i}`, A)).toBe(false);
    // the portal and AnyConnect share the throttle with SSH (by source address, not by interface)
    for (let i = 0; i < 2; i++) expect(await portalLogin(h, 'admin', `guess-p${i}`, A)).toBe(false);
    expect(await sshLogin(h, 'admin', 'adminpw', A)).toBe(false);
    expect(await sshLogin(h, 'admin', 'adminpw', B)).toBe(true);
    expect(h.logs.join('\n')).toContain('too many failed logins from 127.44.0.10');
  });

  it('a throttled source adds no failures to any account: max-fail counts stop, another source logs in', async () => {
    const h = await startHeadend({ gateway: true, ssh: false, extra: ['aaa local authentication attempts max-fail 16'] });
    const A = '127.43.0.20', B = '127.43.0.21';
    for (let i = 0; i < PER_NAME + 10; i++) expect(await vpnLogin(h, 'op', `guess-${i}`, A)).toBe(false);
    expect((await lockoutTable(h)).get('op')).toEqual({ failures: PER_NAME, locked: false });
    expect(await vpnLogin(h, 'op', 'oppass', B)).toBe(true);
  });
});

describe('the throttle in the service (a clock of our own)', () => {
  async function service() {
    const h = await startHeadend({ gateway: false, ssh: false, extra: ['aaa local authentication attempts max-fail 16'] });
    let now = 1_000_000;
    const aaa = new AaaService(() => h.app.config.model, { throttle: { now: () => now } });
    const tryAs = (user: string, password: string, source: string) => aaa.authenticate({ user, password, service: 'vpn', source, tunnelGroup: 'DefaultWEBVPNGroup' });
    return { aaa, tryAs, advance: (ms: number) => { now += ms; } };
  }

  it('a source spraying names is throttled for every name, its own correct password included; others are not', async () => {
    const { tryAs } = await service();
    for (let i = 0; i < PER_SOURCE; i++) expect(await tryAs(`user${i}`, 'Summer2026', '198.51.100.7')).toMatchObject({ ok: false, reason: 'no-such-user' });
    expect(await tryAs('op', 'oppass', '198.51.100.7')).toMatchObject({ ok: false, reason: 'throttled' });
    expect(await tryAs('op', 'oppass', '198.51.100.8')).toMatchObject({ ok: true });
  });

  it('scores decay: after the ban a source may try again, and is throttled again after a failure or two', async () => {
    const { tryAs, advance } = await service();
    const S = '198.51.100.9';
    for (let i = 0; i < PER_NAME; i++) await tryAs('admin', 'x', S);
    expect(await tryAs('admin', 'adminpw', S)).toMatchObject({ reason: 'throttled' });
    advance(THROTTLE_DEFAULTS.banMs - 1000);
    expect(await tryAs('admin', 'adminpw', S)).toMatchObject({ reason: 'throttled' });
    advance(1000);
    // 300 s decayed a quarter of the score: two failures' worth of room, no free window
    expect(await tryAs('admin', 'x', S)).toMatchObject({ reason: 'bad-password' });
    expect(await tryAs('admin', 'x', S)).toMatchObject({ reason: 'bad-password' });
    expect(await tryAs('admin', 'adminpw', S)).toMatchObject({ reason: 'throttled' });
    // a whole ban-reset-time later the slate is clean
    advance(THROTTLE_DEFAULTS.resetMs + THROTTLE_DEFAULTS.banMs);
    expect(await tryAs('admin', 'adminpw', S)).toMatchObject({ ok: true });
  });

  it('a good password starts that name\'s count again (a user with typos is not throttled for them)', async () => {
    const { tryAs } = await service();
    const S = '198.51.100.10';
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < PER_NAME - 1; i++) expect(await tryAs('op', 'typo', S)).toMatchObject({ reason: 'bad-password' });
      expect(await tryAs('op', 'oppass', S)).toMatchObject({ ok: true });
    }
  });

  it('concurrent guesses cannot overshoot the limit for a name', async () => {
    const { aaa, tryAs } = await service();
    const S = '198.51.100.11';
    const rs = await Promise.all(Array.from({ length: 50 }, (_, i) => tryAs('op', `g${i}`, S)));
    expect(rs.filter((r) => !r.ok && r.reason === 'bad-password')).toHaveLength(PER_NAME);
    expect(rs.filter((r) => !r.ok && r.reason === 'throttled')).toHaveLength(50 - PER_NAME);
    expect(aaa.lockout.lockedUsers()).toEqual([{ user: 'op', failures: PER_NAME, locked: false }]);
  });
});

describe('bounded memory', () => {
  it('caps the sources (least recently seen dropped) and the names per source, and expires what has decayed', () => {
    let now = 0;
    const t = new SourceThrottle({ now: () => now });
    for (let i = 0; i < 20_000; i++) t.admit(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, 'admin')!.failed();
    expect(t.size).toBe(THROTTLE_DEFAULTS.maxSources);
    // one source, many long names: at most maxNamesPerSource of them, each a digest
    const S = '203.0.113.5';
    for (let i = 0; i < 1000; i++) {
      const ticket = t.admit(S, `${i}`.padEnd(65536, 'n'));
      if (!ticket) { now += 60_000; continue; }
      ticket.failed();
    }
    expect(t.namesTracked(S)).toBeLessThanOrEqual(THROTTLE_DEFAULTS.maxNamesPerSource);
    now += THROTTLE_DEFAULTS.resetMs * 5;
    t.sweep();
    expect(t.size).toBe(0);
  });

  it('keys IPv4-mapped addresses as IPv4 and IPv6 by /64', () => {
    expect(sourceKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(sourceKey('2001:db8:1:2:aaaa::1')).toBe(sourceKey('2001:db8:1:2:bbbb::2'));
    expect(sourceKey('2001:db8:1:2::1')).not.toBe(sourceKey('2001:db8:1:3::1'));
    expect(sourceKey('x'.repeat(70000)).length).toBeLessThan(100);
  });
});
