// Configuration churn under load: 1,000 live AnyConnect sessions (the bench load generator) while
// group-policies, pools, tunnel-groups and aliases are added and removed through the product's apply
// path (configuration lines pasted into (config)#). No session that a change does not concern may
// drop; removing a pool with leases is refused until its sessions are gone.
//
// 1,000 addresses do not fit the documentation /24s, so the bulk pool is in 198.18.0.0/15 (RFC 2544,
// set aside for benchmarking); the pools the churn creates and removes are in 192.0.2.0/24 and
// 198.51.100.0/24.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/config/passwords.ts';
import { FRAME, LoadGen, startProduct, stopProducts, type Product } from '../helpers/loadgen.ts';
import { userName } from '../../bench/loadgen/servers.ts';

const PASSWORD = 'churn-pass';
const DEFAULT_N = 800;
const ENG_N = 200;

let p: Product;
let lgDefault: LoadGen;
let lgEng: LoadGen;

beforeAll(async () => {
  const h = hashPassword(PASSWORD).hash;
  p = await startProduct([
    'ip local pool bulk 198.18.0.10-198.18.7.250 mask 255.255.248.0',
    'ip local pool eng_pool 192.0.2.10-192.0.2.250 mask 255.255.255.0',
    ...Array.from({ length: DEFAULT_N + ENG_N + 50 }, (_, i) => `username ${userName(i)} password ${h} pbkdf2`),
    'group-policy DfltGrpPolicy attributes',
    ' vpn-tunnel-protocol ssl-client',
    ' address-pools value bulk',
    'group-policy GP_ENG internal',
    'group-policy GP_ENG attributes',
    ' vpn-tunnel-protocol ssl-client',
    ' address-pools value eng_pool',
    'tunnel-group DefaultWEBVPNGroup webvpn-attributes',
    ' group-alias default enable',
    'tunnel-group ENG type remote-access',
    'tunnel-group ENG general-attributes',
    ' default-group-policy GP_ENG',
    'tunnel-group ENG webvpn-attributes',
    ' group-alias eng enable',
    'webvpn',
    ' tunnel-group-list enable',
  ]);
  const base = { host: '127.0.0.1', port: p.port, concurrency: 48, timeoutMs: 60_000, credentials: (i: number) => ({ user: userName(i), password: PASSWORD }) };
  lgDefault = new LoadGen({ ...base, group: 'default' });
  lgEng = new LoadGen({ ...base, group: 'eng' });
  const [a, b] = await Promise.all([lgDefault.establish(DEFAULT_N, 0), lgEng.establish(ENG_N, DEFAULT_N)]);
  expect(a.ok, a.firstError).toBe(DEFAULT_N);
  expect(b.ok, b.firstError).toBe(ENG_N);
}, 240_000);

afterAll(async () => {
  lgDefault?.close();
  lgEng?.close();
  await stopProducts();
});

/** index → user, assigned address and tunnel of every session */
function snapshotSessions(): Map<number, string> {
  return new Map(p.gateway.sessions().map((s) => [s.index, `${s.user} ${s.tunnelGroup} ${s.assignedIp} ${s.tunnel ? 'tunnel' : 'no-tunnel'}`]));
}

/** every held tunnel answers a DPD request (the gateway still reads and answers each connection) */
async function allAnswerDpd(lg: LoadGen): Promise<void> {
  const before = new Map([...lg.live].map(([i, t]) => [i, t.counts.dpdResp]));
  for (const t of lg.live.values()) t.send(FRAME.DPD_REQ);
  await expect.poll(() => [...lg.live].filter(([i, t]) => t.counts.dpdResp > (before.get(i) ?? 0)).length, { timeout: 30_000, interval: 200 }).toBe(before.size);
}

describe('configuration churn with 1,000 live sessions', () => {
  it('the sessions are up: 800 in the bulk pool, 200 in the ENG pool', () => {
    const s = p.gateway.sessions();
    expect(s).toHaveLength(DEFAULT_N + ENG_N);
    expect(s.filter((x) => x.tunnelGroup === 'ENG' && x.assignedIp?.startsWith('192.0.2.'))).toHaveLength(ENG_N);
    expect(s.filter((x) => x.tunnelGroup === 'DefaultWEBVPNGroup' && x.assignedIp?.startsWith('198.18.'))).toHaveLength(DEFAULT_N);
    expect(s.every((x) => x.tunnel)).toBe(true);
  });

  it('adding and removing group-policies, pools, tunnel-groups and aliases drops no session', async () => {
    const before = snapshotSessions();
    for (let r = 0; r < 12; r++) {
      const pool = `tmp_pool${r}`;
      const gp = `GP_TMP${r}`;
      const tg = `TG_TMP${r}`;
      const alias = `tmp${r}`;
      expect(await p.configure([
        `ip local pool ${pool} 198.51.100.${10 + r * 10}-198.51.100.${19 + r * 10} mask 255.255.255.0`,
        `group-policy ${gp} internal`,
        `group-policy ${gp} attributes`,
        ' vpn-tunnel-protocol ssl-client',
        ` address-pools value ${pool}`,
        ' vpn-idle-timeout 45',
        `tunnel-group ${tg} type remote-access`,
        `tunnel-group ${tg} general-attributes`,
        ` default-group-policy ${gp}`,
        `tunnel-group ${tg} webvpn-attributes`,
        ` group-alias ${alias} enable`,
        // aliases come and go on the groups the live sessions use
        'tunnel-group ENG webvpn-attributes',
        ` group-alias eng-extra${r} enable`,
        'tunnel-group DefaultWEBVPNGroup webvpn-attributes',
        ` group-alias def-extra${r} enable`,
        // the policies of the live sessions change; established sessions keep what they logged in with
        'group-policy DfltGrpPolicy attributes',
        ` vpn-idle-timeout ${31 + r}`,
        'group-policy GP_ENG attributes',
        ` banner value churn round ${r}`,
      ])).toEqual([]);

      // a few sessions through the new group hold addresses of the new pool
      const lgTmp = new LoadGen({ host: '127.0.0.1', port: p.port, group: alias, concurrency: 4, credentials: (i) => ({ user: userName(i), password: PASSWORD }) });
      try {
        const t = await lgTmp.establish(3, DEFAULT_N + ENG_N + (r % 10) * 5);
        expect(t.ok, t.firstError).toBe(3);
        expect([...lgTmp.live.values()].every((x) => x.params.address.startsWith('198.51.100.'))).toBe(true);
        // its pool is in use: removing it is refused, and so is changing it
        const refused = await p.configure([`no ip local pool ${pool}`]);
        expect(refused.join('\n')).toMatch(/not allowed|in use/);
        expect(p.app.config.model.ipPools.has(pool)).toBe(true);
        expect((await p.configure([`ip local pool ${pool} 198.51.100.${10 + r * 10}-198.51.100.${15 + r * 10} mask 255.255.255.0`])).join('\n')).toMatch(/in use/);
        await lgTmp.logoffAll();
        await expect.poll(() => p.gateway.poolInUse(pool), { timeout: 10_000 }).toBe(false);
      } finally {
        lgTmp.close();
      }

      // now everything added this round can go
      expect(await p.configure([
        'tunnel-group ENG webvpn-attributes',
        ` no group-alias eng-extra${r} enable`,
        'tunnel-group DefaultWEBVPNGroup webvpn-attributes',
        ` no group-alias def-extra${r} enable`,
        `clear configure tunnel-group ${tg}`,
        `no group-policy ${gp}`,
        `no ip local pool ${pool}`,
      ])).toEqual([]);
      expect(p.app.config.model.ipPools.has(pool)).toBe(false);
      expect(p.app.config.model.groupPolicies.has(gp)).toBe(false);
      expect(p.app.config.model.tunnelGroups.has(tg)).toBe(false);

      // the pools of the live sessions cannot be removed, one by one or all at once
      for (const cmd of ['no ip local pool bulk', 'no ip local pool eng_pool', 'clear configure ip local pool']) {
        expect((await p.configure([cmd])).join('\n'), cmd).toMatch(/not allowed/);
      }
      expect(p.app.config.model.ipPools.has('bulk')).toBe(true);
      expect(p.app.config.model.ipPools.has('eng_pool')).toBe(true);
    }
    // the same 1,000 sessions, same indices, users, groups, addresses, tunnels
    expect(snapshotSessions()).toEqual(before);
    expect(lgDefault.live.size).toBe(DEFAULT_N);
    expect(lgEng.live.size).toBe(ENG_N);
    expect({ ...lgDefault.ended, ...lgEng.ended }).toEqual({});
    // and each of their connections is still served
    await allAnswerDpd(lgDefault);
    await allAnswerDpd(lgEng);
    // the established sessions kept the idle timeout they logged in with
    expect(new Set(p.gateway.sessions().map((s) => s.idleTimeoutMin))).toEqual(new Set([30]));
  }, 240_000);

  it('a change that concerns sessions ends only those: logging off a tunnel-group leaves the others', async () => {
    const before = snapshotSessions();
    expect(p.gateway.logoff({ tunnelGroup: 'ENG' })).toBe(ENG_N);
    await expect.poll(() => lgEng.live.size, { timeout: 30_000 }).toBe(0);
    expect(lgEng.ended).toEqual({ 'server-disconnect': ENG_N });
    // eng_pool is free now and can be removed; bulk still cannot
    expect(await p.configure(['group-policy GP_ENG attributes', ' no address-pools', 'no ip local pool eng_pool'])).toEqual([]);
    expect((await p.configure(['no ip local pool bulk'])).join('\n')).toMatch(/not allowed/);
    const after = snapshotSessions();
    expect([...after.keys()]).toEqual([...before].filter(([, v]) => !v.includes(' ENG ')).map(([k]) => k));
    expect(lgDefault.live.size).toBe(DEFAULT_N);
    await allAnswerDpd(lgDefault);
  }, 120_000);
});
