// The two servers under load, as child processes on 127.0.0.1: headend (the product, `bin/headend.cjs
// --no-console` with a generated running-config) and ocserv (a generated ocserv.conf with plain-file
// authentication). Plus what the benchmark reads of them in /proc.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { canConnect, waitFor } from './net.ts';
import { join, resolve } from 'node:path';
import { hashPassword } from '../../src/config/passwords.ts';

export const ROOT = resolve(import.meta.dirname, '../..');

export { freePort, canConnect, waitFor } from './net.ts';

export const userName = (i: number): string => `lg${String(i).padStart(5, '0')}`;

// ---- /proc -------------------------------------------------------------------------------------

export const CLK_TCK = (() => {
  try { return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100; } catch { return 100; }
})();

function readProc(pid: number, file: string): string | null {
  try { return readFileSync(`/proc/${pid}/${file}`, 'utf8'); } catch { return null; }
}

/** fields after the `(comm)` of /proc/PID/stat: [0] = state, [1] = ppid, [11] = utime, [12] = stime */
function statFields(pid: number): string[] | null {
  const s = readProc(pid, 'stat');
  if (!s) return null;
  return s.slice(s.lastIndexOf(')') + 2).split(' ');
}

/** `pid` and all its descendants */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    const f = statFields(+e);
    if (!f) continue;
    const pp = +f[1];
    const l = children.get(pp);
    if (l) l.push(+e); else children.set(pp, [+e]);
  }
  const out: number[] = [];
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    out.push(p);
    stack.push(...(children.get(p) ?? []));
  }
  return out;
}

export interface ProcSample {
  pids: number;
  /** summed VmRSS, KiB (counts pages shared between ocserv's processes once per process) */
  rssKb: number;
  /** summed Pss from smaps_rollup, KiB (shared pages split between the sharers) */
  pssKb: number;
  /** summed utime + stime, clock ticks, plus cutime + cstime of the first pid (its exited children) */
  cpuTicks: number;
  at: number;
}

export function sample(pids: number[], withPss = true): ProcSample {
  let rssKb = 0, pssKb = 0, cpuTicks = 0, n = 0;
  // ocserv's workers that already exited (cycled sessions) were reaped by the main process
  const root = pids.length ? statFields(pids[0]) : null;
  if (root) cpuTicks += Number(root[13]) + Number(root[14]);
  for (const pid of pids) {
    const st = readProc(pid, 'status');
    const f = statFields(pid);
    if (!st || !f) continue;
    n++;
    rssKb += Number(/^VmRSS:\s+(\d+)/m.exec(st)?.[1] ?? 0);
    cpuTicks += Number(f[11]) + Number(f[12]);
    if (withPss) pssKb += Number(/^Pss:\s+(\d+)/m.exec(readProc(pid, 'smaps_rollup') ?? '')?.[1] ?? 0);
  }
  return { pids: n, rssKb, pssKb, cpuTicks, at: performance.now() };
}

/** CPU % of one core between two samples (utime+stime delta over wall time) */
export function cpuPercent(a: ProcSample, b: ProcSample): number {
  const sec = (b.at - a.at) / 1000;
  return sec > 0 ? ((b.cpuTicks - a.cpuTicks) / CLK_TCK / sec) * 100 : 0;
}

// ---- running servers ---------------------------------------------------------------------------

export interface Server {
  name: 'headend' | 'ocserv';
  port: number;
  proc: ChildProcess;
  /** the server's processes now (ocserv: main, sec-mod and one worker per connection) */
  pids(): number[];
  output(): string;
  /** how the process ended, when it ended before stop() ("exit code 1", "signal SIGSEGV"); null while it runs */
  died(): string | null;
  stop(): Promise<void>;
}

const live = new Set<Server>();
process.once('exit', () => { for (const s of live) { try { s.proc.kill('SIGKILL'); } catch { /* gone */ } } });

/** the soft fd limit a child can get here (the hard limit; no CAP_SYS_RESOURCE to go above it) */
export function hardNofile(): number {
  const r = spawnSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' });
  const n = Number(r.stdout.trim());
  return Number.isFinite(n) && n > 0 ? n : 1024;
}

function spawnBounded(name: Server['name'], cmd: string, port: number, cwd: string, treeOf: (pid: number) => number[], stopSignal: NodeJS.Signals): Server {
  // `ulimit -n` then exec: the server keeps the shell's pid and gets the raised limit
  const proc = spawn('sh', ['-c', `ulimit -n ${Math.min(65536, hardNofile())}; exec ${cmd}`], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (s: string): void => { out = (out + s).slice(-20_000); };
  proc.stdout!.setEncoding('utf8').on('data', keep);
  proc.stderr!.setEncoding('utf8').on('data', keep);
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  let stopping = false;
  const s: Server = {
    name, port, proc,
    pids: () => treeOf(proc.pid!),
    output: () => out,
    died: () => {
      if (stopping || (proc.exitCode === null && proc.signalCode === null)) return null;
      const tail = out.split('\n').filter((l) => l.trim() && !/^note:/.test(l)).slice(-8).join(' | ');
      return `${proc.signalCode ? `signal ${proc.signalCode}` : `exit code ${proc.exitCode}`}${tail ? `; last output: ${tail}` : ''}`;
    },
    stop: async () => {
      stopping = true;
      live.delete(s);
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const tree = treeOf(proc.pid!);
      proc.kill(stopSignal);
      const t = setTimeout(() => { for (const p of tree) { try { process.kill(p, 'SIGKILL'); } catch { /* gone */ } } }, 15_000);
      await exited;
      clearTimeout(t);
      // ocserv's workers end with the main process; make sure none is left behind
      await waitFor(() => tree.every((p) => readProc(p, 'stat') === null || statFields(p)?.[0] === 'Z'), 10_000, `${name} processes to exit`).catch(() => {
        for (const p of tree) { try { process.kill(p, 'SIGKILL'); } catch { /* gone */ } }
      });
    },
  };
  live.add(s);
  return s;
}

export interface HeadendSetup {
  dir: string;
  port: number;
  sshPort: number;
  /** pool range (first-last) and mask */
  pool: { first: string; last: string; mask: string };
  users: number;
  password: string;
  keepaliveSec?: number;
  dpdSec?: number;
  simultaneousLogins?: number;
  extra?: string[];
}

export function headendConfig(o: HeadendSetup): string {
  // one hash for everybody (PBKDF2, as `username … password` stores it): boot stays fast at 10,000 users
  const h = hashPassword(o.password).hash;
  const lines = [
    'hostname headend',
    'interface GigabitEthernet0/0',
    ' nameif outside',
    ' security-level 0',
    ' ip address 127.0.0.1 255.0.0.0',
    '!',
    `ip local pool bench_pool ${o.pool.first}-${o.pool.last} mask ${o.pool.mask}`,
    'username admin password adminpw privilege 15',
  ];
  for (let i = 0; i < o.users; i++) lines.push(`username ${userName(i)} password ${h} pbkdf2`);
  lines.push(
    'webvpn',
    ` port ${o.port}`,
    ' enable outside',
    ' anyconnect enable',
    'group-policy DfltGrpPolicy attributes',
    ' vpn-tunnel-protocol ssl-client',
    ' address-pools value bench_pool',
    ` vpn-simultaneous-logins ${o.simultaneousLogins ?? 3}`,
    ' webvpn',
    `  anyconnect ssl keepalive ${o.keepaliveSec ?? 20}`,
    `  anyconnect dpd-interval client ${o.dpdSec ?? 30}`,
    `  anyconnect dpd-interval gateway ${o.dpdSec ?? 30}`,
    ...(o.extra ?? []),
    '',
  );
  return lines.join('\n');
}

/** headend as a daemon; resolves when the gateway accepts TCP */
export async function startHeadend(o: HeadendSetup): Promise<Server> {
  mkdirSync(o.dir, { recursive: true });
  const cfg = join(o.dir, 'boot.cfg');
  writeFileSync(cfg, headendConfig(o));
  const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const cmd = `${q(process.execPath)} ${q(join(ROOT, 'bin/headend.cjs'))} --state-dir ${q(o.dir)} --config ${q(cfg)} --no-console --ssh-port ${o.sshPort}`;
  const s = spawnBounded('headend', cmd, o.port, ROOT, (pid) => [pid], 'SIGTERM');
  try {
    await waitFor(async () => {
      if (s.proc.exitCode !== null) throw new Error(`headend exited: ${s.output()}`);
      return canConnect('127.0.0.1', o.port);
    }, 120_000, `headend on 127.0.0.1:${o.port}`);
  } catch (e) {
    await s.stop();
    throw e;
  }
  return s;
}

export function haveOcserv(): boolean {
  return spawnSync('sh', ['-c', 'command -v ocserv && command -v ocpasswd'], { stdio: 'ignore' }).status === 0;
}

/** installs Debian's ocserv when missing and root (`apt-get update` once first); false when it cannot */
export function ensureOcserv(log: (l: string) => void): boolean {
  if (haveOcserv()) return true;
  if (process.getuid?.() !== 0) { log('ocserv is not installed and this is not root: not installing it'); return false; }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  log('installing ocserv (apt-get update; apt-get install ocserv)');
  const u = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env, timeout: 300_000 });
  if (u.status !== 0) return false;
  const i = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'ocserv'], { stdio: 'inherit', env, timeout: 600_000 });
  return i.status === 0 && haveOcserv();
}

export interface OcservSetup {
  dir: string;
  port: number;
  /** ipv4-network / netmask */
  network: string;
  netmask: string;
  users: number;
  password: string;
  /** PEM files (the benchmark gives ocserv headend's own key and certificate) */
  certFile: string;
  keyFile: string;
  keepaliveSec?: number;
  dpdSec?: number;
  maxClients?: number;
  /** the address ocserv listens on (default 127.0.0.1) */
  listenHost?: string;
}

export function ocservConfig(o: OcservSetup): string {
  return [
    `auth = "plain[passwd=${join(o.dir, 'ocpasswd')}]"`,
    `listen-host = ${o.listenHost ?? '127.0.0.1'}`,
    `tcp-port = ${o.port}`,
    // no udp-port: no DTLS, the clients stay on CSTP over TLS like the loadgen's `--no-dtls`
    'run-as-user = nobody',
    'run-as-group = nogroup',
    `socket-file = ${join(o.dir, 'ocserv.sock')}`,
    `occtl-socket-file = ${join(o.dir, 'occtl.sock')}`,
    `pid-file = ${join(o.dir, 'ocserv.pid')}`,
    `server-cert = ${o.certFile}`,
    `server-key = ${o.keyFile}`,
    'isolate-workers = false',
    `max-clients = ${o.maxClients ?? 20000}`,
    'max-same-clients = 0',
    // the loadgen is one source making thousands of logins: no rate limit, no ban score
    'rate-limit-ms = 0',
    'max-ban-score = 0',
    'server-stats-reset-time = 604800',
    `keepalive = ${o.keepaliveSec ?? 20}`,
    `dpd = ${o.dpdSec ?? 30}`,
    `mobile-dpd = ${o.dpdSec ?? 30}`,
    'switch-to-tcp-timeout = 25',
    'try-mtu-discovery = false',
    'tls-priorities = "NORMAL:%SERVER_PRECEDENCE:%COMPAT:-VERS-SSL3.0"',
    'auth-timeout = 240',
    'min-reauth-time = 0',
    'cookie-timeout = 300',
    'deny-roaming = false',
    'rekey-time = 172800',
    'rekey-method = ssl',
    'use-occtl = true',
    'log-level = 0',
    'device = vpns',
    'predictable-ips = false',
    `ipv4-network = ${o.network}`,
    `ipv4-netmask = ${o.netmask}`,
    'ping-leases = false',
    'cisco-client-compat = true',
    'dtls-legacy = false',
    '',
  ].join('\n');
}

export async function startOcserv(o: OcservSetup): Promise<Server> {
  mkdirSync(o.dir, { recursive: true });
  // ocpasswd writes crypt(3) SHA-512 hashes; one is made with it and reused for every user
  const one = join(o.dir, 'one.passwd');
  writeFileSync(one, '');
  execFileSync('ocpasswd', ['-c', one, 'probe'], { input: `${o.password}\n${o.password}\n`, stdio: ['pipe', 'ignore', 'ignore'] });
  const hash = readFileSync(one, 'utf8').trim().split(':').slice(2).join(':');
  const lines: string[] = [];
  for (let i = 0; i < o.users; i++) lines.push(`${userName(i)}:*:${hash}`);
  writeFileSync(join(o.dir, 'ocpasswd'), lines.join('\n') + '\n');
  const conf = join(o.dir, 'ocserv.conf');
  writeFileSync(conf, ocservConfig(o));
  const s = spawnBounded('ocserv', `ocserv -f -c '${conf}'`, o.port, o.dir, processTree, 'SIGTERM');
  try {
    await waitFor(async () => {
      if (s.proc.exitCode !== null) throw new Error(`ocserv exited: ${s.output()}`);
      return canConnect('127.0.0.1', o.port);
    }, 30_000, `ocserv on 127.0.0.1:${o.port}`);
  } catch (e) {
    await s.stop();
    throw e;
  }
  return s;
}
