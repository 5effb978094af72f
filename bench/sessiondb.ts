// `show vpn-sessiondb anyconnect` and `vpn-sessiondb logoff all noconfirm` with 10,000 live
// AnyConnect sessions, through the product's CLI (a Session of the booted HeadendApp, whose gateway
// is started as the daemon starts it), against the same at 100 sessions as the baseline.
//
// The gateway runs in this process; the sessions come from the load generator in a child process
// (bench/loadgen/cli.ts), as 10,000 client plus 10,000 server sockets would not fit one fd limit.
//
//   node --import tsx bench/sessiondb.ts [--sessions 10000] [--baseline 100]
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { HeadendApp } from '../src/app.ts';
import { startGateway } from '../src/gateway-service.ts';
import { Session } from '../src/shell/session.ts';
import { formatAnyconnect, formatSummary } from '../src/shell/show/vpn-sessiondb.ts';
import { freePort, hardNofile, headendConfig, ROOT } from './loadgen/servers.ts';

interface Child { proc: ChildProcess; next(event: string, ms: number): Promise<Record<string, unknown>>; send(l: string): void }

function loadgenChild(port: number, sessions: number): Child {
  const proc = spawn('sh', ['-c', `ulimit -n ${Math.min(65536, hardNofile())}; exec "$0" --import tsx bench/loadgen/cli.ts --port ${port} --sessions ${sessions} --concurrency 64`, process.execPath],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const seen: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  createInterface({ input: proc.stdout! }).on('line', (l) => {
    try { seen.push(JSON.parse(l) as Record<string, unknown>); } catch { return; }
    for (const w of [...waiters]) w();
  });
  proc.once('exit', () => { for (const w of [...waiters]) w(); });
  return {
    proc,
    send: (l) => { proc.stdin!.write(l + '\n'); },
    next: (event, ms) => new Promise((resolve, reject) => {
      const check = (): void => {
        const i = seen.findIndex((e) => e.event === event || e.event === 'timeout');
        if (i >= 0) { done(); const e = seen.splice(i, 1)[0]; if (e.event === 'timeout') reject(new Error(`loadgen: ${JSON.stringify(e)}`)); else resolve(e); return; }
        if (proc.exitCode !== null) { done(); reject(new Error('loadgen exited')); }
      };
      const t = setTimeout(() => { done(); reject(new Error(`no ${event} from the loadgen in ${ms} ms`)); }, ms);
      const done = (): void => { clearTimeout(t); waiters.splice(waiters.indexOf(check), 1); };
      waiters.push(check);
      check();
    }),
  };
}

/**
 * Runs one CLI line in a privileged non-interactive Session. `ms` runs from the line to the write of
 * the next prompt, stamped in the Session's write callback (not when this loop next looks).
 */
async function cli(s: { session: Session; out: Out }, line: string): Promise<{ ms: number; lines: number; text: string }> {
  s.out.text = '';
  s.out.promptAt = 0;
  const t0 = performance.now();
  s.session.feed(line + '\n');
  while (!s.out.promptAt) await new Promise((r) => setImmediate(r));
  const text = s.out.text;
  return { ms: s.out.promptAt - t0, lines: text.split('\n').length - 2, text };
}

interface Out { text: string; promptAt: number }

interface Figures {
  sessions: number;
  establishMs: number;
  /** the CLI line, to the next prompt */
  showMs: number;
  showLines: number;
  /** the CLI's error instead of the listing, if any */
  cliError: string | null;
  /** the records from the VpnService and their formatting, without the CLI around them */
  serviceMs: number;
  logoffMs: number;
  clientsGoneMs: number;
}

async function measure(app: HeadendApp, port: number, n: number, log: (l: string) => void): Promise<Figures> {
  const child = loadgenChild(port, n);
  try {
    const est = await child.next('established', 30 * 60_000);
    if (est.ok !== n) throw new Error(`only ${String(est.ok)} of ${n} sessions came up: ${String(est.firstError)}`);
    const out: Out = { text: '', promptAt: 0 };
    const write = (t: string): void => { out.text += t; if (t.endsWith('# ')) out.promptAt = performance.now(); };
    const session = new Session({ app, user: 'enable_15', maxLevel: 15, privileged: true, interactive: false, echo: true, write, close: () => {} });
    session.sh.enable(15);
    session.start();
    const s = { session, out };
    const live = app.vpn ? formatSummary(app.vpn.sessions(), app.vpn.stats(), { now: new Date() }) : [];
    log(`  ${n} sessions up in ${(Number(est.ms) / 1000).toFixed(1)} s; ${live.find((l) => /AnyConnect Client/.test(l))?.trim() ?? ''}`);
    // the first run pays for warm-up; the figure is the best of three
    let show = { ms: Infinity, lines: 0, text: '' };
    for (let k = 0; k < 3; k++) { const r = await cli(s, 'show vpn-sessiondb anyconnect'); if (r.ms < show.ms) show = r; }
    const cliError = /^(ERROR: .*)$/m.exec(show.text)?.[1] ?? null;
    if (!cliError && !show.text.includes('Index')) throw new Error(`unexpected show output: ${show.text.slice(0, 300)}`);
    // the records and their formatting alone: the gateway's snapshot (VpnService.sessions) and the text
    let serviceMs = Infinity;
    let serviceLines = 0;
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      const lines = formatAnyconnect(app.vpn!.sessions(), { now: new Date() });
      serviceMs = Math.min(serviceMs, performance.now() - t0);
      serviceLines = lines.length;
    }
    const logoff = await cli(s, 'vpn-sessiondb logoff all noconfirm');
    if (!logoff.text.includes(`logged off : ${n}`)) throw new Error(`unexpected logoff output: ${logoff.text.slice(0, 300)}`);
    child.send('wait-empty 120000');
    const gone = await child.next('empty', 130_000);
    return {
      sessions: n, establishMs: Number(est.ms), showMs: show.ms, showLines: cliError ? serviceLines : show.lines, cliError, serviceMs,
      logoffMs: logoff.ms, clientsGoneMs: logoff.ms + Number(gone.ms),
    };
  } finally {
    child.send('exit');
    child.proc.kill('SIGKILL');
  }
}

export async function benchSessiondb(sessions = 10_000, baseline = 100, log: (l: string) => void = console.log): Promise<void> {
  log(`\n== vpn-sessiondb at ${sessions} sessions vs ${baseline} (product CLI Session, in-process gateway, loadgen child) ==`);
  const need = sessions + 200;
  if (hardNofile() < need) { log(`  skipped: the fd limit here is ${hardNofile()}, ${need} needed`); return; }
  const dir = mkdtempSync(join(tmpdir(), 'headend-sessiondb-'));
  chmodSync(dir, 0o700);
  const port = await freePort();
  const cfg = join(dir, 'boot.cfg');
  writeFileSync(cfg, headendConfig({
    dir, port, sshPort: 0, users: Math.max(sessions, baseline), password: 'bench-pass',
    // RFC 2544 benchmark space: 10,000 addresses do not fit the documentation /24s
    pool: { first: '198.18.0.10', last: '198.18.63.250', mask: '255.255.192.0' },
  }));
  const app = new HeadendApp({ stateDir: dir, configFile: cfg, console: () => {} });
  const boot = await app.boot();
  if (boot.errors.length) throw new Error(`boot: ${boot.errors.join('\n')}`);
  const gw = await startGateway(app, () => {});
  try {
    const base = await measure(app, port, baseline, log);
    const big = await measure(app, port, sessions, log);
    const row = (name: string, a: number, b: number, unit = 'ms'): void => {
      log(`  ${name.padEnd(44)} ${a.toFixed(1).padStart(10)} ${unit} ${b.toFixed(1).padStart(10)} ${unit}   x${(a / b).toFixed(1)}`);
    };
    log(`  ${''.padEnd(44)} ${String(sessions).padStart(13)} ${String(baseline).padStart(13)}   ratio`);
    row('show vpn-sessiondb anyconnect (CLI Session)', big.showMs, base.showMs);
    for (const f of [big, base]) if (f.cliError) log(`    !! at ${f.sessions} sessions the CLI printed "${f.cliError}" instead of the listing`);
    row('  records + formatAnyconnect (no CLI)', big.serviceMs, base.serviceMs);
    row('  output lines', big.showLines, base.showLines, '  ');
    row('vpn-sessiondb logoff all noconfirm', big.logoffMs, base.logoffMs);
    row('  until every client saw its DISCONNECT', big.clientsGoneMs, base.clientsGoneMs);
    row('  sessions/s while establishing (loadgen)', (big.sessions / big.establishMs) * 1000, (base.sessions / base.establishMs) * 1000, '/s');
    log(`  per session: show (service) ${((big.serviceMs / big.sessions) * 1000).toFixed(1)} µs at ${sessions} vs ${((base.serviceMs / base.sessions) * 1000).toFixed(1)} µs at ${baseline}; `
      + `logoff ${((big.logoffMs / big.sessions) * 1000).toFixed(1)} µs vs ${((base.logoffMs / base.sessions) * 1000).toFixed(1)} µs`);
  } finally {
    await gw.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { sessions: { type: 'string', default: '10000' }, baseline: { type: 'string', default: '100' } } });
  await benchSessiondb(Number(values.sessions), Number(values.baseline));
  process.exit(0);
}
