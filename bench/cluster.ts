// Issue 15 item 6: VPN load balancing. Session set-up rate and held sessions through the cluster
// address of three headend members (one Redis) against one standalone headend, in the same run, and
// the Redis commands each login costs. Every headend is a daemon child on its own 127.x address;
// the load generator runs here and, for the cluster, does what openconnect does: it asks the cluster
// address, follows the director's 302 to a member, and logs in and CONNECTs there.
//
//   node --import tsx bench/cluster.ts [--sessions 600] [--concurrency 16]
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { loadOrCreateIdentity } from '../src/gateway/tls.ts';
import { hashPassword } from '../src/config/passwords.ts';
import { RedisServer } from '../test/helpers/redis.ts';
import { bounded, connectTunnel, HeldTunnel, login, type Target } from './loadgen/index.ts';
import { openTls } from './loadgen/anyconnect.ts';
import { canConnect, freePort, ROOT, waitFor } from './loadgen/servers.ts';

const NET = '127.77.0';
const CLUSTER_IP = `${NET}.100`;
const PASSWORD = 'Bench-pw-1';

interface Node { name: string; addr: string; dir: string; proc: ChildProcess }

function config(name: string, addr: string, n: number, port: number, users: number, cluster: { redis: string; priority: number } | null): string {
  const h = hashPassword(PASSWORD).hash;
  const lines = [
    `hostname ${name}`, 'interface GigabitEthernet0/0', ' nameif outside', ' security-level 0', ` ip address ${addr} 255.255.255.0`,
    `ip local pool p${n} 10.${n}.0.1-10.${n}.63.254 mask 255.255.192.0`,
    'webvpn', ` port ${port}`, ' enable outside', ' anyconnect enable',
    'group-policy DfltGrpPolicy attributes', ' vpn-tunnel-protocol ssl-client', ` address-pools value p${n}`, ' vpn-simultaneous-logins 3',
  ];
  for (let i = 0; i < users; i++) lines.push(`username u${i} password ${h} pbkdf2`);
  if (cluster) lines.push('vpn load-balancing', ' interface lbpublic outside', ` cluster ip address ${CLUSTER_IP}`, ` cluster database ${cluster.redis}`, ` priority ${cluster.priority}`, ' participate');
  return lines.join('\n') + '\n';
}

async function startNode(name: string, n: number, port: number, users: number, keys: string, cluster: { redis: string; priority: number } | null): Promise<Node> {
  const addr = `${NET}.${n}`;
  const dir = mkdtempSync(join(tmpdir(), `headend-bench-${name}-`));
  cpSync(join(keys, 'keys'), join(dir, 'keys'), { recursive: true });
  writeFileSync(join(dir, 'boot.cfg'), config(name, addr, n, port, users, cluster));
  const proc = spawn(process.execPath, [join(ROOT, 'bin/headend.cjs'), '--state-dir', dir, '--config', join(dir, 'boot.cfg'), '--no-console', '--no-ssh', '--tun', 'off'],
    { stdio: ['ignore', 'ignore', 'ignore'] });
  await waitFor(async () => {
    if (proc.exitCode !== null) throw new Error(`${name} exited`);
    return canConnect(addr, port);
  }, 120_000, `${name} on ${addr}:${port}`);
  return { name, addr, dir, proc };
}

const rssMb = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** what openconnect does at the cluster address: the director's answer to the first POST */
async function redirected(t: Target): Promise<Target> {
  const sock = await openTls(t);
  try {
    const body = '<?xml version="1.0" encoding="UTF-8"?>\n<config-auth client="vpn" type="init"><version who="vpn">v9.01</version></config-auth>';
    sock.write(`POST / HTTP/1.1\r\nHost: ${t.host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    const head = await new Promise<string>((resolve, reject) => {
      let acc = '';
      sock.on('data', (c: Buffer) => { acc += c.toString('latin1'); if (acc.includes('\r\n\r\n')) resolve(acc); });
      sock.once('close', () => reject(new Error(`closed before a redirect: ${acc.slice(0, 200)}`)));
    });
    const loc = /^Location: https:\/\/([^:/\r]+)(?::(\d+))?/mi.exec(head);
    if (!/^HTTP\/1\.1 302 /.test(head) || !loc) throw new Error(`no redirect: ${head.split('\r\n')[0]}`);
    return { ...t, host: loc[1], port: loc[2] ? Number(loc[2]) : 443 };
  } finally { sock.destroy(); }
}

interface Phase { ok: number; failed: number; ms: number; firstError?: string; held: HeldTunnel[]; perMember: Record<string, number> }

async function establish(count: number, concurrency: number, target: () => Promise<Target>): Promise<Phase> {
  const r: Phase = { ok: 0, failed: 0, ms: 0, held: [], perMember: {} };
  const t0 = performance.now();
  await bounded(count, concurrency, async (i) => {
    try {
      const t = await target();
      const l = await login(t, `u${i}`, PASSWORD);
      const { sock, params, early } = await connectTunnel(t, l.cookie, l, `bench-${i}`);
      r.held.push(new HeldTunnel(sock, i, l.cookie, params, early));
      r.perMember[t.host] = (r.perMember[t.host] ?? 0) + 1;
      r.ok++;
    } catch (e) { r.failed++; r.firstError ??= (e as Error).message; }
  });
  r.ms = performance.now() - t0;
  return r;
}

async function commands(r: Redis): Promise<number> {
  const info = await r.info('stats');
  return Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? 0);
}

export async function benchCluster(sessions = 600, concurrency = 16): Promise<void> {
  console.log(`\n== cluster (issue 15): ${sessions} sessions through the cluster address of 3 members vs one standalone headend`);
  const redis = await RedisServer.start();
  const keys = mkdtempSync(join(tmpdir(), 'headend-bench-keys-'));
  loadOrCreateIdentity(keys, 'cluster');
  const port = await freePort();
  const nodes: Node[] = [];
  const tick = setInterval(() => { const now = Date.now(); for (const p of phases) for (const t of p.held) t.tick(now); }, 500);
  const phases: Phase[] = [];
  const counter = new Redis(redis.url, { lazyConnect: false });
  try {
    // standalone first, alone on the machine
    const solo = await startNode('solo', 9, port, sessions, keys, null);
    nodes.push(solo);
    const s = await establish(sessions, concurrency, async () => ({ host: solo.addr, port }));
    phases.push(s);
    await new Promise((r) => setTimeout(r, 1000));
    const soloRss = rssMb(solo.proc.pid!);
    for (const t of s.held) t.destroy();
    solo.proc.kill('SIGKILL');

    for (const [name, n, pri] of [['lb1', 1, 9], ['lb2', 2, 7], ['lb3', 3, 5]] as const) {
      nodes.push(await startNode(name, n, port, sessions, keys, { redis: redis.url, priority: pri }));
    }
    await waitFor(async () => canConnect(CLUSTER_IP, port), 30_000, 'the director on the cluster address');
    // the heartbeat's own commands, measured while idle, are taken out of the login figure
    const idle0 = await commands(counter);
    const idleT0 = performance.now();
    await new Promise((r) => setTimeout(r, 3000));
    const idleRate = ((await commands(counter)) - idle0 - 1) / ((performance.now() - idleT0) / 1000);
    const c0 = await commands(counter);
    const c = await establish(sessions, concurrency, async () => redirected({ host: CLUSTER_IP, port }));
    phases.push(c);
    const rawCmds = (await commands(counter)) - c0 - 1;
    const loginCmds = rawCmds - idleRate * (c.ms / 1000);
    await new Promise((r) => setTimeout(r, 1000));
    const clusterRss = nodes.slice(1).map((x) => rssMb(x.proc.pid!));
    const rate = (p: Phase): number => p.ok / (p.ms / 1000);
    const keyCount = await counter.dbsize();
    const mem = Number(/used_memory:(\d+)/.exec(await counter.info('memory'))?.[1] ?? 0) / 1024 / 1024;
    console.log(`standalone: ${s.ok} sessions up in ${(s.ms / 1000).toFixed(1)} s = ${rate(s).toFixed(0)} sessions/s (failed ${s.failed}${s.firstError ? `: ${s.firstError}` : ''}); held ${s.held.length}, RSS ${soloRss.toFixed(0)} MB`);
    console.log(`cluster:    ${c.ok} sessions up in ${(c.ms / 1000).toFixed(1)} s = ${rate(c).toFixed(0)} sessions/s (failed ${c.failed}${c.firstError ? `: ${c.firstError}` : ''}); held ${c.held.length}, `
      + `per member ${Object.entries(c.perMember).map(([h, k]) => `${h}:${k}`).join(' ')}, RSS ${clusterRss.map((x) => x.toFixed(0)).join('/')} MB`);
    console.log(`ratio cluster/standalone sessions/s: ${(rate(c) / rate(s)).toFixed(2)} (3 members and the load generator share ${(await import('node:os')).cpus().length} CPUs)`);
    console.log(`Redis: ${(loginCmds / Math.max(1, c.ok)).toFixed(1)} commands per login (${(rawCmds / Math.max(1, c.ok)).toFixed(1)} with the heartbeats of the login phase; idle: ${idleRate.toFixed(1)} commands/s for 3 members), `
      + `${keyCount} keys, ${mem.toFixed(1)} MB used for ${c.held.length} sessions`);
  } finally {
    clearInterval(tick);
    for (const p of phases) for (const t of p.held) t.destroy();
    counter.disconnect();
    for (const x of nodes) { x.proc.kill('SIGKILL'); rmSync(x.dir, { recursive: true, force: true }); }
    await redis.stop();
    rmSync(keys, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { sessions: { type: 'string', default: '600' }, concurrency: { type: 'string', default: '16' } } });
  await benchCluster(Number(values.sessions), Number(values.concurrency));
  process.exit(0);
}
