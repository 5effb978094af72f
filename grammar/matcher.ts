// Matches a line against the declarations of a mode, with ASA's rules: any unique keyword prefix,
// ambiguity and invalid-input errors at the offending word, `no` forms. `?` and Tab walk the very
// same automata, so help can never disagree with what the parser accepts.
import { tokenize, type Tok } from './tokens.ts';
import { type ArgSpec, type Decl, type Mode, type NameSource } from './syntax.ts';
import { complete, step, toCommand, type Command, type MatchResult, type Thread } from './threads.ts';
import { modeDecls, keywordHelp } from './registry.ts';

export type { Command, CommandOf, Kws, MatchResult, PathItem } from './threads.ts';
export { isCommandOf } from './threads.ts';

export type Names = (source: NameSource) => string[];

/** what the matcher keeps of one mode, with and without a leading `no`: built on first use, shared */
interface ModeSeeds {
  /** the start states of every declaration of the mode; never mutated */
  all: Thread[];
  /** the seeds with an edge for a whole keyword */
  first?: Map<string, Thread[]>;
  /** the seeds that could take a word that is no whole keyword (bounded) */
  byPrefix: Map<string, Thread[]>;
  /** matchedChars of a refused first word (bounded) */
  matched: Map<string, number>;
}

const seeds = new Map<Mode, [ModeSeeds, ModeSeeds]>();

function seedsOf(mode: Mode, no: boolean): ModeSeeds {
  let pair = seeds.get(mode);
  if (!pair) {
    const make = (no: boolean): ModeSeeds => {
      const all: Thread[] = [];
      for (const d of modeDecls(mode)) {
        if (no ? d.no === false : d.no === 'only') continue;
        for (const s of d.nfa.closures[d.nfa.start]) all.push({ d, s, trail: undefined, no });
      }
      return { all, byPrefix: new Map(), matched: new Map() };
    };
    pair = [make(false), make(true)];
    seeds.set(mode, pair);
  }
  return pair[no ? 1 : 0];
}

/** the start states of every declaration of a mode; shared, never mutated */
function seedThreads(mode: Mode, no: boolean): Thread[] {
  return seedsOf(mode, no).all;
}

/** the seeds worth stepping for a first word: when it is a whole keyword, only its declarations */
function seedsFor(mode: Mode, no: boolean, first: Tok | undefined): Thread[] {
  const ms = seedsOf(mode, no);
  const all = ms.all;
  if (!first) return all;
  let idx = ms.first;
  if (!idx) {
    idx = new Map();
    for (const t of all) {
      for (const e of t.d.nfa.edges[t.s]) {
        if (!('kw' in e)) continue;
        const l = idx.get(e.lw) ?? [];
        if (!l.includes(t)) l.push(t);
        idx.set(e.lw, l);
      }
    }
    ms.first = idx;
  }
  const low = first.image.toLowerCase();
  const exact = idx.get(low);
  if (exact) return exact;
  // not a whole keyword: only seeds that could take it (a keyword it abbreviates, or an argument)
  // are stepped; a line of another mode tried here on its way to a parent costs a lookup, not a step
  if (ms.byPrefix.size > 4096) ms.byPrefix.clear();
  let some = ms.byPrefix.get(low);
  if (!some) {
    some = all.filter((t) => t.d.nfa.edges[t.s].some((e) => !('kw' in e) || e.lw.startsWith(low)));
    ms.byPrefix.set(low, some);
  }
  return some;
}

/** the position reached, for choosing which mode's error to report */
export interface Attempt { res: MatchResult; reached: number }

export function matchTokens(toks: Tok[], line: string, mode: Mode): Attempt {
  if (!toks.length) return { res: { ok: false, error: 'empty', at: 0 }, reached: 0 };
  let i = 0;
  let no = false;
  if ('no'.startsWith(toks[0].image.toLowerCase()) && toks[0].image.length >= 2 && seedThreads(mode, true).length) {
    no = true; i = 1;
    if (toks.length === 1) return { res: { ok: false, error: 'incomplete', at: line.length }, reached: 1 };
  }
  let threads = seedsFor(mode, no, toks[i]);
  for (; i < toks.length; i++) {
    const r = step(threads, toks[i], line);
    if (r.error === 'ambiguous') {
      return { res: { ok: false, error: 'ambiguous', at: toks[i].start, text: line.slice(0, toks[i].end).trim() }, reached: i };
    }
    if (r.error) {
      const at = i === (no ? 1 : 0) ? firstMatchedChars(mode, no, toks[i]) : matchedChars(threads, toks[i]);
      return { res: { ok: false, error: 'invalid', at: toks[i].start + at }, reached: i };
    }
    threads = r.threads;
    if (r.textEnd) { i = toks.length; break; }
  }
  // the earliest declaration wins when two accept the same words (the first such thread)
  let win: Thread | undefined;
  for (const t of threads) if (complete(t) && (!win || t.d.order < win.d.order)) win = t;
  if (!win) return { res: { ok: false, error: 'incomplete', at: line.length }, reached: toks.length };
  return { res: { ok: true, cmd: toCommand(win, mode) }, reached: toks.length + 1 };
}

/**
 * matchedChars of a refused first word against every declaration of the mode, remembered per word:
 * a pasted line of a parent mode is refused as a first word by each sub-mode it passes on its way
 */
function firstMatchedChars(mode: Mode, no: boolean, tok: Tok): number {
  const ms = seedsOf(mode, no);
  if (ms.matched.size > 4096) ms.matched.clear();
  let n = ms.matched.get(tok.image);
  if (n === undefined) { n = matchedChars(ms.all, tok); ms.matched.set(tok.image, n); }
  return n;
}

/**
 * how many characters of a refused word some keyword at its place begins with: an ASA puts the caret
 * under the first character it cannot match (`shw` under the `w`), and under an argument's first
 * character (test/shell/errors.test.ts names the transcripts)
 */
function matchedChars(threads: Thread[], tok: Tok): number {
  const low = tok.image.toLowerCase();
  let best = 0;
  for (const t of threads) {
    for (const e of t.d.nfa.edges[t.s]) {
      if (!('kw' in e)) continue;
      let n = 0;
      while (n < low.length && n < e.lw.length && low.charCodeAt(n) === e.lw.charCodeAt(n)) n++;
      if (n > best) best = n;
    }
  }
  return Math.min(best, Math.max(0, tok.image.length - 1));
}

export function matchLine(line: string, mode: Mode): Attempt {
  return matchTokens(tokenize(line), line, mode);
}

// ---------------------------------------------------------------------------------------------
// ? and Tab

export interface HelpEntry { word: string; help: string; kind: 'kw' | 'arg' | 'cr' | 'names'; source?: NameSource; ref?: boolean }

/** what may come next in `mode` after the complete words of `line`, filtered by `partial` */
export function nextWords(line: string, mode: Mode, partial: string): HelpEntry[] | null {
  const toks = tokenize(line);
  let i = 0;
  let no = false;
  if (toks.length && 'no'.startsWith(toks[0].image.toLowerCase()) && toks[0].image.length >= 2) { no = true; i = 1; }
  let threads = seedThreads(mode, no);
  for (; i < toks.length; i++) {
    const r = step(threads, toks[i], line);
    if (r.error || r.textEnd) return r.textEnd ? [{ word: '<cr>', help: '', kind: 'cr' }] : null;
    threads = r.threads;
  }
  const out: HelpEntry[] = [];
  const seen = new Set<string>();
  const low = partial.toLowerCase();
  if (!toks.length && !no && 'no'.startsWith(low) && seedThreads(mode, true).length) {
    out.push({ word: 'no', help: keywordHelp(mode, 'no') ?? 'Negate a command or set its defaults', kind: 'kw' });
    seen.add('kw:no');
  }
  let cr = false;
  for (const t of threads) {
    if (complete(t)) cr = true;
    for (const e of t.d.nfa.edges[t.s]) {
      if ('kw' in e) {
        if (!e.lw.startsWith(low) || seen.has('kw:' + e.kw)) continue;
        seen.add('kw:' + e.kw);
        out.push({ word: e.kw, help: t.d.help[e.kw] ?? keywordHelp(mode, e.kw) ?? '', kind: 'kw' });
      } else if (!partial) {
        const spec = t.d.args[e.arg] as ArgSpec<unknown>;
        if (seen.has('arg:' + spec.label + spec.help)) continue;
        seen.add('arg:' + spec.label + spec.help);
        out.push({ word: spec.label, help: spec.help, kind: 'arg', source: spec.source, ref: spec.ref });
      } else {
        const spec = t.d.args[e.arg] as ArgSpec<unknown>;
        if (spec.source && !seen.has('src:' + spec.source)) {
          seen.add('src:' + spec.source);
          out.push({ word: spec.label, help: spec.help, kind: 'names', source: spec.source, ref: spec.ref });
        }
      }
    }
  }
  out.sort((a, b) => (a.kind === 'arg') === (b.kind === 'arg') ? (a.kind === 'arg' ? 0 : a.word.localeCompare(b.word)) : a.kind === 'arg' ? -1 : 1);
  if (cr && !partial) out.push({ word: '<cr>', help: '', kind: 'cr' });
  return out;
}
