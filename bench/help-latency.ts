// bench/help-latency: `?` and Tab on an interactive Session (src/shell/session.ts), in process,
// with a 50,000-line running-config (bench/gen-config.ts: ~1,900 group-policies, pools,
// tunnel-groups and users) beside the same keystrokes on a 100-line config. Latency runs from
// the key to the redrawn prompt line: `?` goes through the async help path (Interpreter.line →
// helpText → drain → redraw); Tab is synchronous (complete → redraw).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadendApp } from '../src/app.ts';
import { Session } from '../src/shell/session.ts';
import { generateConfig } from './gen-config.ts';

interface Op { name: string; mode: string[]; text: string; key: '?' | '\t' }

/** typed in each mode after `configure terminal`; gp0/tg0 exist in both configs */
const OPS: Op[] = [
  { name: 'show running-config ?', mode: [], text: 'show running-config ', key: '?' },
  { name: 'anyconnect ? (group-webvpn)', mode: ['group-policy gp0 attributes', 'webvpn'], text: 'anyconnect ', key: '?' },
  { name: 'default-group-policy ? (all group-policies)', mode: ['tunnel-group tg0 general-attributes'], text: 'default-group-policy ', key: '?' },
  { name: 'address-pool ? (all pools)', mode: ['tunnel-group tg0 general-attributes'], text: 'address-pool ', key: '?' },
  { name: 'address-pools value ? (group-policy)', mode: ['group-policy gp0 attributes'], text: 'address-pools value ', key: '?' },
  { name: 'vpn-group-policy gp1? (username)', mode: ['username user0 attributes'], text: 'vpn-group-policy gp1', key: '?' },
  { name: 'Tab: default-group-policy gp', mode: ['tunnel-group tg0 general-attributes'], text: 'default-group-policy gp', key: '\t' },
  { name: 'Tab: tunnel-group tg1', mode: [], text: 'tunnel-group tg1', key: '\t' },
  { name: 'Tab: anyc (group-webvpn)', mode: ['group-policy gp0 attributes', 'webvpn'], text: 'anyc', key: '\t' },
  { name: 'Tab: vpn-tunnel-p (group-policy)', mode: ['group-policy gp0 attributes'], text: 'vpn-tunnel-p', key: '\t' },
];

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function measure(lines: number, samples: number): Promise<Map<string, { p50: number; p99: number; out: number }>> {
  const dir = mkdtempSync(join(tmpdir(), 'headend-bench-help-'));
  const res = new Map<string, { p50: number; p99: number; out: number }>();
  try {
    const app = new HeadendApp({ stateDir: dir });
    await app.boot();
    const r = await app.loadText(generateConfig(lines).join('\n'), 'bench');
    if (r.errors.length) throw new Error(`config of ${lines} lines: ${r.errors.slice(0, 3).join(' | ')}`);
    let buf = '';
    let waitFor: { s: string; done: () => void } | undefined;
    const s = new Session({
      app, user: 'enable_15', maxLevel: 15, privileged: true, interactive: true, echo: false,
      write: (x) => { buf += x; if (waitFor && x === waitFor.s) { const w = waitFor; waitFor = undefined; w.done(); } },
      close: () => {},
    });
    s.pagerLines = 0;
    s.start();
    const prompt = () => s.sh.prompt() + ' ';
    /** a whole line, then wait for the prompt after it */
    const enter = async (line: string) => {
      buf = '';
      s.feed(line + '\r');
      for (let i = 0; i < 100_000 && !(buf.includes('\r\n') && buf.endsWith(prompt())); i++) await new Promise((r) => setImmediate(r));
      if (/ERROR/.test(buf)) throw new Error(`${line}: ${buf}`);
    };

    for (const op of OPS) {
      s.feed('\x1a'); // Ctrl-Z: back to privileged EXEC
      buf = '';
      await enter('configure terminal');
      for (const l of op.mode) await enter(l);
      const times: number[] = [];
      let outChars = 0;
      for (let i = 0; i < samples + 20; i++) {
        s.feed(op.text);
        buf = '';
        let t: bigint;
        if (op.key === '?') {
          const redrawn = new Promise<void>((done) => { waitFor = { s: prompt() + op.text, done }; });
          t = process.hrtime.bigint();
          s.feed('?');
          await redrawn;
        } else {
          t = process.hrtime.bigint();
          s.feed('\t');
        }
        const ns = Number(process.hrtime.bigint() - t);
        if (i >= 20) times.push(ns / 1000);
        outChars = buf.length;
        s.feed('\x05\x15'); // end of line, then erase it
        await new Promise((r) => setImmediate(r));
      }
      times.sort((a, b) => a - b);
      res.set(op.name, { p50: pct(times, 50), p99: pct(times, 99), out: outChars });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return res;
}

export async function benchHelpLatency(samples = 300): Promise<Record<string, number>> {
  await measure(100, 50); // JIT warm-up of the whole path, so neither side pays it
  const small = await measure(100, samples);
  const big = await measure(50_000, samples);
  console.log(`help-latency (in-process Session, ${samples} samples each; µs, 50,000-line config vs 100-line config):`);
  const out: Record<string, number> = {};
  let worst = 0;
  for (const op of OPS) {
    const b = big.get(op.name)!, s = small.get(op.name)!;
    const ratio = b.p50 / s.p50;
    worst = Math.max(worst, b.p99);
    console.log(`  ${op.name.padEnd(44)} p50 ${b.p50.toFixed(0).padStart(6)} p99 ${b.p99.toFixed(0).padStart(6)}  | baseline p50 ${s.p50.toFixed(0).padStart(5)} p99 ${s.p99.toFixed(0).padStart(5)}  | ratio p50 ${ratio.toFixed(1)}x  (${b.out} chars out)`);
    out[`${op.name} p50us`] = b.p50;
    out[`${op.name} p99us`] = b.p99;
    out[`${op.name} ratio`] = ratio;
  }
  console.log(`help-latency: worst p99 ${(worst / 1000).toFixed(1)} ms with 50,000 lines`);
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchHelpLatency(Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 300));
