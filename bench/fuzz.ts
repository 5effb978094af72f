// bench/fuzz: the CLI fuzzer's lines (test/reliability/fuzz-lib.ts: valid commands walked from
// the grammar, mutated ones, word salad and noise, in every mode) run through Interpreter.line in
// process, beside the bare matcher (matchLine in the same mode) over the very same lines.
// 100,000 lines by default, 1,000,000 with --long. The lines are generated before timing; the
// world is reset to the fuzzer's setup configuration every RESET lines, outside the timing.
import fc from 'fast-check';
import { matchLine } from '../grammar/matcher.ts';
import { MODES, enterMode, lineArb, makeWorld, resetWorld } from '../test/reliability/fuzz-lib.ts';

const RESET = 5_000;
const SEED = 20261123;

export async function benchFuzz(total = 100_000): Promise<Record<string, number>> {
  const perMode = Math.ceil(total / MODES.length);
  const w = await makeWorld();
  let lines = 0, rejected = 0, threw = 0, headendNs = 0, bareNs = 0, genMs = 0;
  try {
    for (const [i, mode] of MODES.entries()) {
      const g0 = Date.now();
      const sample = fc.sample(lineArb(mode), { seed: SEED + i, numRuns: perMode });
      genMs += Date.now() - g0;

      // baseline: the bare matcher, best of two passes
      let best = Infinity;
      for (let pass = 0; pass < 2; pass++) {
        const t = process.hrtime.bigint();
        for (const l of sample) matchLine(l, mode);
        best = Math.min(best, Number(process.hrtime.bigint() - t));
      }
      bareNs += best;

      for (let k = 0; k < sample.length; k += RESET) {
        await resetWorld(w);
        const p = await enterMode(w, mode);
        const base = p.sh.snapshot();
        const chunk = sample.slice(k, k + RESET);
        const t = process.hrtime.bigint();
        for (const l of chunk) {
          // back to the mode under test when a line left it (exit, end, disable, an indented pop)
          if (p.sh.mode !== mode) p.sh.restore({ frames: base.frames, level: p.baseLevel });
          p.out.length = 0;
          let r;
          try {
            r = p.sh.line(l, p.io);
            if (r instanceof Promise) r = await r;
          } catch {
            threw++;
            continue;
          }
          if (r.error || p.out.some((o) => o.startsWith('ERROR:'))) rejected++;
        }
        headendNs += Number(process.hrtime.bigint() - t);
        lines += chunk.length;
      }
    }
  } finally {
    w.close();
  }
  const full = lines / (headendNs / 1e9), bare = lines / (bareNs / 1e9);
  console.log(`fuzz (in-process, ${lines} lines in ${MODES.length} modes, seed ${SEED}): headend ${full.toFixed(0)} lines/s, ` +
    `${rejected} rejected (${((100 * rejected) / lines).toFixed(1)}%), ${threw} exceptions; bare matchLine ${bare.toFixed(0)} lines/s, ` +
    `ratio ${(full / bare).toFixed(2)} (generation ${(genMs / 1000).toFixed(1)} s, untimed)`);
  if (threw) console.log(`fuzz: ${threw} line(s) threw out of Interpreter.line: run npx vitest run test/reliability`);
  return { lines, headendLinesPerSec: full, bareLinesPerSec: bare, ratio: full / bare, rejected, exceptions: threw };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchFuzz(process.argv.includes('--long') ? 1_000_000 : Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 100_000));
}
