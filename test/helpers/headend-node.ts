// A headend process for the cluster tests: its own state folder (with the shared keys copied in, so
// that every member serves the same certificate), booted from a configuration text, driven through
// its console. stop() kills it and removes the folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { ConsoleChild } from './console-child.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface HeadendNode { name: string; dir: string; con: ConsoleChild; stop(): void }

export async function startHeadendNode(name: string, config: string, keysFrom: string, env: NodeJS.ProcessEnv = {}): Promise<HeadendNode> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `headend-${name}-`));
  fs.cpSync(path.join(keysFrom, 'keys'), path.join(dir, 'keys'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'boot.cfg'), config);
  const proc = spawn(process.execPath, [path.join(ROOT, 'bin', 'headend.cjs'), '--state-dir', dir, '--config', path.join(dir, 'boot.cfg'), '--no-ssh', '--tun', 'off'],
    { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const con = new ConsoleChild(proc);
  const stop = (): void => { proc.kill('SIGKILL'); fs.rmSync(dir, { recursive: true, force: true }); };
  try {
    await con.ready();
    await con.cmd('terminal pager 0');
  } catch (e) { stop(); throw e; }
  return { name, dir, con, stop };
}

/** polls `cmd` on `node` until `pred` holds for its output; returns that output */
export async function untilOutput(node: Pick<HeadendNode, 'name' | 'con'>, cmd: string, pred: (out: string) => boolean, ms: number): Promise<string> {
  const end = Date.now() + ms;
  let out = '';
  while (Date.now() < end) {
    out = await node.con.cmd(cmd);
    if (pred(out)) return out;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${node.name}: "${cmd}" never matched within ${ms} ms; last output:\n${out}`);
}
