// In-process SSH tests: a booted HeadendApp with the SSH server on a 127.x address, and ssh2
// clients (password or keyboard-interactive, from a chosen source address) that drive shells.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, type ClientChannel } from 'ssh2';
import { HeadendApp } from '../../src/app.ts';
import { startSsh, type SshHandle } from '../../src/ssh/server.ts';
import { freePort } from './ssh-headend.ts';

export interface Rig { app: HeadendApp; ssh: SshHandle; port: number; addr: string; logs: string[]; dir: string; close(): Promise<void> }

const rigs = new Set<Rig>();
const clients = new Set<Client>();

export async function rig(addr: string, config: string, o: { minuteMs?: number; dir?: string } = {}): Promise<Rig> {
  const dir = o.dir ?? mkdtempSync(join(tmpdir(), 'headend-ssh-'));
  const cfg = join(dir, 'boot.cfg');
  writeFileSync(cfg, config);
  // the app's syslog console (AAA messages) and the SSH server's lines, in one list
  const logs: string[] = [];
  const app = new HeadendApp({ stateDir: dir, configFile: cfg, console: (l) => logs.push(l) });
  const boot = await app.boot();
  if (boot.errors.length) throw new Error(`boot: ${boot.errors.join('\n')}`);
  const port = await freePort(addr);
  const ssh = startSsh(app, { port, minuteMs: o.minuteMs, log: (l) => logs.push(l) });
  const r: Rig = { app, ssh, port, addr, logs, dir, close: async () => { rigs.delete(r); await ssh.stop(); } };
  rigs.add(r);
  return r;
}

export async function cleanup(removeDirs = true): Promise<void> {
  for (const c of clients) c.end();
  clients.clear();
  for (const r of [...rigs]) {
    await r.close();
    if (removeDirs) rmSync(r.dir, { recursive: true, force: true });
  }
}

export interface Login { user: string; password: string; from: string; method?: 'password' | 'keyboard-interactive'; host?: string }

/** resolves with a ready client, rejects with the client's error (e.g. authentication failed) */
export function connect(r: { port: number; addr: string }, l: Login, timeoutMs = 10_000): Promise<Client> {
  return new Promise((resolve, reject) => {
    const c = new Client();
    clients.add(c);
    const t = setTimeout(() => { c.end(); reject(new Error('connect timed out')); }, timeoutMs);
    c.once('ready', () => { clearTimeout(t); resolve(c); });
    c.once('error', (e) => { clearTimeout(t); reject(e); });
    c.once('close', () => { clearTimeout(t); reject(new Error('closed')); });
    c.on('keyboard-interactive', (_n, _i, _l, prompts, finish) => finish(prompts.map(() => l.password)));
    c.connect({
      host: l.host ?? r.addr, port: r.port, username: l.user, localAddress: l.from,
      ...(l.method === 'keyboard-interactive' ? { tryKeyboard: true, authHandler: ['keyboard-interactive'] } : { password: l.password, authHandler: ['password'] }),
      readyTimeout: timeoutMs,
    } as never);
  });
}

/** a shell channel with a rolling output buffer and `until` */
export class Shell {
  out = '';
  private pos = 0;
  closed = false;
  constructor(readonly ch: ClientChannel) {
    ch.setEncoding('utf8');
    ch.on('data', (s: string) => { this.out += s; });
    ch.stderr.on('data', (s: Buffer) => { this.out += s.toString(); });
    ch.on('close', () => { this.closed = true; });
  }

  async until(p: string | RegExp, ms = 10_000): Promise<string> {
    const end = Date.now() + ms;
    for (;;) {
      const rest = this.out.slice(this.pos);
      const m = typeof p === 'string' ? (rest.includes(p) ? { index: rest.indexOf(p), 0: p } : null) : p.exec(rest);
      if (m) { const upto = rest.slice(0, m.index! + m[0].length); this.pos += upto.length; return upto; }
      if (Date.now() > end || this.closed) throw new Error(`expected ${String(p)}; got ${JSON.stringify(rest.slice(-400))}`);
      await new Promise((res) => setTimeout(res, 10));
    }
  }

  /** type a line and wait for the next prompt ending in `prompt` */
  async cmd(line: string, prompt: string | RegExp = /[>#] $/, ms = 10_000): Promise<string> {
    this.ch.write(line + '\r');
    return this.until(prompt, ms);
  }

  waitClose(ms = 10_000): Promise<void> {
    return new Promise((res, rej) => {
      if (this.closed) { res(); return; }
      const t = setTimeout(() => rej(new Error('channel did not close')), ms);
      this.ch.once('close', () => { clearTimeout(t); res(); });
    });
  }
}

export function shell(c: Client, pty = true): Promise<Shell> {
  return new Promise((res, rej) => {
    const cb = (err: Error | undefined, ch: ClientChannel) => (err ? rej(err) : res(new Shell(ch)));
    if (pty) c.shell({ term: 'vt100', cols: 200, rows: 50 }, cb);
    else c.shell(false, cb);
  });
}

export function execOut(c: Client, command: string): Promise<string> {
  return new Promise((res, rej) => {
    c.exec(command, (err, ch) => {
      if (err) { rej(err); return; }
      let out = '';
      ch.setEncoding('utf8');
      ch.on('data', (s: string) => { out += s; });
      ch.on('close', () => res(out));
    });
  });
}

export function untilClosed(c: Client, ms = 10_000): Promise<void> {
  return new Promise((res, rej) => {
    const t = setTimeout(() => rej(new Error('client not closed')), ms);
    c.once('close', () => { clearTimeout(t); res(); });
  });
}
