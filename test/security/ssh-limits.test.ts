// Issue 11, points 12 and 13: SSH caps what a peer can hold, as OpenSSH does. At most MAX_STARTUPS
// (10) connections wait unauthenticated (OpenSSH's MaxStartups), one more is closed at once; at most
// MAX_SESSIONS (10) session channels per connection (MaxSessions); compression only `none` and the
// delayed `zlib@openssh.com`, never `zlib` before authentication.
import { spawn } from 'node:child_process';
import net from 'node:net';
import { Client, type ClientChannel } from 'ssh2';
import { afterEach, describe, expect, it } from 'vitest';
import { baseConfig } from '../helpers/ssh-headend.ts';
import { cleanup, connect, execOut, rig, shell, type Rig } from '../helpers/ssh-inproc.ts';
import { MAX_STARTUPS } from '../../src/ssh/server.ts';

const ADDR = '127.72.0.1';
const FROM = '127.72.0.9';

afterEach(() => cleanup());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** a TCP connection that never says a word of SSH; `ident` is what the server sent, `closed` whether it hung up */
interface Silent { sock: net.Socket; ident: string; closed: boolean }
function silent(r: Rig): Promise<Silent> {
  return new Promise((resolve, reject) => {
    const s: Silent = { sock: net.connect({ host: r.addr, port: r.port, localAddress: FROM }), ident: '', closed: false };
    s.sock.setEncoding('utf8');
    s.sock.on('data', (d: string) => { s.ident += d; });
    s.sock.on('close', () => { s.closed = true; });
    s.sock.on('error', () => {});
    s.sock.once('connect', () => resolve(s));
    s.sock.once('error', reject);
  });
}

async function until(pred: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** an ssh2 client offering `compress`; resolves with what the handshake chose, rejects on failure */
function handshake(r: Rig, compress: string[]): Promise<{ cs: string; sc: string }> {
  return new Promise((resolve, reject) => {
    const c = new Client();
    let got: { cs: string; sc: string } | undefined;
    c.on('handshake', (n) => { got = { cs: n.cs.compress, sc: n.sc.compress }; });
    c.on('ready', () => { c.end(); resolve(got!); });
    c.on('error', (e) => { c.end(); reject(e); });
    c.connect({
      host: r.addr, port: r.port, localAddress: FROM, username: 'admin', password: 'adminpw', readyTimeout: 10_000,
      algorithms: { compress: compress as never },
    } as never);
  });
}

/** a shell channel without a pty, its output read into `out` */
function openShell(c: Client): Promise<ClientChannel & { out: string }> {
  return new Promise((resolve, reject) => c.shell(false, (err, ch) => {
    if (err) { reject(err); return; }
    const x = Object.assign(ch, { out: '' });
    ch.setEncoding('utf8').on('data', (d: string) => { x.out += d; });
    resolve(x);
  }));
}

describe('SSH limits', () => {
  it(`at most ${MAX_STARTUPS} connections wait unauthenticated; the next is closed at once; logged-in ones do not count`, async () => {
    const r = await rig(ADDR, baseConfig(ADDR));
    const admins = [await connect(r, { user: 'admin', password: 'adminpw', from: FROM }), await connect(r, { user: 'admin', password: 'adminpw', from: FROM })];
    const waiting: Silent[] = [];
    for (let i = 0; i < MAX_STARTUPS; i++) waiting.push(await silent(r));
    // each of them got the server's version line: they are in, waiting for the client's
    await until(() => waiting.every((s) => s.ident.startsWith('SSH-2.0-Cisco-1.25')), 10_000, 'the version line on every waiting connection');
    const extra = [await silent(r), await silent(r)];
    await until(() => extra.every((s) => s.closed), 5_000, 'the two beyond the limit to be closed');
    expect(extra.map((s) => s.ident)).toEqual(['', '']);
    expect(waiting.filter((s) => s.closed)).toHaveLength(0);
    // the logged-in admins still work, and a slot freed lets a new login in
    expect(await execOut(admins[0], 'show hostname')).toContain('headend');
    waiting.pop()!.sock.destroy();
    await sleep(100);
    const late = await connect(r, { user: 'admin', password: 'adminpw', from: FROM });
    expect(await execOut(late, 'show hostname')).toContain('headend');
    for (const s of waiting) s.sock.destroy();
  }, 60_000);

  it('at most 10 session channels on one connection; one closed makes room for another', async () => {
    const r = await rig(ADDR, baseConfig(ADDR));
    const c = await connect(r, { user: 'admin', password: 'adminpw', from: FROM });
    const open: ClientChannel[] = [];
    for (let i = 0; i < 10; i++) open.push(await openShell(c));
    await expect(openShell(c)).rejects.toThrow();
    const first = open.shift()!;
    const closed = new Promise((res) => first.once('close', res));
    first.end();
    await closed;
    await sleep(100);
    const again = await openShell(c);
    again.end('show hostname\n');
    await new Promise((res) => again.once('close', res));
    expect(again.out).toContain('headend> show hostname\nheadend\n');
  }, 60_000);

  it('a client that sends without reading what its lines print is held to its SSH window, and runs on once it reads', async () => {
    const r = await rig(ADDR, baseConfig(ADDR));
    const c = await connect(r, { user: 'admin', password: 'adminpw', from: FROM });
    // no 'data' listener: the client never opens the server's output window again
    const ch = await new Promise<ClientChannel>((res, rej) => c.shell(false, (e, x) => (e ? rej(e) : res(x))));
    // each bad line prints an error of its own: the output window (2 MB) fills after ~25,000 lines
    const chunk = Buffer.from('no such command\n'.repeat(4096));
    let accepted = 0, stalled = false;
    const end = Date.now() + 20_000;
    while (Date.now() < end && accepted < 128 << 20) {
      accepted += chunk.length;
      if (ch.write(chunk)) continue;
      // the server stops opening the client's window: no drain comes
      const drained = await Promise.race([new Promise((res) => ch.once('drain', () => res(true))), sleep(1500).then(() => false)]);
      if (!drained) { stalled = true; break; }
    }
    expect(stalled).toBe(true);
    // what the server took: its queue (IN_QUEUE_MAX), ssh2's buffers and the client's window, a few MB
    expect(accepted).toBeLessThan(16 << 20);
    // the client reads again: output flows, and the input waiting behind it runs
    let got = 0;
    ch.on('data', (d: Buffer) => { got += d.length; });
    await until(() => got > 4 << 20, 20_000, 'output once the client reads');
    c.end();
  }, 60_000);

  it('offers no pre-authentication zlib: a zlib-only client is refused, a zlib-first one gets the delayed zlib@openssh.com', async () => {
    const r = await rig(ADDR, baseConfig(ADDR));
    await expect(handshake(r, ['zlib'])).rejects.toThrow(/compression|no matching/i);
    expect(await handshake(r, ['zlib', 'zlib@openssh.com', 'none'])).toEqual({ cs: 'zlib@openssh.com', sc: 'zlib@openssh.com' });
    expect(await handshake(r, ['none'])).toEqual({ cs: 'none', sc: 'none' });
    // and a shell works through the delayed compression once logged in
    const c = new Client();
    await new Promise<void>((res, rej) => {
      c.on('ready', () => res()).on('error', rej).connect({ host: r.addr, port: r.port, localAddress: FROM, username: 'admin', password: 'adminpw', algorithms: { compress: ['zlib@openssh.com'] } } as never);
    });
    const sh = await shell(c);
    expect(await sh.cmd('show hostname')).toContain('headend');
    c.end();
  }, 60_000);

  it('OpenSSH with Compression=yes sees only none and zlib@openssh.com offered (ssh -vvv)', async () => {
    const r = await rig(ADDR, baseConfig(ADDR));
    const err = await new Promise<string>((resolve) => {
      const p = spawn('ssh', ['-vvv', '-o', 'Compression=yes', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null',
        '-o', `BindAddress=${FROM}`, '-o', 'ConnectTimeout=10', '-p', String(r.port), `nobody@${r.addr}`, 'exit'], { stdio: ['ignore', 'ignore', 'pipe'] });
      let e = '';
      p.stderr.setEncoding('utf8').on('data', (s: string) => { e += s; });
      const t = setTimeout(() => p.kill('SIGKILL'), 30_000);
      p.on('close', () => { clearTimeout(t); resolve(e); });
    });
    // the server's KEXINIT proposal as OpenSSH prints it, then what was chosen
    const peer = err.slice(err.indexOf('peer server KEXINIT proposal'));
    // ssh's own last words beside a failure: once, under load, it printed no proposal at all
    const said = err.split('\n').filter((l) => !l.startsWith('debug3')).slice(-12).join('\n');
    expect(/compression ctos: (\S+)/.exec(peer)?.[1], said).toBe('none,zlib@openssh.com');
    expect(/compression stoc: (\S+)/.exec(peer)?.[1], said).toBe('none,zlib@openssh.com');
    expect(err).toMatch(/kex: server->client cipher: \S+ MAC: \S+ compression: zlib@openssh.com/);
  }, 60_000);
});
