// bench/paste-transports (issue 12, item 6): a generated 110,000-line config pasted (a) in process
// (HeadendApp.loadText, as bench/paste.ts), (b) into a whole headend process's console,
// `node bin/headend.js --state-dir D --no-ssh --no-gateway < script` (every line echoed after its
// prompt; spawn to exit, start-up included), (c) through the real OpenSSH client (sshpass + ssh, no
// pty: a script) into the SSH server of a headend daemon child (ssh's spawn to exit, login
// included). Rates in lines/s and the ratios (b)/(a), (c)/(a); aims >= 0.8 and >= 0.7.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HeadendApp } from '../src/app.ts';
import { generateConfig } from './gen-config.ts';
import { canConnect, freePort, waitFor } from './loadgen/net.ts';

const BIN = fileURLToPath(new URL('../bin/headend.js', import.meta.url));
const ADDR = '127.46.0.2';
const PW = 'Bench-pass-1';
const SSH_BOOT = `hostname sshbench
interface GigabitEthernet0/1
 nameif inside
 security-level 100
 ip address ${ADDR} 255.255.255.0
aaa authentication ssh console LOCAL
aaa authorization exec LOCAL auto-enable
ssh 127.0.0.0 255.0.0.0 inside
username admin password ${PW} privilege 15
`;

const secs = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e9;

/** a child with stdin from `input` (a file), its stdout counted and its tail kept; resolves at exit */
function runChild(cmd: string, args: string[], input: string, env?: NodeJS.ProcessEnv): Promise<{ sec: number; lines: number; errors: number; tail: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const fd = openSync(input, 'r');
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: [fd, 'pipe', 'pipe'], env: env ?? process.env, detached: true });
    closeSync(fd);
    let lines = 0, errors = 0, tail = '', err = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      const s = tail + d;
      for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) lines++;
      // an error anywhere in the paste: counted on the chunk joined to the last tail (no split word)
      for (let i = s.indexOf('ERROR:', Math.max(0, tail.length - 5)); i >= 0; i = s.indexOf('ERROR:', i + 1)) errors++;
      tail = s.slice(-400);
    });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => { err = (err + d).slice(-2000); });
    const timer = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } }, 600_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`${cmd} exited ${code}: ${err}${tail}`));
      else resolve({ sec: secs(t0), lines, errors, tail: tail + err, code });
    });
  });
}

async function inProcess(text: string[], dir: string): Promise<number> {
  const warm = new HeadendApp({ stateDir: dir });
  await warm.boot();
  await warm.loadText(generateConfig(2000).join('\n'), 'bench');
  const app = new HeadendApp({ stateDir: dir });
  await app.boot();
  const t = process.hrtime.bigint();
  const r = await app.loadText(text.join('\n'), 'bench');
  const sec = secs(t);
  if (r.errors.length) throw new Error(`paste produced errors: ${r.errors.slice(0, 3).join(' | ')}`);
  return text.length / sec;
}

export async function benchPasteTransports(n = 110_000): Promise<Record<string, number>> {
  const root = mkdtempSync(join(tmpdir(), 'headend-bench-pt-'));
  let daemon: ReturnType<typeof spawn> | undefined;
  try {
    const text = generateConfig(n);
    const script = join(root, 'paste.txt');
    // `end` then `show hostname`: the last prompt shows every line ran
    writeFileSync(script, ['configure terminal', ...text, 'end', 'show hostname', ''].join('\n'));
    const a = await inProcess(text, join(root, 'a'));

    // (b) whole-process console paste; the first run builds the bundle if a source changed
    await runChild(process.execPath, [BIN, '--state-dir', join(root, 'warm'), '--no-ssh', '--no-gateway'], script);
    const b = await runChild(process.execPath, [BIN, '--state-dir', join(root, 'b'), '--no-ssh', '--no-gateway'], script);
    check('console', b, n);
    const bRate = n / b.sec;

    // (c) OpenSSH into a headend daemon's SSH server
    const dir = join(root, 'c');
    const port = await freePort(ADDR);
    const cfg = join(root, 'ssh-boot.cfg');
    writeFileSync(cfg, SSH_BOOT);
    daemon = spawn(process.execPath, [BIN, '--state-dir', dir, '--config', cfg, '--ssh-port', String(port), '--no-console', '--no-gateway'], { stdio: ['ignore', 'ignore', 'pipe'] });
    await waitFor(() => canConnect(ADDR, port), 45_000, `headend SSH on ${ADDR}:${port}`);
    const sshArgs = ['-p', PW, 'ssh', '-T', '-F', '/dev/null', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null',
      '-o', 'LogLevel=ERROR', '-o', 'PubkeyAuthentication=no', '-o', `BindAddress=${ADDR}`, '-p', String(port), `admin@${ADDR}`];
    const c = await runChild('sshpass', sshArgs, script);
    check('ssh', c, n);
    const cRate = n / c.sec;

    console.log(`paste transports (${n} lines): in-process ${a.toFixed(0)} lines/s; console (whole process, start-up included, ${b.sec.toFixed(2)} s) ${bRate.toFixed(0)} lines/s, ratio ${(bRate / a).toFixed(2)} (aim >= 0.8); OpenSSH (login included, ${c.sec.toFixed(2)} s) ${cRate.toFixed(0)} lines/s, ratio ${(cRate / a).toFixed(2)} (aim >= 0.7)`);
    return { inProcessLinesPerSec: a, consoleLinesPerSec: bRate, sshLinesPerSec: cRate, consoleRatio: bRate / a, sshRatio: cRate / a };
  } finally {
    if (daemon && daemon.exitCode === null) {
      const gone = new Promise((r) => daemon!.once('exit', r));
      daemon.kill('SIGTERM');
      await gone;
    }
    rmSync(root, { recursive: true, force: true });
  }
}

/** every line echoed (one output line per input line at least), no error, the paste finished */
function check(what: string, r: { lines: number; errors: number; tail: string }, n: number): void {
  if (r.errors) throw new Error(`${what} paste printed ${r.errors} error(s); tail: ${r.tail}`);
  if (r.lines < n) throw new Error(`${what} paste echoed ${r.lines} lines of ${n}; tail: ${r.tail}`);
  if (!/\nbench\r?\n/.test(r.tail)) throw new Error(`${what} paste did not reach its last line; tail: ${r.tail}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchPasteTransports(Number(process.argv[2] ?? 110_000));
  process.exit(0);
}
