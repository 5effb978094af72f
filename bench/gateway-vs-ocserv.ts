// headend's AnyConnect gateway against ocserv (Debian's, the reference open-source AnyConnect
// server), both on 127.0.0.1 as child processes, driven by the same load generator (bench/loadgen):
//
//   1. session set-up rate: login + CONNECT + user logoff, repeated, both servers given the same
//      pool inside 192.0.2.0/24 (the documentation range the tests use), rounds alternating between
//      the two servers so that the machine's other load falls on both alike;
//   2. sessions held with CSTP keepalives (1,000 / 5,000 / 10,000 by default) for ~20 s each:
//      RSS and PSS per session and the server's CPU %. 10,000 addresses do not fit the documentation
//      /24s (192.0.2.0/24 + 198.51.100.0/24 hold ~500), so both servers lease from 198.18.0.0/18 out
//      of the RFC 2544 benchmarking block 198.18.0.0/15, which exists for exactly this.
//
// Both servers use the same RSA-2048 key and certificate (headend's), the same keepalive (20 s) and
// DPD (30 s), password files hashed with 5,000 rounds of SHA-512 (headend PBKDF2, ocserv crypt), one
// user per session, no DTLS, no compression traffic. ocserv gets no rate limit and no ban score (the
// loadgen is one source making thousands of logins). ocserv runs a process per session and a tun
// device per session (this machine has /dev/net/tun and CAP_NET_ADMIN); headend has no data plane.
//
//   node --import tsx bench/gateway-vs-ocserv.ts [--steps 1000,5000,10000] [--hold 20]
//        [--rate-sessions 600] [--concurrency 64] [--budget-min 100] [--servers headend,ocserv]
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { LoadGen, type RunResult } from './loadgen/index.ts';
import {
  CLK_TCK, cpuPercent, ensureOcserv, freePort, hardNofile, sample, startHeadend, startOcserv, userName, type Server,
} from './loadgen/servers.ts';

export interface VsOptions {
  steps: number[];
  holdSec: number;
  /** cycles per server in the set-up rate phase */
  rateSessions: number;
  rounds: number;
  concurrency: number;
  /** the whole run stops establishing sessions past this */
  budgetMin: number;
  /** which servers to run (default both) */
  servers: ('headend' | 'ocserv')[];
  log: (l: string) => void;
}

const PASSWORD = 'bench-pass';
const SMALL = { headend: { first: '192.0.2.10', last: '192.0.2.250', mask: '255.255.255.0' }, ocserv: { network: '192.0.2.0', netmask: '255.255.255.0' } };
const BIG = { headend: { first: '198.18.0.10', last: '198.18.63.250', mask: '255.255.192.0' }, ocserv: { network: '198.18.0.0', netmask: '255.255.192.0' } };

type Name = 'headend' | 'ocserv';
interface RateFig { ok: number; failed: number; ms: number; cpuTicks: number; firstError?: string }
interface HoldFig {
  target: number;
  established: number;
  /** sessions up when the hold ended */
  live: number;
  establishPerSec: number;
  establishCpuMsPerSession: number;
  rssMb: number;
  rssKbPerSession: number;
  pssKbPerSession: number;
  cpuPct: number;
  processes: number;
  keepalives: number;
  dpd: number;
  note?: string;
}

const version = (cmd: string, args: string[]): string => {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return ((r.stdout || '') + (r.stderr || '')).split('\n').find((l) => /\d+\.\d+/.test(l))?.trim() ?? 'unknown';
};

function errs(r: RunResult): string {
  return Object.entries(r.errors).map(([k, v]) => `${k} ${v}`).join(', ');
}

async function settle(ms: number): Promise<void> { await new Promise((r) => setTimeout(r, ms)); }

function tunCount(): number {
  try { return readdirSync('/sys/class/net').filter((n) => n.startsWith('vpns')).length; } catch { return 0; }
}

export async function benchGatewayVsOcserv(opts: Partial<VsOptions> = {}): Promise<void> {
  const o: VsOptions = { steps: [1000, 5000, 10000], holdSec: 20, rateSessions: 600, rounds: 3, concurrency: 64, budgetMin: 100, servers: ['headend', 'ocserv'], log: console.log, ...opts };
  const log = o.log;
  const t0 = Date.now();
  const deadline = t0 + o.budgetMin * 60_000;
  log(`\n== headend gateway vs ocserv, ${new Date().toISOString()} ==`);
  log(`  machine: ${cpus().length} CPU (${cpus()[0]?.model.trim() ?? '?'}), load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}, fd limit ${hardNofile()}`);
  const haveOc = o.servers.includes('ocserv') && ensureOcserv(log);
  log(`  node ${process.version}; ${haveOc ? version('ocserv', ['--version']) : 'ocserv: not available'}`);
  const work = mkdtempSync(join(tmpdir(), 'headend-vs-ocserv-'));
  // ocserv's workers run as nobody and connect to the socket file in here
  chmodSync(work, 0o755);
  const headendDir = join(work, 'headend');
  const servers: Server[] = [];
  // Ctrl-C or a kill must not leave thousands of ocserv workers and tun devices behind
  const interrupted = (sig: NodeJS.Signals): void => {
    log(`  ${sig}: stopping ${servers.map((x) => x.name).join(', ') || 'nothing'}`);
    void Promise.allSettled(servers.map((x) => x.stop())).then(() => { rmSync(work, { recursive: true, force: true }); process.exit(130); });
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const start = async (name: Name, pool: typeof SMALL, users: number): Promise<Server> => {
    const port = await freePort();
    const s = name === 'headend'
      ? await startHeadend({ dir: headendDir, port, sshPort: await freePort(), pool: pool.headend, users, password: PASSWORD })
      : await startOcserv({ dir: join(work, `ocserv-${port}`), port, ...pool.ocserv, users, password: PASSWORD, certFile: join(work, 'cert', 'cert.pem'), keyFile: join(work, 'cert', 'key.pem') });
    servers.push(s);
    return s;
  };
  const stop = async (s: Server): Promise<void> => { await s.stop(); servers.splice(servers.indexOf(s), 1); };
  const loadgen = (s: Server, concurrency: number): LoadGen => new LoadGen({ host: '127.0.0.1', port: s.port, concurrency, credentials: (i) => ({ user: userName(i), password: PASSWORD }) });
  // headend always starts first: ocserv is given its key and certificate
  const names: Name[] = haveOc ? ['headend', 'ocserv'] : ['headend'];
  const measured = (n: Name): boolean => o.servers.includes(n);

  const rate: Partial<Record<Name, RateFig>> = {};
  const held: Partial<Record<Name, HoldFig[]>> = {};
  const skipped: string[] = [];
  try {
    // ---- 1. set-up rate, same /24 pool, alternating rounds ----------------------------------
    const rateConc = Math.min(o.concurrency, 32);
    log(`  [rate] ${o.rateSessions} login+CONNECT+logoff per server, ${rateConc} in flight, pool 192.0.2.10-250, ${o.rounds} alternating rounds`);
    const running: Partial<Record<Name, { s: Server; lg: LoadGen }>> = {};
    for (const n of names) {
      const s = await start(n, SMALL, o.rateSessions);
      if (n === 'headend') {
        // ocserv is given headend's own key and certificate
        const cert = join(work, 'cert');
        mkdirSync(cert, { mode: 0o700 });
        copyFileSync(join(headendDir, 'keys', 'webvpn-self-key'), join(cert, 'key.pem'));
        copyFileSync(join(headendDir, 'keys', 'webvpn-self-cert'), join(cert, 'cert.pem'));
      }
      running[n] = { s, lg: loadgen(s, rateConc) };
      rate[n] = { ok: 0, failed: 0, ms: 0, cpuTicks: 0 };
      if (o.rateSessions > 0 && measured(n)) {
        const warm = await running[n].lg.cycle(Math.min(20, o.rateSessions), 0);
        if (!warm.ok) throw new Error(`${n}: no session in the warm-up: ${warm.firstError}`);
      }
    }
    const per = Math.ceil(o.rateSessions / o.rounds);
    for (let round = 0; round < o.rounds && per > 0; round++) {
      for (const n of names.filter(measured)) {
        const { s, lg } = running[n]!;
        const a = sample(s.pids(), false);
        const r = await lg.cycle(per, (round * per) % o.rateSessions);
        const b = sample(s.pids(), false);
        const f = rate[n]!;
        f.ok += r.ok; f.failed += r.failed; f.ms += r.ms; f.cpuTicks += b.cpuTicks - a.cpuTicks;
        f.firstError ??= r.firstError;
        log(`    round ${round + 1} ${n.padEnd(7)} ${(r.ok / r.ms * 1000).toFixed(1).padStart(7)} sessions/s${r.failed ? `, ${r.failed} failed (${errs(r)})` : ''}`);
      }
    }
    for (const n of names) { running[n]!.lg.close(); await stop(running[n]!.s); }

    // ---- 2. held sessions ------------------------------------------------------------------
    const maxStep = Math.max(...o.steps);
    for (const n of names.filter(measured)) {
      log(`  [held] ${n}: ${o.steps.join(' / ')} sessions, hold ${o.holdSec} s each, pool 198.18.0.0/18, ${o.concurrency} logins in flight`);
      const s = await start(n, BIG, maxStep);
      const lg = loadgen(s, o.concurrency);
      const figs: HoldFig[] = [];
      held[n] = figs;
      try {
        await settle(2000);
        const idle = sample(s.pids());
        let have = 0;
        let rateSeen = 0;
        for (const target of o.steps) {
          const need = target - have;
          if (target + 200 > hardNofile()) { skipped.push(`${n} ${target}: fd limit ${hardNofile()} (the loadgen holds one socket per session)`); break; }
          const left = deadline - Date.now();
          if (rateSeen > 0 && need / rateSeen * 1000 > left) {
            skipped.push(`${n} ${target}: at ${rateSeen.toFixed(0)} sessions/s the ${need} more would take ${(need / rateSeen / 60).toFixed(1)} min, past the ${o.budgetMin} min budget`);
            break;
          }
          // establish in chunks so that the budget is checked as we go
          const a = sample(s.pids(), false);
          const e0 = performance.now();
          let ok = 0, failed = 0;
          let firstError: string | undefined;
          const chunk = 500;
          let note: string | undefined;
          for (let from = have; from < target; from += chunk) {
            const before = lg.live.size;
            const c0 = performance.now();
            const r = await lg.establish(Math.min(chunk, target - from), from);
            ok += r.ok; failed += r.failed; firstError ??= r.firstError;
            if (Date.now() > deadline) { note = `budget ran out after ${ok} of ${need}`; break; }
            // a server that loses held sessions about as fast as it sets new ones up will not get there
            const gained = lg.live.size - before;
            const mins = (performance.now() - c0) / 60_000;
            if (gained < Math.min(chunk, target - from) * 0.1) {
              note = `stalled: the last ${Math.min(chunk, target - from)} logins (${mins.toFixed(1)} min) added ${gained} live sessions; ${lg.live.size} live`;
              break;
            }
            // at the net rate of the last chunk, would the rest fit in the budget?
            const rest = target - lg.live.size;
            if (rest > 0 && gained > 0 && (rest / gained) * mins * 60_000 > deadline - Date.now()) {
              note = `slowed down: the last chunk added ${gained} live sessions in ${mins.toFixed(1)} min (${(gained / mins / 60).toFixed(1)}/s net); `
                + `the other ${rest} would take ${((rest / gained) * mins).toFixed(0)} min, past the ${o.budgetMin} min budget; ${lg.live.size} live`;
              break;
            }
          }
          const ems = performance.now() - e0;
          const b = sample(s.pids(), false);
          have = lg.live.size;
          rateSeen = ok / ems * 1000;
          if (failed) note = `${failed} failed (${firstError})${note ? '; ' + note : ''}`;
          await settle(2000);
          const c0 = lg.counters();
          const h0 = sample(s.pids(), false);
          await settle(o.holdSec * 1000);
          const h1 = sample(s.pids());
          const c1 = lg.counters();
          const live = lg.live.size;
          const dropped = Object.entries(lg.ended).map(([k, v]) => `${k} ${v}`).join(', ');
          if (dropped) note = `${note ? note + '; ' : ''}ended during the run: ${dropped}`;
          const died = s.died();
          if (died) note = `${note ? note + '; ' : ''}the server process ended: ${died}`;
          const fig: HoldFig = {
            target, established: have, live,
            establishPerSec: rateSeen,
            // NaN (printed "-") when the figure means nothing: no session, or the server's processes went away
            establishCpuMsPerSession: ok && b.cpuTicks >= a.cpuTicks ? ((b.cpuTicks - a.cpuTicks) / CLK_TCK) * 1000 / ok : NaN,
            rssMb: live ? h1.rssKb / 1024 : NaN,
            rssKbPerSession: live ? (h1.rssKb - idle.rssKb) / live : NaN,
            pssKbPerSession: live ? (h1.pssKb - idle.pssKb) / live : NaN,
            cpuPct: live && h1.cpuTicks >= h0.cpuTicks ? cpuPercent(h0, h1) : NaN,
            processes: h1.pids,
            keepalives: c1.keepalive - c0.keepalive,
            dpd: c1.dpdReq - c0.dpdReq,
            note,
          };
          figs.push(fig);
          log(`    ${n} ${target}: ${live} live, up at ${rateSeen.toFixed(1)}/s, RSS ${fig.rssMb.toFixed(0)} MB (${fig.rssKbPerSession.toFixed(1)} KB/session, PSS ${fig.pssKbPerSession.toFixed(1)} KB/session), CPU ${fig.cpuPct.toFixed(1)} %, ${fig.processes} processes${n === 'ocserv' ? `, ${tunCount()} vpns* tun devices` : ''}, load average ${loadavg()[0].toFixed(1)}${note ? ` [${note}]` : ''}`);
          if (live < target * 0.9) { skipped.push(`${n} steps past ${target}: only ${live} of ${target} sessions up${died ? ` (${n} ended: ${died})` : ''}`); break; }
        }
        await lg.logoffAll();
      } finally {
        lg.close();
        await stop(s);
      }
    }
  } finally {
    for (const s of [...servers]) await s.stop();
    rmSync(work, { recursive: true, force: true });
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  }

  // ---- the table -----------------------------------------------------------------------------
  const w = 46;
  const num = (v: number | undefined, d = 1): string => (v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(d));
  const line = (label: string, h: number | undefined, oc: number | undefined, d = 1): void => {
    const ratio = h !== undefined && oc !== undefined && oc !== 0 ? (h / oc).toFixed(2) : '-';
    log(`  ${label.padEnd(w)} ${num(h, d).padStart(10)} ${num(oc, d).padStart(10)} ${ratio.padStart(10)}`);
  };
  log('');
  log(`  ${'figure'.padEnd(w)} ${'headend'.padStart(10)} ${'ocserv'.padStart(10)} ${'h/ocserv'.padStart(10)}`);
  const rh = rate.headend, ro = rate.ocserv;
  const rps = (f?: RateFig): number | undefined => (f && f.ms ? (f.ok / f.ms) * 1000 : undefined);
  const cpuPer = (f?: RateFig): number | undefined => (f && f.ok ? (f.cpuTicks / CLK_TCK) * 1000 / f.ok : undefined);
  line('sessions/s (login+CONNECT+logoff, /24 pool)', rps(rh), rps(ro));
  line('  server CPU ms per session', cpuPer(rh), cpuPer(ro));
  for (const f of [rh, ro]) if (f?.failed) log(`    (${f === rh ? 'headend' : 'ocserv'}: ${f.failed} failed: ${f.firstError})`);
  for (const target of o.steps) {
    const h = held.headend?.find((f) => f.target === target);
    const oc = held.ocserv?.find((f) => f.target === target);
    if (!h && !oc) continue;
    const t = target.toLocaleString('en-US');
    line(`${t} held: sessions up after the hold`, h?.live, oc?.live, 0);
    line(`${t} held: sessions/s while establishing`, h?.establishPerSec, oc?.establishPerSec);
    line(`${t} held: server CPU ms per session set up`, h?.establishCpuMsPerSession, oc?.establishCpuMsPerSession);
    line(`${t} held: RSS total (MB)`, h?.rssMb, oc?.rssMb);
    line(`${t} held: RSS per session (KB)`, h?.rssKbPerSession, oc?.rssKbPerSession);
    line(`${t} held: PSS per session (KB)`, h?.pssKbPerSession, oc?.pssKbPerSession);
    line(`${t} held: server CPU % over ${o.holdSec} s hold`, h?.cpuPct, oc?.cpuPct, 2);
    line(`${t} held: keepalives sent in the hold`, h?.keepalives, oc?.keepalives, 0);
    for (const [nm, f] of [['headend', h], ['ocserv', oc]] as const) if (f?.note) log(`    (${nm}: ${f.note})`);
  }
  for (const sk of skipped) log(`  skipped: ${sk}`);
  log(`  RSS sums VmRSS over the server's processes (ocserv: main, sec-mod, one worker per session), so pages ocserv's`);
  log(`  processes share count once per process; PSS splits them. Per-session figures are (held - idle) / sessions.`);
  log(`  CPU % is utime+stime of one core over the hold (ocserv: all its processes). The loadgen shares the machine.`);
  log(`  total ${((Date.now() - t0) / 60_000).toFixed(1)} min`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      steps: { type: 'string', default: '1000,5000,10000' },
      hold: { type: 'string', default: '20' },
      'rate-sessions': { type: 'string', default: '600' },
      concurrency: { type: 'string', default: '64' },
      'budget-min': { type: 'string', default: '100' },
      servers: { type: 'string', default: 'headend,ocserv' },
    },
  });
  await benchGatewayVsOcserv({
    steps: values.steps!.split(',').map(Number).filter((n) => n > 0),
    holdSec: Number(values.hold),
    rateSessions: Number(values['rate-sessions']),
    concurrency: Number(values.concurrency),
    budgetMin: Number(values['budget-min']),
    servers: values.servers!.split(',').filter((x): x is Name => x === 'headend' || x === 'ocserv'),
  });
  process.exit(0);
}
