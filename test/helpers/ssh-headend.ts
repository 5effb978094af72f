// SSH test plumbing: a state folder, a free port on a 127.x address, headend as a daemon child
// (killed at the end of the test), and OpenSSH/sshpass runs bounded in time.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { canConnect, waitFor } from '../../bench/loadgen/net.ts';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const HEADEND = join(ROOT, 'bin/headend.cjs');

const dirs: string[] = [];
export function stateDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'headend-ssh-'));
  dirs.push(d);
  return d;
}
export function removeStateDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export { freePort, canConnect, waitFor } from '../../bench/loadgen/net.ts';

/** the base test configuration: one `inside` interface on ADDR, users admin (15) and the given extras */
export function baseConfig(addr: string, extra: string[] = [], rule = '127.0.0.0 255.0.0.0'): string {
  return [
    'hostname headend',
    'interface GigabitEthernet0/1',
    ' nameif inside',
    ' security-level 100',
    ` ip address ${addr} 255.255.0.0`,
    '!',
    'enable password enpass',
    'username admin password adminpw privilege 15',
    'aaa authentication ssh console LOCAL',
    `ssh ${rule} inside`,
    // the audit messages on the console and in the log file, as an ASA is told
    'logging enable',
    'logging console debugging',
    'logging buffered debugging',
    ...extra,
    '',
  ].join('\n');
}

export interface Daemon {
  proc: ChildProcess;
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const live = new Set<Daemon>();

/** `headend --no-console` as a child; resolves once SSH accepts TCP on addr:port */
export async function startHeadend(o: { dir: string; port: number; addr: string; config?: string }): Promise<Daemon> {
  const args = [HEADEND, '--state-dir', o.dir, '--ssh-port', String(o.port), '--no-console', '--no-gateway'];
  if (o.config !== undefined) {
    const f = join(o.dir, 'boot.cfg');
    writeFileSync(f, o.config);
    args.push('--config', f);
  }
  const proc = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.setEncoding('utf8').on('data', (s: string) => { out += s; });
  proc.stderr!.setEncoding('utf8').on('data', (s: string) => { out += s; });
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const d: Daemon = {
    proc,
    output: () => out,
    kill: async (signal = 'SIGTERM') => {
      live.delete(d);
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      await exited;
    },
  };
  live.add(d);
  try {
    await waitFor(async () => {
      if (proc.exitCode !== null) throw new Error(`headend exited: ${out}`);
      return canConnect(o.addr, o.port);
    }, 45_000, `headend on ${o.addr}:${o.port}`);
  } catch (e) {
    await d.kill('SIGKILL');
    throw e;
  }
  return d;
}

export async function killAll(): Promise<void> {
  await Promise.all([...live].map((d) => d.kill('SIGKILL')));
}

export const SSH_OPTS = [
  '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR',
  '-o', 'PubkeyAuthentication=no', '-o', 'ConnectTimeout=10', '-F', '/dev/null',
];

export function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
}

export interface RunResult { code: number | null; stdout: string; stderr: string }

/** a child bounded in time: killed (SIGKILL) when `ms` runs out */
export function run(cmd: string, args: string[], input: string | undefined, ms: number, env?: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((res) => {
    // its own process group, so that a timeout also ends what it started (ssh under sshpass, ansible's workers)
    const p = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env: env ?? process.env, detached: true });
    let stdout = '', stderr = '';
    p.stdout.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
    p.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    const t = setTimeout(() => killGroup(p.pid), ms);
    p.once('close', (code) => { clearTimeout(t); res({ code, stdout, stderr }); });
    p.stdin.on('error', () => {});
    if (input !== undefined) p.stdin.end(input); else p.stdin.end();
  });
}

/** sshpass + OpenSSH from a chosen 127.x source address */
export function sshpass(
  o: { password: string; user: string; host: string; port: number; from: string; opts?: string[]; command?: string[] },
  input?: string, ms = 20_000,
): Promise<RunResult> {
  const args = ['-p', o.password, 'ssh', ...SSH_OPTS, '-o', `BindAddress=${o.from}`, '-p', String(o.port), ...(o.opts ?? []), `${o.user}@${o.host}`, ...(o.command ?? [])];
  return run('sshpass', args, input, ms);
}
