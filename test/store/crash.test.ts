// SIGKILLs a process in the middle of `write memory`, over and over, and
// checks that the saved startup-config is always exactly the last
// acknowledged text ("old") or the one being written ("new"), never torn,
// never missing once a write has been acknowledged.
//
// The writer (the real src/store code) is bundled once with esbuild so that each of the 200 spawns
// starts in plain node instead of paying tsx's start-up; runs are split over two lanes (separate
// state folders); STORE_CRASH_RUNS overrides the total.

import { spawn } from 'node:child_process';
import { buildSync } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, md5Hex } from '../../src/store/index.ts';
import { isTempName } from '../../src/store/atomic.ts';
import { checkConfig, makeConfig } from '../fixtures/store-configs.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WRITER_SRC = path.join(ROOT, 'test/fixtures/store-writer.ts');
const BUNDLE_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'store-writer-'));
const WRITER = path.join(BUNDLE_DIR, 'store-writer.mjs');
buildSync({
  entryPoints: [WRITER_SRC], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: WRITER,
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'error',
});
const RUNS = Number(process.env.STORE_CRASH_RUNS ?? 200);
const LANES = 2;

interface RunResult {
  start: number;
  acked: number[];
  signal: NodeJS.Signals | null;
  stderr: string;
}

function runAndKill(stateDir: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, stateDir], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let stderr = '';
    let start = -1;
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      const m = /^ready (\d+)$/m.exec(out);
      if (start < 0 && m) {
        start = Number(m[1]);
        setTimeout(() => child.kill('SIGKILL'), 5 + Math.floor(Math.random() * 56));
      }
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    // 'close' rather than 'exit': every line the child wrote has been read.
    child.on('close', (_code, signal) => {
      const acked = [...out.matchAll(/^wrote (\d+)$/gm)].map((m) => Number(m[1]));
      resolve({ start, acked, signal, stderr });
    });
  });
}

interface Tally {
  runs: number;
  old: number;
  new: number;
  empty: number;
  writes: number;
  /** Kills that left a temp file behind, i.e. landed inside a write. */
  midWrite: number;
}

async function lane(stateDir: string, runs: number, tally: Tally): Promise<void> {
  // n of the text the store held after the previous kill; null before any.
  let saved: number | null = null;
  for (let i = 0; i < runs; i++) {
    const r = await runAndKill(stateDir);
    expect(r.stderr).toBe('');
    expect(r.signal).toBe('SIGKILL');
    expect(r.start).toBe(saved === null ? 0 : saved + 1);

    const old = r.acked.length ? r.acked[r.acked.length - 1]! : saved;
    const next = old === null ? 0 : old + 1;
    if (fs.readdirSync(stateDir).some(isTempName)) tally.midWrite++;
    const store = openStore(stateDir);
    const text = store.readStartup();
    tally.runs++;
    tally.writes += r.acked.length;
    if (text === null) {
      expect(old, 'startup-config missing after an acknowledged write').toBeNull();
      tally.empty++;
      continue;
    }
    const n = checkConfig(text);
    expect(n, 'startup-config torn').toBeTypeOf('number');
    expect([old, next]).toContain(n);
    expect(text).toBe(makeConfig(n as number));
    expect(store.startupInfo()?.checksum).toBe(md5Hex(text));
    if (n === old) tally.old++;
    else tally.new++;
    saved = n as number;
  }
  // The writer is dead and reaped, so openStore swept every temp file it left.
  expect(fs.readdirSync(stateDir).sort()).toEqual(['disk0', 'keys', 'state.json']);
}

describe('startup-config under SIGKILL', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it(
    `keeps exactly the old or the new config across ${RUNS} kills`,
    async () => {
      const tally: Tally = { runs: 0, old: 0, new: 0, empty: 0, writes: 0, midWrite: 0 };
      const perLane = Array.from({ length: LANES }, (_, i) => Math.floor(RUNS / LANES) + (i < RUNS % LANES ? 1 : 0));
      await Promise.all(
        perLane.map((runs) => {
          const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headend-crash-'));
          dirs.push(dir);
          return lane(dir, runs, tally);
        }),
      );
      console.log(
        `crash test: ${tally.runs} kills, old=${tally.old} new=${tally.new} empty=${tally.empty}; ${tally.midWrite} kills inside a write, ${tally.writes} acknowledged writes`,
      );
      expect(tally.runs).toBe(RUNS);
      expect(tally.old + tally.new + tally.empty).toBe(RUNS);
    },
    300_000,
  );
});
