// Issue 13 item 6: traffic through the tunnel. headend (forwarding plane on, one TUN `vpn0`) against
// ocserv (one tun per session), each in turn in the headend namespace of bench/throughput-net.ts,
// TLS only on both sides (ocserv has no udp-port; openconnect --no-dtls), the same openconnect and
// vpnc-script in the client namespaces, iperf3 servers in the inside namespace.
//
//   1. held sessions: N openconnect tunnels held (their tun left bare), the server's RSS/PSS per
//      session with forwarding on (headend) against ocserv's main + sec-mod + one worker per session;
//   2. iperf3 TCP through 1 tunnel and through T tunnels at once (one client namespace per tunnel),
//      client -> inside and inside -> client: Mbit/s, the server's CPU seconds per GB carried
//      (utime+stime of all its processes over the run), ping RTT p50/p99 through tunnel 1 while
//      loaded (ping -i 0.01 alongside iperf3);
//   3. the physical anchor, in the same run: one core's AES-256-GCM (`openssl speed -evp`).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { loadOrCreateIdentity } from '../src/gateway/tls.ts';
import { CLK_TCK, ROOT, ensureOcserv, ocservConfig, processTree, sample, type ProcSample } from './loadgen/servers.ts';
import { BenchNet, NET, TUNNEL_MTU, connectClient, netnsUnavailable, type VpnClient } from './throughput-net.ts';

export interface ThroughputOptions {
  /** iperf3 seconds per run */
  sec: number;
  /** how many tunnels at once, per run */
  tunnels: number[];
  /** held sessions for the memory figure (0: skip) */
  held: number;
  servers: Name[];
  /** a directory for headend's --cpu-prof output (profiling the per-packet path) */
  cpuProf?: string;
  /** an experiment: vpn0's txqueuelen once headend is up (the kernel's default is 500) */
  txqueuelen?: number;
  log: (l: string) => void;
}

type Name = 'headend' | 'ocserv';
type Dir = 'up' | 'down';
const DIRS: Dir[] = ['up', 'down'];
const DIR_LABEL: Record<Dir, string> = { up: 'client->inside', down: 'inside->client' };
const USER = 'bench';
const PASSWORD = 'BenchPass-1';
const IPERF_PORT = 5201;
const POOL = { first: '203.0.113.10', last: '203.0.113.250', network: '203.0.113.0', mask: '255.255.255.0' };

interface LoadFig { mbps: number; bytes: number; tunDrops: number; cpuSec: number; cpuSecPerGb: number; clientCpuSecPerGb: number; p50: number; p99: number; pingLoss: number; retransmits: number; failed: number }
interface HeldFig { n: number; rssKbPerSession: number; pssKbPerSession: number; rssMb: number; processes: number }
interface ServerRun { name: Name; held?: HeldFig; load: Map<string, LoadFig>; mtu?: number; cipher?: string; note?: string }

interface RunningServer { name: Name; pids(): number[]; stop(): Promise<void> }

function headendConfig(): string {
  return [
    'hostname headend',
    'interface GigabitEthernet0/0', ' nameif outside', ' security-level 0', ` ip address ${NET.headendOuter} 255.255.255.0`,
    'interface GigabitEthernet0/1', ' nameif inside', ' security-level 100', ` ip address ${NET.headendInside} 255.255.255.0`,
    `ip local pool bench_pool ${POOL.first}-${POOL.last} mask ${POOL.mask}`,
    `username ${USER} password ${PASSWORD}`,
    'webvpn', ' enable outside', ' anyconnect enable',
    'group-policy DfltGrpPolicy attributes', ' vpn-tunnel-protocol ssl-client', ' address-pools value bench_pool', ' vpn-simultaneous-logins 1000',
    '',
  ].join('\n');
}

async function until(cond: () => boolean, ms: number, what: string, alive: () => string | null): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (cond()) return;
    const dead = alive();
    if (dead) throw new Error(`${what}: ${dead}`);
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stopProc(proc: ReturnType<BenchNet['spawn']>, tree: number[]): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  // SIGTERM: headend stops its services and exits (writing its --cpu-prof profile), ocserv its workers
  proc.kill('SIGTERM');
  const exited = await Promise.race([new Promise<boolean>((r) => proc.once('exit', () => r(true))), new Promise<boolean>((r) => setTimeout(() => r(false), 15_000))]);
  if (!exited) for (const p of tree) { try { process.kill(p, 'SIGKILL'); } catch { /* gone */ } }
}

async function startHeadend(net: BenchNet, dir: string, cpuProf?: string): Promise<RunningServer> {
  writeFileSync(join(dir, 'boot.cfg'), headendConfig());
  const prof = cpuProf ? ['--cpu-prof', '--cpu-prof-dir', cpuProf] : [];
  const proc = net.spawn(net.headend, process.execPath, [...prof, join(ROOT, 'bin', 'headend.cjs'),
    '--state-dir', dir, '--config', join(dir, 'boot.cfg'), '--no-ssh', '--no-console', '--tun', 'vpn0'],
  { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HEADEND_TUN: '' } });
  let out = '';
  proc.stdout!.on('data', (c: Buffer) => { out = (out + c).slice(-10_000); });
  proc.stderr!.on('data', (c: Buffer) => { out = (out + c).slice(-10_000); });
  const dead = (): string | null => (proc.exitCode !== null || proc.signalCode !== null ? `headend exited: ${out.slice(-2000)}` : null);
  const gw = POOL.first.replace(/\.\d+$/, '.1');
  await until(() => net.listening(net.headend, 443) && net.exec(net.headend, 'ip', ['addr', 'show', 'dev', 'vpn0']).out.includes(`${gw}/24`), 120_000, 'headend on :443 with vpn0 up', dead);
  return { name: 'headend', pids: () => [proc.pid!], stop: () => stopProc(proc, [proc.pid!]) };
}

async function startOcserv(net: BenchNet, dir: string, certFile: string, keyFile: string): Promise<RunningServer> {
  const passwd = join(dir, 'ocpasswd');
  writeFileSync(passwd, '');
  execFileSync('ocpasswd', ['-c', passwd, USER], { input: `${PASSWORD}\n${PASSWORD}\n`, stdio: ['pipe', 'ignore', 'ignore'] });
  const conf = join(dir, 'ocserv.conf');
  // no udp-port in ocservConfig: TLS (CSTP) only, like openconnect --no-dtls
  // `mtu`: ocserv's link MTU, of which it offers 28 bytes less as the tunnel MTU: the one headend gives
  // openconnect (ocserv would otherwise offer 1472 here)
  writeFileSync(conf, ocservConfig({ dir, port: 443, listenHost: NET.headendOuter, network: POOL.network, netmask: POOL.mask, users: 1, password: PASSWORD, certFile, keyFile, maxClients: 2000 })
    + `mtu = ${TUNNEL_MTU + 28}\n`);
  const proc = net.spawn(net.headend, 'ocserv', ['-f', '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });
  let out = '';
  proc.stdout!.on('data', (c: Buffer) => { out = (out + c).slice(-10_000); });
  proc.stderr!.on('data', (c: Buffer) => { out = (out + c).slice(-10_000); });
  const dead = (): string | null => (proc.exitCode !== null || proc.signalCode !== null ? `ocserv exited: ${out.slice(-2000)}` : null);
  await until(() => net.listening(net.headend, 443), 30_000, 'ocserv on :443', dead);
  return { name: 'ocserv', pids: () => processTree(proc.pid!), stop: () => stopProc(proc, processTree(proc.pid!)) };
}

/** one core's AES-256-GCM in bytes/s, 16384-byte blocks (`openssl speed` prints 1000s of bytes/s) */
function aesAnchor(seconds: number): number {
  const r = spawnSync('openssl', ['speed', '-evp', 'aes-256-gcm', '-seconds', String(seconds), '-bytes', '16384'], { encoding: 'utf8', timeout: 60_000 });
  const m = /aes-256-gcm\s+([\d.]+)k/i.exec(r.stdout ?? '');
  return m ? Number(m[1]) * 1000 : NaN;
}

/** packets the kernel dropped at the server's TUN devices' queues (headend: vpn0; ocserv: vpns0, vpns1, ...) */
function tunDrops(net: BenchNet): number {
  const r = net.exec(net.headend, 'sh', ['-c', 'cat /sys/class/net/vpn*/statistics/tx_dropped 2>/dev/null']);
  return r.out.split(/\s+/).filter(Boolean).reduce((a, x) => a + Number(x), 0);
}

const pct = (sorted: number[], p: number): number => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);

async function connectAll(net: BenchNet, nss: string[], ifaces: string[], pin: string, vpncScript: boolean, work: string, tag: string, parallel = 10): Promise<VpnClient[]> {
  const out: VpnClient[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ifaces.length) {
      const i = next++;
      out[i] = await connectClient(net, nss[i], { pin, user: USER, password: PASSWORD, iface: ifaces[i], vpncScript, mark: join(work, `up-${tag}-${i}`) });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(parallel, ifaces.length) }, worker));
  } catch (e) {
    await Promise.all(out.filter(Boolean).map((c) => c.stop()));
    throw e;
  }
  return out;
}

/** iperf3 through `clients` at once (tunnel i to iperf3 server i), ping through the first alongside */
async function load(net: BenchNet, server: RunningServer, clients: VpnClient[], dir: Dir, sec: number): Promise<LoadFig> {
  const clientPids = (): number[] => clients.map((c) => c.proc.pid!).filter(Boolean);
  const ping = net.run(net.clients[0], 'ping', ['-n', '-i', '0.01', '-w', String(sec), NET.inside], (sec + 10) * 1000);
  const d0 = tunDrops(net);
  const a = sample(server.pids(), false);
  const ca = sample(clientPids(), false);
  const runs = await Promise.all(clients.map((_, i) => net.run(net.clients[i], 'iperf3',
    ['-c', NET.inside, '-p', String(IPERF_PORT + i), '-t', String(sec), '-J', ...(dir === 'down' ? ['-R'] : [])], (sec + 30) * 1000)));
  const b = sample(server.pids(), false);
  const cb = sample(clientPids(), false);
  const drops = tunDrops(net) - d0;
  const p = await ping;
  let bytes = 0, bps = 0, retransmits = 0, failed = 0;
  for (const r of runs) {
    try {
      const j = JSON.parse(r.out) as { end?: { sum_received?: { bytes: number; bits_per_second: number }; sum_sent?: { retransmits?: number } }; error?: string };
      if (!j.end?.sum_received) { failed++; continue; }
      bytes += j.end.sum_received.bytes;
      bps += j.end.sum_received.bits_per_second;
      retransmits += j.end.sum_sent?.retransmits ?? 0;
    } catch { failed++; }
  }
  const times = [...p.out.matchAll(/time=([\d.]+) ms/g)].map((m) => Number(m[1])).sort((x, y) => x - y);
  const tx = Number(/(\d+) packets transmitted/.exec(p.out)?.[1] ?? 0);
  const cpuSec = (b.cpuTicks - a.cpuTicks) / CLK_TCK;
  const clientCpu = (cb.cpuTicks - ca.cpuTicks) / CLK_TCK;
  const gb = bytes / 1e9;
  return {
    mbps: bps / 1e6, bytes, cpuSec, tunDrops: drops,
    cpuSecPerGb: gb > 0 ? cpuSec / gb : NaN,
    clientCpuSecPerGb: gb > 0 ? clientCpu / gb : NaN,
    p50: pct(times, 50), p99: pct(times, 99),
    pingLoss: tx ? 1 - times.length / tx : NaN,
    retransmits, failed,
  };
}

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function held(net: BenchNet, server: RunningServer, n: number, pin: string, work: string): Promise<HeldFig> {
  // one session up and down first: the idle figure then includes what the first login loads and
  // compiles (TLS, the tunnel's code), and the start-up's garbage has had time to be collected
  const warm = await connectAll(net, [net.clients[0]], ['w0'], pin, false, work, `warm-${server.name}`);
  await Promise.all(warm.map((c) => c.stop()));
  await delay(3000);
  const idle: ProcSample = sample(server.pids());
  const ifaces = Array.from({ length: n }, (_, i) => `h${i}`);
  const clients = await connectAll(net, ifaces.map(() => net.clients[0]), ifaces, pin, false, work, `held-${server.name}`);
  try {
    await delay(3000);
    const s = sample(server.pids());
    return { n, rssKbPerSession: (s.rssKb - idle.rssKb) / n, pssKbPerSession: (s.pssKb - idle.pssKb) / n, rssMb: s.rssKb / 1024, processes: s.pids };
  } finally {
    await Promise.all(clients.map((c) => c.stop()));
  }
}

export async function benchThroughput(opts: Partial<ThroughputOptions> = {}): Promise<void> {
  const o: ThroughputOptions = { sec: 10, tunnels: [1, 10], held: 100, servers: ['headend', 'ocserv'], log: console.log, ...opts };
  const log = o.log;
  log(`\n== throughput through the tunnel (iperf3 TCP, TLS only), ${new Date().toISOString()} ==`);
  const why = netnsUnavailable();
  if (why) { log(`  SKIPPED: network namespaces unavailable here: ${why}`); return; }
  const missing = ['iperf3', 'openconnect', 'openssl', 'ss'].filter((c) => spawnSync('sh', ['-c', `command -v ${c}`], { stdio: 'ignore' }).status !== 0);
  if (missing.length) { log(`  SKIPPED: missing ${missing.join(', ')}`); return; }
  const servers = o.servers.filter((s) => s !== 'ocserv' || ensureOcserv(log));
  log(`  machine: ${cpus().length} CPU (${cpus()[0]?.model.trim() ?? '?'}), load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}; node ${process.version}`);
  log(`  ${o.tunnels.join(' and ')} tunnel(s) at once, ${o.sec} s per iperf3 run, both directions; held sessions: ${o.held}`);
  const maxT = Math.max(...o.tunnels);
  const net = new BenchNet('tp', maxT);
  const work = mkdtempSync(join(tmpdir(), 'headend-throughput-'));
  chmodSync(work, 0o755);
  const hdir = join(work, 'headend');
  mkdirSync(hdir);
  const id = loadOrCreateIdentity(hdir);
  // ocserv gets headend's key and certificate: one pin for both
  const certFile = join(work, 'cert.pem'), keyFile = join(work, 'key.pem');
  writeFileSync(certFile, id.cert);
  writeFileSync(keyFile, id.key, { mode: 0o600 });
  const cleanup = (): void => { net.destroy(); rmSync(work, { recursive: true, force: true }); };
  const onSignal = (): void => { log('  interrupted: removing namespaces'); cleanup(); process.exit(130); };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', cleanup);
  const results: ServerRun[] = [];
  let anchor = NaN;
  try {
    net.create();
    for (let i = 0; i < maxT; i++) net.spawn(net.inside, 'iperf3', ['-s', '-p', String(IPERF_PORT + i)], { stdio: 'ignore' });
    await until(() => Array.from({ length: maxT }, (_, i) => IPERF_PORT + i).every((p) => net.listening(net.inside, p)), 10_000, 'iperf3 servers', () => null);
    anchor = aesAnchor(o.sec >= 10 ? 3 : 1);
    log(`  anchor: one core AES-256-GCM, 16384-byte blocks: ${(anchor * 8 / 1e6).toFixed(0)} Mbit/s (${(1e9 / anchor).toFixed(3)} CPU s/GB)`);
    for (const name of servers) {
      const run: ServerRun = { name, load: new Map() };
      results.push(run);
      const sdir = join(work, name);
      mkdirSync(sdir, { recursive: true });
      chmodSync(sdir, 0o755);
      const server = name === 'headend' ? await startHeadend(net, sdir, o.cpuProf) : await startOcserv(net, sdir, certFile, keyFile);
      if (name === 'headend' && o.txqueuelen) net.exec(net.headend, 'ip', ['link', 'set', 'dev', 'vpn0', 'txqueuelen', String(o.txqueuelen)]);
      try {
        if (o.held > 0) {
          run.held = await held(net, server, o.held, id.pin, work);
          log(`    ${name}: ${o.held} held: RSS ${run.held.rssMb.toFixed(0)} MB, ${run.held.rssKbPerSession.toFixed(1)} KB/session (PSS ${run.held.pssKbPerSession.toFixed(1)}), ${run.held.processes} processes`);
        }
        for (const t of o.tunnels) {
          const clients = await connectAll(net, net.clients.slice(0, t), net.clients.slice(0, t).map(() => 'tun0'), id.pin, true, work, `${name}-${t}`);
          try {
            run.mtu ??= Number(net.exec(net.clients[0], 'cat', ['/sys/class/net/tun0/mtu']).out.trim());
            run.cipher ??= /with ciphersuite (\S+)/.exec(clients[0].out())?.[1] ?? /SSL negotiation with .*|Connected to HTTPS.*/.exec(clients[0].out())?.[0];
            for (const d of DIRS) {
              const f = await load(net, server, clients, d, o.sec);
              run.load.set(`${t}/${d}`, f);
              log(`    ${name}: ${t} tunnel(s) ${DIR_LABEL[d]}: ${f.mbps.toFixed(0)} Mbit/s, server ${f.cpuSecPerGb.toFixed(2)} CPU s/GB, clients ${f.clientCpuSecPerGb.toFixed(2)} CPU s/GB, ping p50 ${f.p50.toFixed(2)} / p99 ${f.p99.toFixed(2)} ms (loss ${(f.pingLoss * 100).toFixed(1)} %), ${f.retransmits} retransmits, ${f.tunDrops} drops at the server's TUN queue${f.failed ? `, ${f.failed} iperf3 runs failed` : ''}, load average ${loadavg()[0].toFixed(1)}`);
            }
          } finally {
            await Promise.all(clients.map((c) => c.stop()));
          }
        }
      } catch (e) {
        run.note = (e as Error).message.split('\n').slice(0, 6).join(' | ');
        log(`    ${name}: failed: ${run.note}`);
      } finally {
        await server.stop();
      }
    }
  } finally {
    cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', cleanup);
  }
  printTable(log, results, anchor, o);
}

function printTable(log: (l: string) => void, results: ServerRun[], anchor: number, o: ThroughputOptions): void {
  const h = results.find((r) => r.name === 'headend');
  const oc = results.find((r) => r.name === 'ocserv');
  const anchorMbps = anchor * 8 / 1e6;
  const anchorSecPerGb = 1e9 / anchor;
  const w = 44;
  const num = (v: number | undefined, d: number): string => (v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(d));
  const ratio = (a: number | undefined, b: number | undefined, d = 2): string => (a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? (a / b).toFixed(d) : '-');
  const line = (label: string, a: number | undefined, b: number | undefined, d: number, vsAnchor?: number): void => {
    const dd = vsAnchor !== undefined && vsAnchor > 1000 ? 4 : 1;
    const anc = vsAnchor !== undefined ? `${ratio(a, vsAnchor, dd).padStart(9)} ${ratio(b, vsAnchor, dd).padStart(9)}` : '';
    log(`  ${label.padEnd(w)} ${num(a, d).padStart(9)} ${num(b, d).padStart(9)} ${ratio(a, b).padStart(9)} ${anc}`);
  };
  log('');
  log(`  ${'figure'.padEnd(w)} ${'headend'.padStart(9)} ${'ocserv'.padStart(9)} ${'h/ocserv'.padStart(9)} ${'h/anchor'.padStart(9)} ${'oc/anchor'.padStart(9)}`);
  for (const t of o.tunnels) {
    for (const d of DIRS) {
      const k = `${t}/${d}`;
      const a = h?.load.get(k), b = oc?.load.get(k);
      const label = `${t} tunnel${t > 1 ? 's' : ''} ${DIR_LABEL[d]}`;
      line(`${label}: Mbit/s`, a?.mbps, b?.mbps, 0, anchorMbps);
      line(`  server CPU s per GB`, a?.cpuSecPerGb, b?.cpuSecPerGb, 2, anchorSecPerGb);
      line(`  openconnect CPU s per GB`, a?.clientCpuSecPerGb, b?.clientCpuSecPerGb, 2);
      line(`  TCP retransmits (iperf3 senders)`, a?.retransmits, b?.retransmits, 0);
      line(`  drops at the server's TUN queue`, a?.tunDrops, b?.tunDrops, 0);
      line(`  ping RTT p50 ms (loaded, tunnel 1)`, a?.p50, b?.p50, 2);
      line(`  ping RTT p99 ms`, a?.p99, b?.p99, 2);
    }
  }
  if (o.held > 0) {
    line(`${o.held} held tunnels: RSS per session KB`, h?.held?.rssKbPerSession, oc?.held?.rssKbPerSession, 1);
    line(`  PSS per session KB`, h?.held?.pssKbPerSession, oc?.held?.pssKbPerSession, 1);
    line(`  RSS total MB`, h?.held?.rssMb, oc?.held?.rssMb, 0);
  }
  log(`  anchor: one core AES-256-GCM (openssl speed -evp, 16384 B): ${num(anchorMbps, 0)} Mbit/s = ${num(anchorSecPerGb, 3)} CPU s/GB`);
  for (const r of results) log(`  ${r.name}: client tun0 MTU ${r.mtu ?? '-'}, TLS ${r.cipher ?? '-'}${r.note ? `; FAILED: ${r.note}` : ''}`);
  log('  Mbit/s: iperf3 receiver, summed over the tunnels. CPU s per GB: utime+stime of the server\'s processes over the');
  log('  run (ocserv: main, sec-mod, workers) per 10^9 bytes carried. h/anchor: Mbit/s over one core\'s AES-GCM, and CPU');
  log('  s/GB over the anchor\'s (1 = the server spends only what encrypting the bytes once costs). Held tunnels: openconnect');
  log('  with a bare tun (no traffic), (held - idle) / N. Server, clients and iperf3 share the machine\'s cores.');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      sec: { type: 'string' },
      tunnels: { type: 'string' },
      held: { type: 'string' },
      servers: { type: 'string', default: 'headend,ocserv' },
      'cpu-prof': { type: 'string' },
      txqueuelen: { type: 'string' },
    },
  });
  const q = values.quick;
  await benchThroughput({
    sec: Number(values.sec ?? (q ? 3 : 10)),
    tunnels: (values.tunnels ?? (q ? '1,3' : '1,10')).split(',').map(Number).filter((n) => n > 0),
    held: Number(values.held ?? (q ? 20 : 100)),
    servers: values.servers!.split(',').filter((x): x is Name => x === 'headend' || x === 'ocserv'),
    cpuProf: values['cpu-prof'],
    txqueuelen: values.txqueuelen ? Number(values.txqueuelen) : undefined,
  });
  process.exit(0);
}
