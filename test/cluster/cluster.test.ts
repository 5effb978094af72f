// issue 15, items 2-5: three headend processes on their own loopback addresses, one real
// redis-server, real openconnect clients. The clients connect to the cluster address and are sent
// to the members by the director; every member shows every session; a logoff typed on one member
// ends a session on another; vpn-simultaneous-logins holds across members; a member or the director
// SIGKILLed, and Redis restarted, are survived as an ASA cluster survives them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateIdentity } from '../../src/gateway/tls.ts';
import { killOpenConnects, startOpenConnect, type OpenConnectRun } from '../helpers/openconnect.ts';
import { RedisServer, haveRedis } from '../helpers/redis.ts';
import { startHeadendNode, untilOutput, type HeadendNode } from '../helpers/headend-node.ts';
import { memberConfig } from './member-config.ts';

const haveOc = (() => { try { return fs.existsSync('/usr/sbin/openconnect') || fs.existsSync('/usr/bin/openconnect'); } catch { return false; } })();
if (!haveRedis || !haveOc) console.warn('SKIPPED test/cluster/cluster: needs redis-server and openconnect');

const NET = `127.${61 + Math.floor(Math.random() * 60)}.${Math.floor(Math.random() * 200) + 10}`;
const CLUSTER_IP = `${NET}.100`;
const PORT = 20000 + Math.floor(Math.random() * 20000);
const HB = 300;

type Node = HeadendNode & { addr: string };

/** lb3 takes 50 sessions: its capacity in the cluster */
const LIMIT3 = 50;

async function startNode(name: string, n: number, priority: number, redis: RedisServer, keysFrom: string): Promise<Node> {
  const addr = `${NET}.${n}`;
  const config = memberConfig({
    name, addr, port: PORT, clusterIp: CLUSTER_IP, redis: redis.url, priority, pool: n,
    global: n === 3 ? [`vpn-sessiondb max-anyconnect-premium-or-essentials-limit ${LIMIT3}`] : [],
    policy: ['vpn-simultaneous-logins 1'],
    users: ['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'kim'].map((u) => `username ${u} password Pass-${u}-1`),
  });
  return { ...(await startHeadendNode(name, config, keysFrom, { HEADEND_CLUSTER_HEARTBEAT_MS: String(HB) })), addr };
}


/** user → session index, from `show vpn-sessiondb anyconnect` */
const indexes = (out: string): Map<string, number> => new Map([...out.matchAll(/^Username +: (\S+) +Index +: (\d+)$/gm)].map((m) => [m[1], Number(m[2])]));
const members = (out: string): string[] => [...out.matchAll(/^Member {7}: (\S+)$/gm)].map((m) => m[1]);
const userOn = (out: string, user: string): string | undefined => {
  for (const block of out.split(/\n\n/)) if (new RegExp(`^Username +: ${user} `, 'm').test(block)) return /^Member {7}: (\S+)$/m.exec(block)?.[1];
  return undefined;
};

describe.skipIf(!haveRedis || !haveOc)('VPN load balancing on one Redis', () => {
  let redis: RedisServer;
  let keys: string;
  let pin: string;
  const nodes: Node[] = [];
  const byName = (n: string): Node => nodes.find((x) => x.name === n)!;
  const clients = new Map<string, OpenConnectRun>();

  const connect = async (user: string, url = `https://${CLUSTER_IP}:${PORT}/`): Promise<OpenConnectRun> => {
    const oc = await startOpenConnect({ url, pin, user, password: `Pass-${user}-1` });
    await oc.tun!.env;
    clients.set(user, oc);
    return oc;
  };

  beforeAll(async () => {
    redis = await RedisServer.start();
    keys = fs.mkdtempSync(path.join(os.tmpdir(), 'headend-lb-keys-'));
    pin = loadOrCreateIdentity(keys, 'cluster').pin;
    // lb1 first and alone: it takes the director lease; the others join it
    nodes.push(await startNode('lb1', 1, 9, redis, keys));
    await untilOutput(nodes[0], 'show vpn load-balancing', (o) => /^Enabled +Director /m.test(o), 15_000);
    nodes.push(await startNode('lb2', 2, 7, redis, keys), await startNode('lb3', 3, 5, redis, keys));
  }, 120_000);

  afterEach(() => { /* clients live across the steps below; killed in afterAll */ });
  afterAll(async () => {
    await killOpenConnects();
    for (const n of nodes) n.stop();
    await redis?.stop();
    if (keys) fs.rmSync(keys, { recursive: true, force: true });
  });

  it('shows the three members, one director, in show vpn load-balancing on each', async () => {
    for (const n of nodes) {
      const out = await untilOutput(n, 'show vpn load-balancing', (o) => (o.match(/^(Director|Member) +\d+ {2}lb\d/gm) ?? []).length === 3, 15_000);
      expect(out).toMatch(new RegExp(`^Enabled +${n.name === 'lb1' ? 'Director' : 'Member'} +n/a +Disabled +2 +${CLUSTER_IP.replace(/\./g, '\\.')}$`, 'm'));
      expect(out).toMatch(/^Director +9 {2}lb1 /m);
      expect(out).toMatch(new RegExp(`^(Director|Member) +\\d+ {2}${n.name} +4 +${n.addr.replace(/\./g, '\\.')}\\*$`, 'm'));
      expect(out).toMatch(/Cluster database: redis:\/\/127\.0\.0\.1:\d+ \(reachable\)/);
      // each member's limit: lb3's configured one, the platform's (10000) for the others
      for (const m of nodes) {
        const limit = m.name === 'lb3' ? LIMIT3 : 10000;
        expect(out).toMatch(new RegExp(`^ +${limit} +0 +0% +10000 +0 +0% +${m.addr.replace(/\./g, '\\.')}\\*?$`, 'm'));
      }
    }
  }, 60_000);

  it('sends clients of the cluster address to the least-loaded members; every member shows every session', async () => {
    for (const u of ['u1', 'u2', 'u3']) await connect(u);
    for (const n of nodes) {
      const out = await untilOutput(n, 'show vpn-sessiondb anyconnect', (o) => members(o).length === 3, 15_000);
      expect(members(out).sort()).toEqual(['lb1', 'lb2', 'lb3']);
    }
    // each client was told its member's pool: the address proves where the tunnel is
    const where = await nodes[0].con.cmd('show vpn-sessiondb anyconnect');
    for (const u of ['u1', 'u2', 'u3']) {
      const m = userOn(where, u)!;
      const env = await clients.get(u)!.tun!.env;
      expect(env.INTERNAL_IP4_ADDRESS).toMatch(new RegExp(`^10\\.${m.slice(2)}\\.0\\.`));
    }
  }, 90_000);

  it('show vpn-sessiondb summary gives the cluster\'s figures on every member', async () => {
    for (const n of nodes) {
      const out = await untilOutput(n, 'show vpn-sessiondb', (o) => /^AnyConnect Client +: +3 : +3 : +3 : +0$/m.test(o), 10_000);
      expect(out).toMatch(/^Total Active and Inactive +: +3 +Total Cumulative : +3$/m);
      expect(out).toMatch(new RegExp(`^Device Total VPN Capacity +: +${2 * 10000 + LIMIT3}$`, 'm'));
      expect(out).toMatch(/^SSL-Tunnel +: +3 : +3 : +3$/m);
    }
  }, 30_000);

  it('session indexes are unique across the members, and the same on every member', async () => {
    const views = await Promise.all(nodes.map((n) => n.con.cmd('show vpn-sessiondb anyconnect')));
    const first = indexes(views[0]);
    expect(first.size).toBe(3);
    // each member numbers its first session: without cluster-wide numbering all three would be 1
    expect(new Set(first.values()).size).toBe(3);
    for (const v of views.slice(1)) expect(indexes(v)).toEqual(first);
  }, 30_000);

  it('vpn-sessiondb logoff index typed on lb1 ends a session living on lb3; an index no member holds ends none', async () => {
    const lb3 = byName('lb3');
    const oc = await connect('u4', `https://${lb3.addr}:${PORT}/`);
    const view = await untilOutput(nodes[0], 'show vpn-sessiondb anyconnect', (o) => userOn(o, 'u4') === 'lb3', 10_000);
    const index = indexes(view).get('u4')!;
    expect(index).toBeGreaterThan(0);
    // lb1's own sessions do not hold it: the session is ended by lb3, told through Redis
    expect((await nodes[0].con.cmd('show vpn-sessiondb anyconnect')).match(new RegExp(`Index +: ${index}$`, 'gm'))).toHaveLength(1);
    const out = await nodes[0].con.cmd(`vpn-sessiondb logoff index ${index} noconfirm`);
    expect(out).toContain('INFO: Number of sessions logged off : 1');
    await oc.waitExit(15_000);
    expect(oc.output).toMatch(/Administrator Reset|disconnect|terminat/i);
    clients.delete('u4');
    await untilOutput(byName('lb2'), 'show vpn-sessiondb anyconnect', (o) => userOn(o, 'u4') === undefined, 10_000);
    const none = Math.max(...indexes(view).values()) + 1000;
    const zero = await nodes[1].con.cmd(`vpn-sessiondb logoff index ${none} noconfirm`);
    expect(zero).toContain('INFO: Number of sessions logged off : 0');
    expect(members(await nodes[1].con.cmd('show vpn-sessiondb anyconnect')).length).toBe(3);
  }, 60_000);

  it('a logoff typed on lb1 ends the session wherever it lives, and its client sees it', async () => {
    const view = await nodes[0].con.cmd('show vpn-sessiondb anyconnect');
    const remote = ['u1', 'u2', 'u3'].find((u) => userOn(view, u) === 'lb3')!;
    expect(remote).toBeDefined();
    const out = await nodes[0].con.cmd(`vpn-sessiondb logoff name ${remote} noconfirm`);
    expect(out).toContain(`INFO: Number of sessions with name "${remote}" logged off : 1`);
    await clients.get(remote)!.waitExit(15_000);
    expect(clients.get(remote)!.output).toMatch(/Administrator Reset|disconnect|terminat/i);
    clients.delete(remote);
    await untilOutput(byName('lb2'), 'show vpn-sessiondb anyconnect', (o) => userOn(o, remote) === undefined && members(o).length === 2, 10_000);
  }, 60_000);

  it('vpn-simultaneous-logins 1 holds across members: a second login on lb3 preempts the one on lb2', async () => {
    const first = await connect('kim', `https://${byName('lb2').addr}:${PORT}/`);
    await untilOutput(nodes[0], 'show vpn-sessiondb anyconnect', (o) => userOn(o, 'kim') === 'lb2', 10_000);
    await connect('kim', `https://${byName('lb3').addr}:${PORT}/`);
    await first.waitExit(15_000);
    const out = await untilOutput(nodes[0], 'show vpn-sessiondb anyconnect', (o) => userOn(o, 'kim') === 'lb3', 10_000);
    expect(out.match(/^Username +: kim /gm)).toHaveLength(1);
  }, 60_000);

  it('Redis restarted mid-run: members keep their sessions, say so once, and resynchronise', async () => {
    const before = members(await nodes[0].con.cmd('show vpn-sessiondb anyconnect')).length;
    await redis.kill();
    await untilOutput(nodes[1], 'show vpn load-balancing', (o) => /Cluster database: .*\(unreachable/.test(o), 10_000);
    // the local view still serves: lb2 shows its own sessions
    expect(await nodes[1].con.cmd('show vpn-sessiondb anyconnect')).toMatch(/^Username/m);
    await new Promise((r) => setTimeout(r, 3 * HB));
    await redis.restart();
    const out = await untilOutput(nodes[1], 'show vpn-sessiondb anyconnect', (o) => members(o).length === before, 15_000);
    expect(members(out).length).toBe(before);
    for (const n of nodes) {
      expect(n.con.output.match(/%HEADEND-4-750001: Cluster database/g)).toHaveLength(1);
      expect(n.con.output).toMatch(/%HEADEND-6-750002: Cluster database redis:\/\/127\.0\.0\.1:\d+ reachable/);
    }
    // still connected all along
    for (const oc of clients.values()) expect(oc.exitCode).toBeUndefined();
  }, 60_000);

  it('a member SIGKILLed leaves the view with its sessions; the others are untouched', async () => {
    const lb3 = byName('lb3');
    // SIGKILL (and its state folder removed: it does not come back)
    lb3.stop();
    const out = await untilOutput(nodes[0], 'show vpn-sessiondb anyconnect', (o) => !members(o).includes('lb3'), 15_000);
    expect(members(out).length).toBeGreaterThan(0);
    await untilOutput(nodes[0], 'show vpn load-balancing', (o) => !/ lb3 /.test(o) && /^Enabled +Director +n\/a +Disabled +1 /m.test(o), 15_000);
    nodes.splice(nodes.indexOf(lb3), 1);
    for (const [u, oc] of clients) if (oc.exitCode !== undefined) clients.delete(u);
  }, 60_000);

  it('the director SIGKILLed: lb2 takes over the cluster address and new clients still get in', async () => {
    const lb1 = byName('lb1');
    lb1.stop();
    nodes.splice(nodes.indexOf(lb1), 1);
    const lb2 = byName('lb2');
    await untilOutput(lb2, 'show vpn load-balancing', (o) => /^Enabled +Director +n\/a +Disabled +0 /m.test(o), 15_000);
    await connect('u5');
    const out = await untilOutput(lb2, 'show vpn-sessiondb anyconnect', (o) => userOn(o, 'u5') === 'lb2', 10_000);
    expect(out).not.toMatch(/Member {7}: lb1/);
    // after the Redis restart and two deaths, still one index per session
    const idx = [...indexes(out).values()];
    expect(idx.length).toBeGreaterThan(1);
    expect(new Set(idx).size).toBe(idx.length);
  }, 60_000);
});
