// bench/cold-start: a child `node bin/headend.cjs --state-dir D --no-ssh --no-gateway` with a
// 50,000-line startup-config (written with the store's writeStartup), stdin a pipe carrying
// `show hostname` then EOF. Timed from spawn to the first byte of output, to the first prompt and
// to exit; baseline: the same with no startup-config (the factory default boots). Median of RUNS.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../src/store/index.ts';
import { generateConfig } from './gen-config.ts';

const BIN = fileURLToPath(new URL('../bin/headend.cjs', import.meta.url));

interface Timing { firstOutput: number; prompt: number; exit: number }

function once(dir: string, hostname: string): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const ms = () => Number(process.hrtime.bigint() - t0) / 1e6;
    const child = spawn(process.execPath, [BIN, '--state-dir', dir, '--no-ssh', '--no-gateway'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '', err = '';
    let firstOutput = 0, prompt = 0;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      if (!firstOutput) firstOutput = ms();
      out += d;
      if (!prompt && out.includes(`${hostname}# `)) prompt = ms();
    });
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', reject);
    child.on('exit', (code) => {
      const exit = ms();
      if (code !== 0) return reject(new Error(`headend exited ${code}: ${err.slice(0, 500)}`));
      // the answer to `show hostname` is the hostname on a line of its own
      if (!out.split('\n').some((l) => l.trim() === hostname)) return reject(new Error(`no "${hostname}" in the output: ${out.slice(0, 500)}`));
      resolve({ firstOutput, prompt: prompt || exit, exit });
    });
    child.stdin.end('show hostname\n');
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function series(startupLines: number | undefined, runs: number): Promise<Timing & { bootErrors?: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'headend-bench-cold-'));
  try {
    let hostname = 'headend';
    if (startupLines) {
      const store = openStore(dir);
      store.writeStartup(generateConfig(startupLines).join('\n') + '\n');
      hostname = 'bench';
    }
    await once(dir, hostname); // the first run creates the state dir's files: not a cold start of interest
    const ts: Timing[] = [];
    for (let i = 0; i < runs; i++) ts.push(await once(dir, hostname));
    return { firstOutput: median(ts.map((t) => t.firstOutput)), prompt: median(ts.map((t) => t.prompt)), exit: median(ts.map((t) => t.exit)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchColdStart(runs = 5, lines = 50_000): Promise<Record<string, number>> {
  const base = await series(undefined, runs);
  const big = await series(lines, runs);
  const f = (t: Timing) => `first output ${t.firstOutput.toFixed(0)} ms, first prompt ${t.prompt.toFixed(0)} ms, exit ${t.exit.toFixed(0)} ms`;
  console.log(`cold-start (node bin/headend.cjs --no-ssh --no-gateway, stdin "show hostname" + EOF, median of ${runs}):`);
  console.log(`  ${lines}-line startup-config: ${f(big)}`);
  console.log(`  factory default (baseline):    ${f(base)}`);
  console.log(`  ratio: first output ${(big.firstOutput / base.firstOutput).toFixed(2)}, first prompt ${(big.prompt / base.prompt).toFixed(2)}, exit ${(big.exit / base.exit).toFixed(2)}`);
  return {
    bigFirstOutputMs: big.firstOutput, bigPromptMs: big.prompt, bigExitMs: big.exit,
    baseFirstOutputMs: base.firstOutput, basePromptMs: base.prompt, baseExitMs: base.exit,
    ratioExit: big.exit / base.exit, ratioPrompt: big.prompt / base.prompt,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) await benchColdStart(Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 5));
