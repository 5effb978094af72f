// bench/paste: a generated 100,000-line config pasted in-process through the whole path (grammar,
// apply, model), beside bare Chevrotain tokenize+parse of the same lines.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadendApp } from '../src/app.ts';
import { generateConfig } from './gen-config.ts';
import { bareParse } from './baseline-parser.ts';

export async function benchPaste(lines = 100_000): Promise<Record<string, number>> {
  const text = generateConfig(lines);
  // warm both paths on a small slice first
  for (const l of text.slice(0, 2000)) bareParse(l.trim());
  // best of three: the baseline is the fastest the bare parser manages on this machine now
  let bareSec = Infinity;
  let t = process.hrtime.bigint();
  for (let run = 0; run < 3; run++) {
    t = process.hrtime.bigint();
    for (const l of text) bareParse(l.trim());
    bareSec = Math.min(bareSec, Number(process.hrtime.bigint() - t) / 1e9);
  }

  const dir = mkdtempSync(join(tmpdir(), 'headend-bench-'));
  try {
    const warm = new HeadendApp({ stateDir: dir });
    await warm.boot();
    await warm.loadText(generateConfig(2000).join('\n'), 'bench');
    const app = new HeadendApp({ stateDir: dir });
    await app.boot();
    t = process.hrtime.bigint();
    const r = await app.loadText(text.join('\n'), 'bench');
    const fullSec = Number(process.hrtime.bigint() - t) / 1e9;
    if (r.errors.length) throw new Error(`paste produced errors: ${r.errors.slice(0, 3).join(' | ')}`);
    const bare = lines / bareSec, full = lines / fullSec;
    console.log(`paste (in-process, ${lines} lines): headend ${full.toFixed(0)} lines/s, bare Chevrotain tokenize+parse ${bare.toFixed(0)} lines/s, ratio ${(full / bare).toFixed(2)} (aim >= 0.40)`);
    return { headendLinesPerSec: full, bareLinesPerSec: bare, ratio: full / bare };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchPaste(Number(process.argv[2] ?? 100_000));
