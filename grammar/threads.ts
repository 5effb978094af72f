// The walk of one declaration's automaton, word by word, shared by the mode matcher (matcher.ts)
// and by a declaration's own default (matchDecl). It needs no registry of modes: src/config's
// renderers and defaults import it without reaching grammar/registry.ts, which imports the
// show-run section table back (test/architecture/sections.test.ts keeps that so).
import { tokenize, type Tok } from './tokens.ts';
import { type AnyDecl, type ArgSpec, type ArgsOf, type Decl, type KwOf, type Mode } from './syntax.ts';

export type PathItem = { kw: string } | { arg: string; value: unknown; text: string };

/** the keywords a command was given; a view over its path (a Set per stored command costs more) */
export interface Kws<W extends string = string> { has(word: W): boolean }

class PathKws implements Kws {
  constructor(private readonly path: PathItem[]) {}
  has(word: string): boolean {
    for (const p of this.path) if ('kw' in p && p.kw === word) return true;
    return false;
  }
}

/**
 * A matched line. `Command` alone is any command (its arguments unknown); `CommandOf<typeof decl>`
 * is one declaration's command, whose arguments and keywords the compiler checks against the notation.
 */
export interface Command<K extends string = string, Args = Record<string, unknown>, W extends string = string> {
  kind: K;
  decl: AnyDecl;
  no: boolean;
  args: Args;
  kws: Kws<W>;
  path: PathItem[];
  mode: Mode;
}

export type CommandOf<D> = D extends Decl<infer K extends string, infer A, infer S extends string>
  ? Command<K, ArgsOf<A, S>, KwOf<S>> : never;

/** the command of `d`, when `cmd` is one; the one place a matched command becomes typed */
export function isCommandOf<D extends AnyDecl>(cmd: Command | undefined, d: D): cmd is Command & CommandOf<D> {
  return !!cmd && cmd.decl === d;
}

export type MatchResult =
  | { ok: true; cmd: Command }
  | { ok: false; error: 'invalid'; at: number }
  | { ok: false; error: 'ambiguous'; at: number; text: string }
  | { ok: false; error: 'incomplete'; at: number }
  | { ok: false; error: 'empty'; at: 0 };

/**
 * the words a thread matched, newest first, each linked to the one before: stepping shares the
 * trail instead of copying a path and an argument map per word, so a line of n words costs O(n),
 * not O(n²) (a 16,000-word line took 30 s and blocked the process)
 */
export interface Trail { item: PathItem; prev: Trail | undefined; len: number }

export interface Thread {
  d: Decl;
  s: number;
  trail: Trail | undefined;
  no: boolean;
}

const repeatCache = new Map<Decl, Map<string, boolean>>();

function repeated(d: Decl, name: string): boolean {
  let m = repeatCache.get(d);
  if (!m) { m = new Map(); repeatCache.set(d, m); }
  let r = m.get(name);
  if (r === undefined) { r = repeatedIn(d, name); m.set(name, r); }
  return r;
}

function repeatedIn(d: Decl, name: string): boolean {
  const walk = (n: typeof d.node, inRep: boolean): boolean =>
    n.k === 'arg' ? (n.name === name && inRep)
      : n.k === 'kw' ? false
        : n.k === 'seq' || n.k === 'alt' ? n.items.some((x) => walk(x, inRep))
          : walk(n.item, inRep || n.k === 'rep');
  return walk(d.node, false);
}

/** the threads `t` becomes on an edge to `to` that matched `item`, appended to `out` (made when undefined) */
function advanceInto(out: Thread[] | undefined, t: Thread, to: number, item: PathItem): Thread[] {
  const trail: Trail = { item, prev: t.trail, len: (t.trail?.len ?? 0) + 1 };
  const cl = t.d.nfa.closures[to];
  if (!out) {
    out = new Array(cl.length);
    for (let i = 0; i < cl.length; i++) out[i] = { d: t.d, s: cl[i], trail, no: t.no };
  } else for (let i = 0; i < cl.length; i++) out.push({ d: t.d, s: cl[i], trail, no: t.no });
  return out;
}

export interface StepResult { threads: Thread[]; error?: 'invalid' | 'ambiguous'; textEnd?: boolean }

/** the threads of every edge for the keyword `lw` (n of them, counted by the caller), in order */
function advanceKw(threads: Thread[], lw: string, n: number): Thread[] {
  // sized up front: a pushed-to array starts with room for 16 threads, and most steps make one or two
  const out: Thread[] = new Array(n);
  let k = 0;
  for (const t of threads) {
    for (const e of t.d.nfa.edges[t.s]) {
      if (!('kw' in e) || e.lw !== lw) continue;
      const trail: Trail = { item: e.item, prev: t.trail, len: (t.trail?.len ?? 0) + 1 };
      const cl = t.d.nfa.closures[e.to];
      for (let i = 0; i < cl.length; i++) out[k++] = { d: t.d, s: cl[i], trail, no: t.no };
    }
  }
  return out;
}

/**
 * one token: keywords by exact, then unique prefix; arguments only where no keyword fits. The
 * threads of a lower rank are made (and arguments parsed) only when no higher rank matched.
 */
export function step(threads: Thread[], tok: Tok, line: string): StepResult {
  const low = tok.image.toLowerCase();
  // how many threads the exact keyword makes; the first keyword the word abbreviates, how many
  // threads it makes, and whether another one (a different keyword) exists
  let nExact = 0;
  let prefixKw: string | undefined;
  let nPrefix = 0;
  let prefixMany = false;
  let hasArg = false;
  for (const t of threads) {
    for (const e of t.d.nfa.edges[t.s]) {
      if ('kw' in e) {
        if (e.lw === low) nExact += t.d.nfa.closures[e.to].length;
        else if (!prefixMany && e.lw.startsWith(low)) {
          if (prefixKw === undefined) prefixKw = e.lw;
          else if (prefixKw !== e.lw) { prefixMany = true; continue; }
          nPrefix += t.d.nfa.closures[e.to].length;
        }
      } else hasArg = true;
    }
  }
  if (nExact) return { threads: advanceKw(threads, low, nExact) };
  if (prefixMany) return { threads: [], error: 'ambiguous' };
  if (prefixKw !== undefined) return { threads: advanceKw(threads, prefixKw, nPrefix) };
  if (!hasArg) return { threads: [], error: 'invalid' };
  let argTh: Thread[] | undefined;
  let textTh: Thread[] | undefined;
  for (const t of threads) {
    for (const e of t.d.nfa.edges[t.s]) {
      if ('kw' in e) continue;
      const spec = t.d.args[e.arg] as ArgSpec<unknown>;
      if (spec.type === 'text') {
        const raw = line.slice(tok.start).trimEnd();
        textTh = advanceInto(textTh, t, e.to, { arg: e.arg, value: raw, text: raw });
        continue;
      }
      const v = spec.parse(tok.image);
      if (v !== undefined) argTh = advanceInto(argTh, t, e.to, { arg: e.arg, value: v, text: spec.format(v) });
    }
  }
  if (argTh?.length) return { threads: argTh };
  if (textTh?.length) return { threads: textTh, textEnd: true };
  return { threads: [], error: 'invalid' };
}

export function complete(t: Thread): boolean {
  if (t.s === t.d.nfa.accept) return true;
  return t.no && (t.trail?.len ?? 0) >= t.d.noMin;
}

export function toCommand(t: Thread, mode: Mode): Command {
  const path: PathItem[] = new Array(t.trail?.len ?? 0);
  for (let n = t.trail; n; n = n.prev) path[n.len - 1] = n.item;
  return commandOf(t.d, path, t.no, mode);
}

/** a declaration's command from its path: the one place a `Command` is made */
function commandOf(d: Decl, path: PathItem[], no: boolean, mode: Mode): Command {
  const args: Record<string, any> = {};
  for (const p of path) {
    if ('kw' in p) continue;
    if (repeated(d, p.arg)) (args[p.arg] ??= []).push(p.value);
    else args[p.arg] = p.value;
  }
  return { kind: d.kind, decl: d, no, args, kws: new PathKws(path), path, mode };
}

type ArgsOfDecl<D> = CommandOf<D> extends { args: infer A } ? A : never;
type KwsOfDecl<D> = D extends Decl<string, any, infer S extends string> ? KwOf<S> : never;

/** a walk of the notation tree that takes the listed keywords in order, from the cursor `at` */
interface Built { path: PathItem[]; at: number; used: boolean }

/**
 * The command `d` makes of these arguments and keywords, as if its canonical line had been typed:
 * how an object held as typed fields (a pool, a user) prints through its declaration. `kws` are the
 * keywords of the choices and optional parts, in line order; a choice takes its first alternative
 * that uses a given argument or the next of these keywords, an optional part is left out unless it
 * does. Undefined when the arguments fit no line of `d`.
 */
export function commandFor<D extends AnyDecl>(d: D, args: ArgsOfDecl<D>, kws: readonly KwsOfDecl<D>[] = []): CommandOf<D> | undefined {
  const decl = d as Decl;
  const given = args as Record<string, unknown>;
  const walk = (n: Decl['node'], at: number): Built | undefined => {
    switch (n.k) {
      case 'kw': return kws[at] === n.word ? { path: [{ kw: n.word }], at: at + 1, used: true } : { path: [{ kw: n.word }], at, used: false };
      case 'arg': {
        const v = given[n.name];
        if (v === undefined) return undefined;
        const spec = decl.args[n.name] as ArgSpec<unknown>;
        const vs = Array.isArray(v) && repeated(decl, n.name) ? v : [v];
        return { path: vs.map((x) => ({ arg: n.name, value: x, text: spec.format(x) })), at, used: true };
      }
      case 'seq': {
        const out: Built = { path: [], at, used: false };
        for (const x of n.items) {
          const r = walk(x, out.at);
          if (!r) return undefined;
          out.path.push(...r.path);
          out.at = r.at;
          out.used ||= r.used;
        }
        return out;
      }
      case 'alt': {
        for (const x of n.items) {
          const r = walk(x, at);
          if (r?.used) return r;
        }
        return undefined;
      }
      case 'opt': {
        const r = walk(n.item, at);
        return r?.used ? r : { path: [], at, used: false };
      }
      case 'rep': return walk(n.item, at);
    }
  };
  const r = walk(decl.node, 0);
  return r && r.at === kws.length ? commandOf(decl, r.path, false, decl.modes[0]) as CommandOf<D> : undefined;
}

/**
 * `line` matched against `d` alone (its `no` form when the line starts with `no`): how a declared
 * default becomes a command. The start-up check (src/bindings.ts) proves each `dflt` also parses as
 * its own declaration among all of its mode's.
 */
export function matchDecl(line: string, d: AnyDecl): Command | undefined {
  const toks = tokenize(line);
  const decl = d as Decl;
  const no = toks.length > 1 && toks[0].image.toLowerCase() === 'no';
  if (no ? decl.no === false : decl.no === 'only') return undefined;
  let threads: Thread[] = decl.nfa.closures[decl.nfa.start].map((s) => ({ d: decl, s, trail: undefined, no }));
  for (let i = no ? 1 : 0; i < toks.length; i++) {
    const r = step(threads, toks[i], line);
    if (r.error) return undefined;
    threads = r.threads;
    if (r.textEnd) break;
  }
  const done = threads.find(complete);
  return done && toCommand(done, decl.modes[0]);
}
