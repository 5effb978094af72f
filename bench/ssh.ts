// bench/ssh: a 100,000-line configuration pasted over SSH (lines/s, beside the same paste
// in-process), and keystroke echo latency over SSH (p50/p99, beside the same keystrokes fed to an
// in-process session).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, type ClientChannel } from 'ssh2';
import { HeadendApp } from '../src/app.ts';
import { startSsh } from '../src/ssh/server.ts';
import { Session } from '../src/shell/session.ts';
import { generateConfig } from './gen-config.ts';
import { freePort } from './loadgen/net.ts';

const ADDR = '127.46.0.1';
const PW = 'Bench-pass-1';
const BOOT = `hostname bench
interface GigabitEthernet0/1
 nameif inside
 security-level 100
 ip address ${ADDR} 255.255.255.0
aaa authentication ssh console LOCAL
aaa authorization exec LOCAL auto-enable
ssh 127.0.0.0 255.0.0.0 inside
username admin password ${PW} privilege 15
`;

async function boot(dir: string): Promise<HeadendApp> {
  const cfg = join(dir, 'boot.cfg');
  writeFileSync(cfg, BOOT);
  const app = new HeadendApp({ stateDir: dir, configFile: cfg });
  await app.boot();
  return app;
}

function connect(port: number): Promise<{ c: Client; ch: ClientChannel }> {
  return new Promise((resolve, reject) => {
    const c = new Client();
    c.on('ready', () => c.shell({ term: 'vt100', rows: 24, cols: 200 }, (err, ch) => (err ? reject(err) : resolve({ c, ch }))));
    c.on('error', reject);
    c.connect({ host: ADDR, port, username: 'admin', password: PW, localAddress: ADDR, readyTimeout: 20_000 });
  });
}

/** resolves when `re` appears in what the channel writes from now on */
function until(ch: ClientChannel, re: RegExp, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let acc = '';
    const t = setTimeout(() => { ch.off('data', on); reject(new Error(`timeout waiting for ${re}`)); }, timeoutMs);
    const on = (d: Buffer) => {
      acc = (acc + d.toString('utf8')).slice(-4096);
      if (re.test(acc)) { clearTimeout(t); ch.off('data', on); resolve(); }
    };
    ch.on('data', on);
  });
}

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };

export async function benchSsh(lines = 100_000, keys = 500): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'headend-bench-ssh-'));
  const dir2 = mkdtempSync(join(tmpdir(), 'headend-bench-ssh-base-'));
  try {
    const text = generateConfig(lines);
    // baseline: the same paste in-process
    const base = await boot(dir2);
    let t = process.hrtime.bigint();
    await base.loadText(text.join('\n'), 'bench');
    const inproc = lines / (Number(process.hrtime.bigint() - t) / 1e9);

    const app = await boot(dir);
    const port = await freePort(ADDR);
    const ssh = startSsh(app, { port, log: () => {} });
    try {
      const { c, ch } = await connect(port);
      await until(ch, /bench# $/, 20_000);
      ch.write('terminal pager 0\nconfigure terminal\n');
      await until(ch, /\(config\)# $/, 20_000);
      // the last line is a marker whose prompt shows the paste has been consumed
      const done = until(ch, /marker-done\(config\)# $/, 600_000);
      t = process.hrtime.bigint();
      const payload = text.join('\n') + '\nhostname marker-done\n';
      for (let i = 0; i < payload.length; i += 65536) {
        if (!ch.write(payload.slice(i, i + 65536))) await new Promise((r) => ch.once('drain', r));
      }
      await done;
      const overSsh = lines / (Number(process.hrtime.bigint() - t) / 1e9);
      console.log(`paste over SSH (${lines} lines): ${overSsh.toFixed(0)} lines/s; in-process ${inproc.toFixed(0)} lines/s; ratio ${(overSsh / inproc).toFixed(2)}`);

      // keystroke echo: one printable key at a time, timed until its echo arrives
      ch.write('\x15');
      const sshLat: number[] = [];
      for (let i = 0; i < keys; i++) {
        const ch1 = String.fromCharCode(97 + (i % 26));
        const echoed = new Promise<void>((resolve) => ch.once('data', () => resolve()));
        const k0 = process.hrtime.bigint();
        ch.write(ch1);
        await echoed;
        sshLat.push(Number(process.hrtime.bigint() - k0) / 1000);
        if (i % 60 === 59) { ch.write('\x15'); await new Promise((r) => ch.once('data', r)); }
      }
      c.end();
      // baseline: the same keys into an in-process interactive session
      const local: number[] = [];
      let resolveEcho: (() => void) | undefined;
      const s = new Session({ app, user: 'admin', maxLevel: 15, privileged: true, interactive: true, echo: false, write: () => resolveEcho?.(), close: () => {} });
      s.start();
      for (let i = 0; i < keys; i++) {
        const echoed = new Promise<void>((r) => { resolveEcho = r; });
        const k0 = process.hrtime.bigint();
        s.feed(String.fromCharCode(97 + (i % 26)));
        await echoed;
        local.push(Number(process.hrtime.bigint() - k0) / 1000);
        if (i % 60 === 59) s.feed('\x15');
      }
      const p50 = pct(sshLat, 0.5), p99 = pct(sshLat, 0.99), b99 = pct(local, 0.99);
      console.log(`keystroke echo over SSH (${keys} keys): p50 ${p50.toFixed(0)} us, p99 ${p99.toFixed(0)} us; in-process session p99 ${b99.toFixed(0)} us; ratio ${(p99 / b99).toFixed(1)}`);
      return { sshLinesPerSec: overSsh, inprocLinesPerSec: inproc, echoP50us: p50, echoP99us: p99, localEchoP99us: b99 };
    } finally {
      await ssh.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(dir2, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchSsh(Number(process.argv[2] ?? 100_000));
  process.exit(0);
}
