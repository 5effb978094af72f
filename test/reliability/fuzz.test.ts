// The CLI fuzzer: 100,000 generated lines (valid commands walked from the grammar, mutated
// variants, word salad, noise) across every mode, each with the properties of fuzz-lib.ts:
// nothing escapes Interpreter.line, a rejected line prints only ASA-style errors and leaves the
// model unchanged, the model renders after every accepted line.
//
// Seeded: FUZZ_SEED=<n> reproduces a run (each mode uses FUZZ_SEED + its index; fast-check's own
// failure report also gives the seed and the path of the shrunk counterexample).
// FUZZ_LINES=<n> changes the total (default 100,000).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MODES, enterMode, lineArb, makeWorld, probeLine, resetWorld, sideEffectLineArb, type World } from './fuzz-lib.ts';

const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : 20261123;
const TOTAL = Number(process.env.FUZZ_LINES ?? 100_000);
/** lines per property run: each run starts from the setup configuration, in its mode */
const RUN = 50;
const RUNS_PER_MODE = Math.ceil(TOTAL / MODES.length / RUN);

let executed = 0;
let rejected = 0;

async function assertSeeded(name: string, seed: number, prop: fc.IAsyncPropertyWithHooks<any> | fc.IAsyncProperty<any>, numRuns: number): Promise<void> {
  try {
    await fc.assert(prop, { seed, numRuns, verbose: 0 });
  } catch (e) {
    const cause = (e as Error).cause as Error | undefined;
    const msg = (e as Error).message + (cause ? `\ncaused by: ${cause.stack ?? cause.message}` : '');
    throw new Error(`fuzz ${name} failed with seed ${seed} (reproduce: FUZZ_SEED=${SEED} npx vitest run test/reliability/fuzz.test.ts -t "${name}")\n${msg}`);
  }
}

describe('CLI fuzz: every mode', () => {
  let w: World;
  beforeAll(async () => { w = await makeWorld(); });
  afterAll(() => w?.close());

  MODES.forEach((mode, i) => {
    it(`${mode} (${RUNS_PER_MODE * RUN} lines)`, async () => {
      const prop = fc.asyncProperty(fc.array(lineArb(mode), { minLength: RUN, maxLength: RUN }), async (lines) => {
        await resetWorld(w);
        const p = await enterMode(w, mode);
        const last: { text?: string } = {};
        for (let k = 0; k < lines.length; k++) {
          const r = await probeLine(w, p, lines[k], last, { renderAll: k === lines.length - 1 });
          executed++;
          if (r.rejected) rejected++;
          if (r.violation) {
            throw new Error(`line ${k + 1} of the run, in ${mode}: ${JSON.stringify(lines[k])}\n${r.violation}\n` +
              `lines before it: ${JSON.stringify(lines.slice(0, k))}`);
          }
        }
      });
      await assertSeeded(mode, SEED + i, prop, RUNS_PER_MODE);
    }, 300_000);
  });

  it(`ran at least ${TOTAL} lines, some accepted and some rejected`, () => {
    console.log(`fuzz: ${executed} lines, ${rejected} rejected, seed ${SEED}`);
    expect(executed).toBeGreaterThanOrEqual(TOTAL);
    expect(rejected).toBeGreaterThan(executed * 0.1);
    expect(rejected).toBeLessThan(executed * 0.9);
  });
});

describe('CLI fuzz: commands with effects outside the model, on a temp state dir', () => {
  let w: World;
  beforeAll(async () => { w = await makeWorld({ real: true }); });
  afterAll(async () => {
    // a `reload` boots in the background: let it finish before the state dir goes
    await new Promise((r) => setTimeout(r, 200));
    w?.close();
  });

  const curated = [
    'write memory', 'write erase', 'show startup-config', 'copy /noconfirm running-config startup-config',
    'copy running-config startup-config', 'copy /noconfirm disk0:/prof1.xml disk0:/copy.xml', 'copy /noconfirm disk0:/copy.xml running-config',
    'copy /noconfirm disk0:/bad.xml startup-config', 'copy /noconfirm startup-config running-config', 'copy http://127.0.0.1:1/x disk0:/x',
    'copy /noconfirm running-config http://127.0.0.1:1/x', 'copy tftp://1.2.3.4/x disk0:/x', 'copy disk0:/sub disk0:/sub2', 'copy disk0:/nope running-config',
    'delete disk0:/copy.xml', 'delete /noconfirm disk0:/copy.xml', 'delete /noconfirm disk0:/sub', 'delete disk0:/../../etc/passwd',
    'vpn-sessiondb logoff all noconfirm', 'vpn-sessiondb logoff all', 'vpn-sessiondb logoff name alice noconfirm', 'vpn-sessiondb logoff index 1',
    'setup', 'export webvpn translation-table AnyConnect template http://127.0.0.1:1/t', 'import webvpn translation-table AnyConnect language fr http://127.0.0.1:1/t',
    'reload noconfirm', 'reload', 'write erase', 'reload noconfirm',
  ];

  it('curated side-effect commands, in priv and config, with yes and no answers', async () => {
    for (const mode of ['priv', 'config'] as const) {
      for (const yes of [true, false]) {
        await resetWorld(w);
        const p = await enterMode(w, mode, () => yes);
        const last: { text?: string } = {};
        for (const l of curated) {
          const r = await probeLine(w, p, l, last, { relaxed: true });
          expect(r.violation, `${mode} ${JSON.stringify(l)}`).toBeUndefined();
          last.text = undefined;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  }, 120_000);

  it('generated side-effect commands (2,000 lines)', async () => {
    let n = 0;
    const prop = fc.asyncProperty(fc.array(sideEffectLineArb(), { minLength: 20, maxLength: 20 }), fc.boolean(), async (lines, yes) => {
      await resetWorld(w);
      const p = await enterMode(w, n++ % 2 ? 'priv' : 'config', () => yes);
      for (const l of lines) {
        const r = await probeLine(w, p, l, {}, { relaxed: true });
        if (r.violation) throw new Error(`${JSON.stringify(l)}: ${r.violation}`);
      }
      await new Promise((r) => setTimeout(r, 2));
    });
    await assertSeeded('side-effect', SEED + 1000, prop, 100);
  }, 300_000);
});
