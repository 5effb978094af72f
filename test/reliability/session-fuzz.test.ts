// Keystroke fuzz of a whole Session (line editor, history, ?/Tab, the pager, questions), in every
// mode, interactive (a terminal) and not (a paste): fuzzed lines interleaved with control keys and
// escape sequences. Properties: feed() never throws, nothing is rejected unhandled, and the
// session still answers afterwards (`show hostname`), unless the keys closed it.
// Seeded like fuzz.test.ts: FUZZ_SEED=<n>.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Session } from '../../src/shell/session.ts';
import { ENTRY, MODES, lineArb, makeWorld, resetWorld, type World } from './fuzz-lib.ts';

const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : 20261123;
const KEYS = ['\r', '\n', '\r\n', '\t', '?', '\x03', '\x1a', '\x04', '\x7f', '\b', '\x1b[A', '\x1b[B', '\x1b[C', '\x1b[D', '\x1b[3~',
  '\x1b[H', '\x1b[F', '\x1b', '\x1b[', '\x1bO', '\x15', '\x17', '\x0b', '\x01', '\x05', '\x02', '\x06', '\x10', '\x0e', ' ', 'q', 'y', 'n'];
const tick = () => new Promise((r) => setImmediate(r));

const escaped: unknown[] = [];
const onRejection = (e: unknown) => { escaped.push(e); };

describe('Session keystroke fuzz', () => {
  let w: World;
  beforeAll(async () => { w = await makeWorld(); process.on('unhandledRejection', onRejection); });
  afterAll(() => { process.off('unhandledRejection', onRejection); w?.close(); });

  MODES.forEach((mode, i) => {
    it(`${mode}: keys and lines, interactive and pasted`, async () => {
      const chunk = fc.oneof(
        // typed lines stay short: every key of a terminal redraws the line (long lines are
        // fuzz.test.ts's business)
        { weight: 3, arbitrary: lineArb(mode).map((l) => l.replace(/[\r\n]/g, '').slice(0, 300)) },
        { weight: 3, arbitrary: fc.constantFrom(...KEYS) },
        { weight: 1, arbitrary: fc.array(fc.constantFrom(...KEYS), { maxLength: 6 }).map((k) => k.join('')) },
      );
      const prop = fc.asyncProperty(fc.array(chunk, { minLength: 5, maxLength: 30 }), fc.boolean(), fc.integer({ min: 0, max: 30 }), async (seq, interactive, pager) => {
        await resetWorld(w);
        let out = '';
        let closed = false;
        const s = new Session({
          app: w.app, user: 'enable_15', maxLevel: 15, privileged: true, interactive, echo: !interactive,
          write: (x) => { out += x; }, close: () => { closed = true; },
        });
        s.pagerLines = interactive ? pager : 0;
        s.start();
        for (const l of ENTRY[mode]) s.feed(l + (interactive ? '\r' : '\n'));
        for (const c of seq) {
          s.feed(c);
          for (let k = 0; k < 3; k++) await tick();
        }
        if (!interactive) {
          let ended = false;
          const end = s.end().then(() => { ended = true; });
          await Promise.race([end, new Promise((r) => setTimeout(r, 10_000))]);
          if (!ended) throw new Error(`a pasted session did not finish its input (last output ${JSON.stringify(out.slice(-300))})`);
        } else if (!closed) {
          // leave the pager and any question, clear the line: a command must answer
          out = '';
          s.feed('q\x03\x03\x15show hostname\r');
          for (let k = 0; k < 5000 && !closed && !/\nfuzz\r\n/.test(out); k++) await tick();
          if (!closed && !/\nfuzz\r\n/.test(out)) throw new Error(`the session no longer answers (last output ${JSON.stringify(out.slice(-300))})`);
        }
        s.close();
        if (escaped.length) {
          const e = escaped.splice(0);
          throw new Error(`unhandled rejection: ${(e[0] as Error)?.stack ?? e[0]}`);
        }
      });
      try {
        await fc.assert(prop, { seed: SEED + 2000 + i, numRuns: 12 });
      } catch (e) {
        const cause = (e as Error).cause as Error | undefined;
        throw new Error(`session fuzz ${mode} failed, seed ${SEED + 2000 + i} (FUZZ_SEED=${SEED})\n${(e as Error).message}${cause ? `\ncaused by: ${cause.stack}` : ''}`);
      }
      expect(escaped).toEqual([]);
    }, 120_000);
  });
});
