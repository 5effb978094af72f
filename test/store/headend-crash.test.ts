// A whole headend is SIGKILLed at random moments while it runs `write memory` over and over, 200
// times (HEADEND_CRASH_RUNS to change it): the startup-config is then always exactly the last
// acknowledged configuration or the one being written, never torn, and it loads into a fresh instance
// with its own checksum.
// Each child is `node bin/headend.cjs`, which starts from its esbuild bundle (~0.4 s a boot).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import { HeadendApp } from '../../src/app.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RUNS = Number(process.env.HEADEND_CRASH_RUNS ?? 200);
const LANES = 2;
const MAIN = path.join(ROOT, 'bin/headend.cjs');

const hostOf = (text: string): string | undefined => /^hostname (\S+)$/m.exec(text)?.[1];

interface Run { acked: string[]; inFlight?: string; signal: NodeJS.Signals | null }

function runAndKill(stateDir: string, cfg: string, first: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, '--state-dir', stateDir, '--config', cfg, '--no-ssh', '--no-gateway'], {
      cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let killer: NodeJS.Timeout | undefined;
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      if (!killer && /\[OK\]/.test(out)) killer = setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 120));
    });
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (_c, signal) => {
      clearTimeout(guard);
      clearTimeout(killer);
      // each `write memory` follows its `hostname`; an [OK] acknowledges the hostname before it
      const acked: string[] = [];
      let current: string | undefined;
      let inFlight: string | undefined;
      for (const line of out.split('\n')) {
        const h = /# hostname (\S+)$/.exec(line);
        if (h) current = h[1];
        if (/# write memory$/.test(line)) inFlight = current;
        if (line === '[OK]' && current) { acked.push(current); inFlight = undefined; }
      }
      resolve({ acked, inFlight, signal });
    });
    child.stdin.on('error', () => {});
    const lines = ['configure terminal'];
    for (let i = 0; i < 400; i++) lines.push(`hostname h${first + i}`, 'write memory');
    child.stdin.end(lines.join('\n') + '\n');
  });
}

async function loadsWithItsChecksum(text: string): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headend-crash-load-'));
  try {
    const file = path.join(dir, 'startup.cfg');
    fs.writeFileSync(file, text);
    const app = new HeadendApp({ stateDir: dir, configFile: file });
    const r = await app.boot();
    expect(r.errors).toEqual([]);
    const sum = /^Cryptochecksum:([0-9a-f]{32})$/m.exec(text)?.[1];
    expect(sum, 'no Cryptochecksum line: torn').toBeDefined();
    expect(app.config.checksum()).toBe(sum);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('write memory under SIGKILL', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it(`leaves the old or the new startup-config across ${RUNS} kills of headend`, async () => {
    const tally = { runs: 0, old: 0, new: 0, acked: 0 };
    const lane = async (runs: number) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headend-crash-'));
      dirs.push(dir);
      const cfg = path.join(dir, 'boot.cfg');
      fs.writeFileSync(cfg, 'hostname boot\nusername admin password Adm1n-pass privilege 15\n');
      let saved: string | undefined;
      for (let i = 0; i < runs; i++) {
        const r = await runAndKill(dir, cfg, i * 1000);
        expect(r.signal).toBe('SIGKILL');
        const old = r.acked.length ? r.acked[r.acked.length - 1] : saved;
        const text = openStore(dir).readStartup();
        tally.runs++;
        tally.acked += r.acked.length;
        if (text === null) { expect(old, 'startup-config missing after an acknowledged write').toBeUndefined(); continue; }
        expect(text.endsWith(': end\n'), 'torn startup-config').toBe(true);
        const host = hostOf(text);
        expect([old, r.inFlight]).toContain(host);
        if (host === old) tally.old++; else tally.new++;
        if (i % 10 === 0) await loadsWithItsChecksum(text);
        saved = host;
      }
      const last = openStore(dir).readStartup();
      if (last) await loadsWithItsChecksum(last);
    };
    await Promise.all(Array.from({ length: LANES }, (_, i) => lane(Math.floor(RUNS / LANES) + (i < RUNS % LANES ? 1 : 0))));
    console.log(`headend crash test: ${tally.runs} kills, old=${tally.old} new=${tally.new}, ${tally.acked} acknowledged writes`);
    expect(tally.runs).toBe(RUNS);
    expect(tally.acked).toBeGreaterThan(0);
  }, 600_000);
});
