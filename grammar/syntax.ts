// The declaration language: one `decl()` per command carries its syntax (a short notation, as in
// FRR or CLIgen), its typed arguments with ranges, and the help text of every word. The matcher,
// `?`, Tab and the renderer are all derived from these declarations.
import { isIPv4, isIPv6 } from 'node:net';
import { parseNotation, type Node } from './notation.ts';

export type Mode =
  | 'user' | 'priv' | 'config' | 'config-if' | 'config-webvpn' | 'config-webvpn-cache'
  | 'config-group-policy' | 'config-group-webvpn' | 'config-tunnel-general' | 'config-tunnel-webvpn'
  | 'config-tunnel-ipsec' | 'config-tunnel-ppp' | 'config-username' | 'config-username-webvpn'
  | 'config-passthrough' | 'config-aaa-server-group' | 'config-aaa-server-host' | 'config-ldap-attribute-map'
  | 'config-load-balancing';

/** A source of configured names offered by `?` and Tab. */
export type NameSource =
  | 'group-policy' | 'tunnel-group' | 'ip-pool' | 'ipv6-pool' | 'profile' | 'interface-name'
  | 'custom-attr' | 'username' | 'access-list' | 'flash' | 'custom-data' | 'aaa-server' | 'ldap-attribute-map';

export interface ArgSpec<T = unknown> {
  type: 'int' | 'ipv4' | 'mask' | 'ipv6' | 'ipv6prefix' | 'iprange' | 'word' | 'url' | 'flash' | 'text' | 'version' | 'hex';
  help: string;
  lo?: number; hi?: number; max?: number;
  source?: NameSource;
  /** names an existing object: `?` lists the configured ones instead of the WORD line */
  ref?: boolean;
  /** the label shown by `?`, e.g. `<15-600>`, `A.B.C.D`, `WORD` */
  label: string;
  /** parse one word; undefined = not this type */
  parse(word: string): T | undefined;
  /** the canonical spelling, as `show running-config` prints it */
  format(v: T): string;
  readonly __t?: T;
}

function spec<T>(s: Omit<ArgSpec<T>, 'format'> & { format?: (v: T) => string }): ArgSpec<T> {
  return { format: (v: T) => String(v), ...s } as ArgSpec<T>;
}

export const int = (lo: number, hi: number, help: string): ArgSpec<number> => spec<number>({
  type: 'int', lo, hi, help, label: `<${lo}-${hi}>`,
  parse: (w) => (/^\d+$/.test(w) && +w >= lo && +w <= hi ? +w : undefined),
});

export const ipv4 = (help: string): ArgSpec<string> => spec<string>({
  type: 'ipv4', help, label: 'A.B.C.D', parse: (w) => (isIPv4(w) ? w : undefined),
});

export function maskBits(m: string): number | undefined {
  if (!isIPv4(m)) return undefined;
  const n = m.split('.').reduce((a, o) => a * 256 + +o, 0);
  const inv = (~n >>> 0);
  if ((inv & (inv + 1)) !== 0) return undefined;
  let bits = 0;
  for (let x = n; x & 0x80000000; x = (x << 1) >>> 0) bits++;
  return bits;
}

export const mask = (help: string): ArgSpec<string> => spec<string>({
  type: 'mask', help, label: 'A.B.C.D', parse: (w) => (maskBits(w) !== undefined ? w : undefined),
});

export const ipv6 = (help: string): ArgSpec<string> => spec<string>({
  type: 'ipv6', help, label: 'X:X:X:X::X', parse: (w) => (isIPv6(w) ? w : undefined),
});

export interface V6Prefix { addr: string; len: number }
export const ipv6prefix = (help: string): ArgSpec<V6Prefix> => spec<V6Prefix>({
  type: 'ipv6prefix', help, label: 'X:X:X:X::X/<0-128>',
  parse: (w) => {
    const m = /^([0-9a-fA-F:.]+)\/(\d{1,3})$/.exec(w);
    if (!m || !isIPv6(m[1]) || +m[2] > 128) return undefined;
    return { addr: m[1], len: +m[2] };
  },
  format: (v) => `${v.addr}/${v.len}`,
});

export interface IpRange { from: string; to: string }
export const iprange = (help: string): ArgSpec<IpRange> => spec<IpRange>({
  type: 'iprange', help, label: 'A.B.C.D-A.B.C.D',
  parse: (w) => {
    const [a, b, ...rest] = w.split('-');
    if (rest.length || !isIPv4(a)) return undefined;
    if (b === undefined) return { from: a, to: a };
    return isIPv4(b) ? { from: a, to: b } : undefined;
  },
  format: (v) => (v.from === v.to ? v.from : `${v.from}-${v.to}`),
});

export const word = (help: string, opts: { max?: number; source?: NameSource; label?: string; pattern?: RegExp } = {}): ArgSpec<string> => spec<string>({
  type: 'word', help, max: opts.max, source: opts.source,
  label: opts.label ?? (opts.max ? `WORD < ${opts.max + 1} char` : 'WORD'),
  parse: (w) => ((opts.max && w.length > opts.max) || (opts.pattern && !opts.pattern.test(w)) ? undefined : w),
});

/** `(ifname)`, as in `address-pool (outside) pool1` */
export const ifc = (help: string): ArgSpec<string> => word(help, { label: '(IFNAME)', pattern: /^\([^()\s]+\)$/ });

/** a name; `source` lets `?` and Tab offer the configured ones */
export const name = (help: string, source?: NameSource, max = 64): ArgSpec<string> =>
  word(help, { max, source });

/** a reference to a configured object: `?` prints `Available configured …: a b` */
export const ref = (help: string, source: NameSource, max = 64): ArgSpec<string> =>
  ({ ...word(help, { max, source }), ref: true });

export const url = (help: string): ArgSpec<string> => spec<string>({
  type: 'url', help, label: 'URL',
  parse: (w) => (/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(w) ? w : /^(disk0|flash|cache|system|running-config|startup-config)/.test(w) ? w : undefined),
});

/** disk0:/path or flash:/path (flash: is ASA's alias of disk0:) */
export const flash = (help: string): ArgSpec<string> => spec<string>({
  type: 'flash', help, label: 'disk0:/PATH', source: 'flash',
  parse: (w) => {
    const m = /^(disk0|flash):\/?(.+)$/i.exec(w);
    if (!m || m[2].includes('..')) return undefined;
    return `disk0:/${m[2]}`;
  },
});

/** everything to the end of the line, verbatim */
export const text = (help: string, label = 'LINE'): ArgSpec<string> => spec<string>({
  type: 'text', help, label, parse: (w) => w,
});

export const version = (help: string): ArgSpec<string> => spec<string>({
  type: 'version', help, label: 'X.Y.Z', parse: (w) => (/^\d+(\.\d+){0,3}$/.test(w) ? w : undefined),
});

// ---------------------------------------------------------------------------------------------
// Syntax notation: `anyconnect ssl keepalive {none | SECONDS}`, `[x]` optional, `X ...` one or
// more. Lower-case words are keywords, UPPER-case words are arguments named in `args`; `=LOCAL`
// is the keyword LOCAL spelt as ASA prints it. Its grammar is a Chevrotain parser in notation.ts.

export { parseNotation, type Node } from './notation.ts';

// ---------------------------------------------------------------------------------------------
// Declarations

// Type-level reading of the notation, so that a handler's arguments and keywords are checked by the
// compiler: `'anyconnect ssl keepalive {none | SECONDS}'` gives keywords 'anyconnect' | 'ssl' |
// 'keepalive' | 'none' and one argument SECONDS. A notation built at run time is just `string`.
type ReplaceAll<S extends string, F extends string, T extends string> =
  S extends `${infer A}${F}${infer B}` ? ReplaceAll<`${A}${T}${B}`, F, T> : S;
type Spaced<S extends string> = ReplaceAll<ReplaceAll<ReplaceAll<ReplaceAll<ReplaceAll<S, '{', ' '>, '}', ' '>, '[', ' '>, ']', ' '>, '|', ' '>;
type WordsOf<S extends string, Acc extends string = never> =
  S extends `${infer W} ${infer R}` ? WordsOf<R, Acc | W> : Acc | S;
type KeywordOf<W extends string> =
  W extends '' | '...' ? never
    : W extends `=${infer X}` ? X
      : W extends Uppercase<W> ? (W extends Lowercase<W> ? W : never) : W;
/** the keywords a notation can contain */
export type KwOf<S extends string> = string extends S ? string : KeywordOf<WordsOf<Spaced<S>>>;
type LastWord<S extends string> = S extends `${string} ${infer R}` ? LastWord<R> : S;
/** the arguments written `ARG ...`: they collect into arrays */
export type RepeatedOf<S extends string, Acc extends string = never> =
  S extends `${infer A} ...${infer R}` ? RepeatedOf<R, Acc | LastWord<Spaced<A>>> : Acc;

/** the notation with every `{...}` and `[...]` group taken out: what every line of it contains */
type TopLevel<S extends string, D extends 0[] = [], Acc extends string = ''> =
  S extends `${infer C}${infer R}`
    ? C extends '{' | '[' ? TopLevel<R, [...D, 0], Acc>
      : C extends '}' | ']' ? TopLevel<R, D extends [0, ...infer T extends 0[]] ? T : [], ` ${Acc} `>
        : D extends [] ? TopLevel<R, D, `${Acc}${C}`> : TopLevel<R, D, Acc>
    : Acc;
/** the arguments every matching line carries */
export type RequiredOf<S extends string> = string extends S ? never : Exclude<WordsOf<TopLevel<S>>, KwOf<S> | '' | '...'>;

type ValueOf<A, K extends keyof A, S extends string> = A[K] extends ArgSpec<infer T> ? (K extends RepeatedOf<S> ? T[] : T) : never;

/** the typed arguments of a command: those outside any `{...}`/`[...]` are always there, the others may not be */
export type ArgsOf<A, S extends string = string> =
  { [K in keyof A as K extends RequiredOf<S> ? K : never]-?: ValueOf<A, K, S> } &
  { [K in keyof A as K extends RequiredOf<S> ? never : K]?: ValueOf<A, K, S> };

export interface DeclInput<K extends string, A extends Record<string, ArgSpec<any>>, S extends string = string> {
  kind: K;
  syntax: S;
  args?: A;
  /** help of each keyword of this declaration (keywords shared by a mode take the mode's help) */
  help?: Record<string, string>;
  /** modes in which it is valid */
  modes: Mode[];
  /** the argument that keys repeated entries (one slot per value), e.g. an image path */
  key?: keyof A & string;
  /** keywords that end the part a `no` form must give (default: the leading keywords) */
  noUpTo?: number;
  /** false: this command has no `no` form; 'only': it exists only as a `no` form */
  no?: boolean | 'only';
  /** a `no` form is a stored state of its own (`no nameif`), not a removal */
  keepNo?: boolean;
  /** the mode entered after it runs */
  enters?: Mode;
  /** attribute default, rendered by `show running-config all` when unset */
  dflt?: string;
  /** values of arguments left out (`username NAME password PW` is privilege 2 on an ASA) */
  argDefaults?: Partial<ArgsOf<A, S>>;
  /**
   * its default privilege level (ASA's local command authorization, `privilege ... command`); left
   * out, the command is at `defaultPriv`. The level belongs to the command's main word and form
   * (src/shell/authorize.ts): ASA puts `show version`, `show curpriv`, `enable`, `help`, `pager`, ...
   * at 0 and everything else at 15; headend keeps the user-EXEC commands it offers at `>` at 1.
   */
  priv?: number;
}

/** the level of a command whose declaration gives no `priv`, as on an ASA */
export const defaultPriv = 15;

export interface Decl<K extends string = string, A extends Record<string, ArgSpec<any>> = Record<string, ArgSpec<any>>, S extends string = string>
  extends DeclInput<K, A, S> {
  args: A;
  node: Node;
  nfa: Nfa;
  /** position in the grammar: the render order of attributes */
  order: number;
  help: Record<string, string>;
  /** minimal number of leading path items a `no` form needs */
  noMin: number;
}

/** any declaration, whatever its literal types */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDecl = Decl<string, any, any>;

let order = 0;
export function decl<const K extends string, const S extends string, A extends Record<string, ArgSpec<any>> = {}>(d: DeclInput<K, A, S>): Decl<K, A, S> {
  const node = parseNotation(d.syntax, d.kind);
  const args = (d.args ?? {}) as A;
  checkArgs(node, args, d.syntax);
  const nfa = compile(node);
  return { ...d, args, help: d.help ?? {}, node, nfa, order: order++, noMin: d.noUpTo ?? leadingPathLen(node, d.key) };
}

function checkArgs(n: Node, args: Record<string, unknown>, src: string): void {
  if (n.k === 'arg' && !(n.name in args)) throw new Error(`declaration "${src}": argument ${n.name} has no type`);
  if (n.k === 'seq' || n.k === 'alt') n.items.forEach((x) => checkArgs(x, args, src));
  if (n.k === 'opt' || n.k === 'rep') checkArgs(n.item, args, src);
}

/** how many path items precede the first choice; with a key, up to and including the key */
function leadingPathLen(n: Node, key?: string): number {
  const items = n.k === 'seq' ? n.items : [n];
  let count = 0;
  for (const it of items) {
    if (it.k === 'kw') { count++; continue; }
    if (key && it.k === 'arg' && it.name === key) return count + 1;
    if (key) { count++; continue; }
    break;
  }
  return Math.max(1, count);
}

// ---------------------------------------------------------------------------------------------
// NFA: Thompson construction; the matcher runs all declarations of a mode side by side.

/** `item`: the path entry a keyword edge contributes, shared by every command that takes it */
export type Edge = { kw: string; lw: string; to: number; item: { kw: string } } | { arg: string; to: number };
export interface Nfa { edges: Edge[][]; eps: number[][]; start: number; accept: number; closures: number[][] }

function compile(root: Node): Nfa {
  const edges: Edge[][] = [];
  const eps: number[][] = [];
  const state = () => { edges.push([]); eps.push([]); return edges.length - 1; };
  function build(n: Node, from: number): number {
    switch (n.k) {
      case 'kw': { const to = state(); edges[from].push({ kw: n.word, lw: n.word.toLowerCase(), to, item: Object.freeze({ kw: n.word }) }); return to; }
      case 'arg': { const to = state(); edges[from].push({ arg: n.name, to }); return to; }
      case 'seq': { let s = from; for (const it of n.items) s = build(it, s); return s; }
      case 'alt': {
        const end = state();
        for (const it of n.items) { const s = state(); eps[from].push(s); eps[build(it, s)].push(end); }
        return end;
      }
      case 'opt': { const end = build(n.item, from); eps[from].push(end); return end; }
      case 'rep': { const s = state(); eps[from].push(s); const e = build(n.item, s); eps[e].push(s); const end = state(); eps[e].push(end); return end; }
    }
  }
  const start = state();
  const accept = build(root, start);
  const nfa: Nfa = { edges, eps, start, accept, closures: [] };
  // a thread is worth making only in a state with an edge out, or the accepting one: the ε-only
  // junctions of choices and repetitions are left out of each closure (a `no` form completes on its
  // trail, which the junction's siblings in the same closure share)
  nfa.closures = edges.map((_, s) => closure(nfa, [s]).filter((t) => edges[t].length > 0 || t === accept));
  return nfa;
}

export function closure(nfa: Nfa, states: Iterable<number>): number[] {
  const seen = new Set<number>();
  const stack = [...states];
  while (stack.length) {
    const s = stack.pop()!;
    if (seen.has(s)) continue;
    seen.add(s);
    for (const t of nfa.eps[s]) stack.push(t);
  }
  return [...seen];
}
