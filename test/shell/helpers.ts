// Shared by the shell and config tests: temporary state folders, an in-process headend with a
// paste-mode session, the CLI as a child process, and a parser of `show running-config` blocks.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { expect, onTestFinished } from 'vitest';
import { HeadendApp } from '../../src/app.ts';
import { Session } from '../../src/shell/session.ts';
import { renderBody } from '../../src/config/render.ts';
import type { Mode } from '../../grammar/syntax.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SEED_001 = path.join(ROOT, 'test/fixtures/seed-001');

/** a fresh state folder, removed when the calling test finishes; `disk0` files are copied in */
export function tempState(disk0From?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headend-shell-'));
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
  if (disk0From) {
    fs.mkdirSync(path.join(dir, 'disk0'), { recursive: true });
    for (const f of fs.readdirSync(disk0From)) fs.copyFileSync(path.join(disk0From, f), path.join(dir, 'disk0', f));
  }
  return dir;
}

/**
 * a booted headend. `empty`: boot from an empty configuration file instead of the factory default
 * (only the generated `admin` user is configured then)
 */
export async function bootApp(stateDir: string, opts: { empty?: boolean } = {}): Promise<HeadendApp> {
  let configFile: string | undefined;
  if (opts.empty) {
    configFile = path.join(stateDir, 'empty.cfg');
    fs.writeFileSync(configFile, '');
  }
  const app = new HeadendApp({ stateDir, configFile });
  await app.boot();
  return app;
}

/** the running-config body as `more system:running-config` prints it (secrets unmasked) */
export function body(app: HeadendApp): string[] {
  return renderBody(app.config.model, { secrets: true });
}

/** a paste-mode console session (non-interactive, echoing each line after its prompt) */
export class Shell {
  readonly session: Session;
  private buf = '';
  constructor(readonly app: HeadendApp) {
    this.session = new Session({
      app, user: 'enable_15', maxLevel: 15, privileged: true, interactive: false, echo: true,
      write: (s) => { this.buf += s; }, close: () => {},
    });
    this.session.start();
  }

  get sh() { return this.session.sh; }
  get mode(): Mode { return this.session.sh.mode; }
  get prompt(): string { return this.session.sh.prompt(); }
  get output(): string { return this.buf; }

  /** feed text (one or more lines) and wait until it has run; returns what was written meanwhile */
  async feed(text: string): Promise<string> {
    const start = this.buf.length;
    this.session.feed(text.endsWith('\n') ? text : text + '\n');
    await this.session.end();
    return this.buf.slice(start);
  }

  /**
   * run one line; returns its output only: without the echo of the line and without the prompt
   * that follows
   */
  async run(line: string): Promise<string[]> {
    const out = await this.feed(line);
    const lines = out.split('\n');
    expect(lines[0]).toBe(line);
    lines.shift();
    const last = lines.pop();
    expect(last).toBe(this.prompt + ' ');
    return lines;
  }
}

/**
 * run the CLI over a script as stdin (paste mode), its output going to files as with
 * `node bin/headend.cjs < script > out`; resolves with the output and the exit code
 */
export function runCli(stateDir: string, input: string, timeoutMs = 120_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'headend-cli-'));
  onTestFinished(() => fs.rmSync(outDir, { recursive: true, force: true }));
  const outFile = path.join(outDir, 'stdout');
  const errFile = path.join(outDir, 'stderr');
  const out = fs.openSync(outFile, 'w');
  const err = fs.openSync(errFile, 'w');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/headend.cjs'), '--state-dir', stateDir, '--no-ssh', '--no-gateway'],
      { cwd: ROOT, stdio: ['pipe', out, err] });
    const done = () => { fs.closeSync(out); fs.closeSync(err); };
    const timer = setTimeout(() => { child.kill('SIGKILL'); }, timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); done(); reject(e); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done();
      const stdout = fs.readFileSync(outFile, 'utf8');
      const stderr = fs.readFileSync(errFile, 'utf8');
      if (signal) reject(new Error(`headend ended by ${signal} (time limit ${timeoutMs} ms)\n${stdout.slice(-2000)}`));
      else resolve({ code, stdout, stderr });
    });
    child.stdin!.end(input);
  });
}

/** the body of the last `show running-config` (or `more system:running-config`) in a transcript */
export function lastRunningConfig(transcript: string): string[] {
  const lines = transcript.split('\n');
  const end = lines.lastIndexOf(': end');
  if (end < 0) throw new Error('no running-config in the output');
  let start = end;
  while (start > 0 && !lines[start].startsWith('ASA Version ')) start--;
  if (!lines[end - 1].startsWith('Cryptochecksum:')) throw new Error('no Cryptochecksum line before ": end"');
  return lines.slice(start + 1, end - 1).filter((l) => l !== '!');
}

export interface Block { head: string; children: string[] }

/** top-level lines with their indented children (children keep their leading spaces) */
export function blocks(lines: string[]): Block[] {
  const out: Block[] = [];
  for (const l of lines) {
    if (l === '!' || l === '') continue;
    if (/^ /.test(l)) {
      if (!out.length) throw new Error(`indented line before any block: "${l}"`);
      out[out.length - 1].children.push(l);
    } else out.push({ head: l, children: [] });
  }
  return out;
}

/** where a line applied in `mode` (with the frame's target) is printed by show running-config */
export function placeOf(mode: Mode, target?: string): { head?: string; sub?: string; indent: string } {
  switch (mode) {
    case 'config': return { indent: '' };
    case 'config-if': return { head: `interface ${target}`, indent: ' ' };
    case 'config-webvpn': return { head: 'webvpn', indent: ' ' };
    case 'config-group-policy': return { head: `group-policy ${target} attributes`, indent: ' ' };
    case 'config-group-webvpn': return { head: `group-policy ${target} attributes`, sub: ' webvpn', indent: '  ' };
    case 'config-tunnel-general': return { head: `tunnel-group ${target} general-attributes`, indent: ' ' };
    case 'config-tunnel-webvpn': return { head: `tunnel-group ${target} webvpn-attributes`, indent: ' ' };
    case 'config-username': return { head: `username ${target} attributes`, indent: ' ' };
    case 'config-username-webvpn': return { head: `username ${target} attributes`, sub: ' webvpn', indent: '  ' };
    default: throw new Error(`no show run place for mode ${mode}`);
  }
}

/** the lines of a rendered block place (top level: the top-level lines) */
export function linesAt(rendered: string[], place: { head?: string; sub?: string }): string[] {
  const bs = blocks(rendered);
  if (!place.head) return bs.map((b) => b.head);
  const kids = bs.filter((b) => b.head === place.head).flatMap((b) => b.children);
  if (!place.sub) return kids;
  const i = kids.indexOf(place.sub);
  return i < 0 ? [] : kids.slice(i + 1);
}

export const squash = (s: string) => s.trim().replace(/\s+/g, ' ');
