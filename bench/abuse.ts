// bench/abuse (issue 11 acceptance): RSS of a headend child while one peer abuses it, each beside a
// stated bound, and the longest event-loop stall during hostile output filters. The headend runs in
// a child (this file with `--child`: startProduct of test/helpers/loadgen.ts) that reports its RSS
// (/proc/self/status VmRSS) and loop stalls over IPC. Loopback only. `--quick`: smaller sizes.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const MB = 1024 * 1024;
const rssMB = (): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;

if (process.argv.includes('--child')) {
  const { startProduct } = await import('../test/helpers/loadgen.ts');
  const { Session } = await import('../src/shell/session.ts');
  const p = await startProduct(['username lee password pw-lee-1', 'group-policy DfltGrpPolicy attributes', ' vpn-tunnel-protocol ssl-client']);
  process.on('message', async (m: { op: string; lines?: number; cmds?: string[] }) => {
    if (m.op === 'rss') { global.gc?.(); process.send!({ rss: rssMB() }); return; }
    if (m.op === 'filter') {
      const cfg: string[] = [];
      for (let i = 0; i < m.lines!; i++) cfg.push(`object network obj${i}`, ` host 198.18.${(i >> 8) & 255}.${i & 255}`, ` description ${'a'.repeat(150)}`);
      await p.configure(cfg);
      let out = '';
      const s = new Session({ app: p.app, user: 'enable_15', maxLevel: 15, privileged: true, interactive: false, echo: false, write: (t) => { out += t; }, close: () => {} });
      s.start();
      const res: Record<string, number> = {};
      for (const c of m.cmds!) {
        const h = monitorEventLoopDelay({ resolution: 5 }); h.enable();
        await new Promise((r) => setTimeout(r, 50));
        out = '';
        s.feed(c + '\n'); await s.end();
        await new Promise((r) => setTimeout(r, 50));
        h.disable();
        res[c] = h.max / 1e6;
      }
      process.send!({ stalls: res });
    }
  });
  process.send!({ port: p.port });
  process.on('disconnect', () => { void p.stop().then(() => process.exit(0)); });
} else if (process.argv[1] && fileURLToPath(import.meta.url).endsWith(process.argv[1].replace(/^.*bench\//, 'bench/'))) {
  await benchAbuse(process.argv.includes('--quick'));
  process.exit(0);
}

function call<T>(c: ChildProcess, msg: object, key: string): Promise<T> {
  return new Promise((res) => { const f = (m: Record<string, unknown>): void => { if (key in m) { c.off('message', f); res(m[key] as T); } }; c.on('message', f); c.send(msg); });
}

function conn(port: number, localAddress = '127.0.0.1'): Promise<tls.TLSSocket> {
  // the source address is the TCP socket's: TLS runs over it
  const raw = net.connect({ host: '127.0.0.1', port, localAddress });
  return new Promise((res, rej) => { const s = tls.connect({ socket: raw, rejectUnauthorized: false }, () => res(s)); s.once('error', rej); });
}

export async function benchAbuse(quick = false): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), ['--child'], { execArgv: ['--import', 'tsx', '--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const kill = (): void => { child.kill('SIGKILL'); process.exit(130); };
  process.once('SIGINT', kill); process.once('SIGTERM', kill);
  const port = await call<number>(child, {}, 'port');
  const rows: string[] = [];
  const measure = async (name: string, boundMB: number, attack: () => Promise<void>): Promise<void> => {
    const base = await call<number>(child, { op: 'rss' }, 'rss');
    let peak = base;
    const t = setInterval(() => { void call<number>(child, { op: 'rss' }, 'rss').then((r) => { peak = Math.max(peak, r); }); }, 100);
    await attack();
    await new Promise((r) => setTimeout(r, 500));
    clearInterval(t);
    peak = Math.max(peak, await call<number>(child, { op: 'rss' }, 'rss'));
    const g = peak - base;
    rows.push(`| ${name} | ${base.toFixed(1)} | ${peak.toFixed(1)} | +${g.toFixed(1)} MB | +${boundMB} MB | ${g <= boundMB ? 'PASS' : 'FAIL'} |`);
    console.log(rows[rows.length - 1]);
  };
  console.log('abuse bench: | attack | baseline RSS MB | peak RSS MB | growth | bound | |');
  // 1. pipelined HTTP, replies never read
  await measure(`${quick ? 2 : 10} MB pipelined GETs, unauthenticated, never read`, 50, async () => {
    const s = await conn(port); s.pause();
    const req = Buffer.from('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'.repeat(1000));
    const end = Date.now() + 30_000;
    for (let sent = 0; sent < (quick ? 2 : 10) * MB && !s.destroyed && Date.now() < end; sent += req.length) {
      if (!s.write(req)) await new Promise((r) => { s.once('drain', r); s.once('close', r); setTimeout(r, 2000); });
      if (s.writableNeedDrain) break;
    }
    await new Promise((r) => setTimeout(r, 1000));
    s.destroy();
  });
  // 2. 2,000 distinct 64 KB usernames fail (VPN XML auth), from distinct loopback sources
  const N = quick ? 500 : 2000;
  await measure(`${N} distinct 64 KB usernames fail`, 50, async () => {
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < N; i = next++) {
        const s = await conn(port, `127.3.${i >> 8}.${(i & 255) || 1}`);
        const body = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<config-auth client="vpn" type="auth-reply" aggregate-auth-version="2"><auth><username>${`${i}:`.padEnd(65536, 'x')}</username><password>guess</password></auth></config-auth>`);
        await new Promise<void>((r) => {
          s.on('data', (d: Buffer) => { if (d.includes('\r\n\r\n')) r(); }); s.on('close', () => r()); setTimeout(r, 10_000);
          s.write(Buffer.concat([Buffer.from(`POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Aggregate-Auth: 1\r\nX-Transcend-Version: 1\r\nContent-Type: application/xml\r\nContent-Length: ${body.length}\r\n\r\n`), body]));
        });
        s.destroy();
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
  });
  // 4. hostile filters on a large config
  const cmds = ['show running-config', 'show running-config | include (a|a)*b', 'show running-config | exclude (a+)+$x', 'show running-config | begin (a|aa)*c', 'show running-config | include (.*a){12}b'];
  const stalls = await call<Record<string, number>>(child, { op: 'filter', lines: quick ? 1000 : 5000, cmds }, 'stalls');
  for (const [c, ms] of Object.entries(stalls)) console.log(`| loop stall: \`${c}\` (${(quick ? 1000 : 5000) * 3} config lines) | ${ms.toFixed(1)} ms | bound 50 ms | ${ms <= 50 ? 'PASS' : 'FAIL'} |`);
  process.off('SIGINT', kill); process.off('SIGTERM', kill);
  child.disconnect();
  await new Promise((r) => { child.once('exit', r); setTimeout(() => { child.kill('SIGKILL'); r(null); }, 5000); });
}
