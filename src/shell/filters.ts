// Output filters on show/more/dir/write: `| include|exclude|begin|grep [-v] REGEX`.
//
// The REGEX comes from any CLI user (`>` included) and runs over every line of the output, on the one
// event loop every tunnel and every admin share. V8's RegExp backtracks: `(a|a)*b` against a line of
// 40 `a`s takes 2^40 steps and freezes the whole process. Filters therefore run on re2js, the pure
// JavaScript port of RE2: an automaton (a DFA, an NFA when the DFA's cache runs out) that reads each
// character of a line once, so a filter costs time linear in the output (times the size of the
// pattern, itself bounded by the CLI line length). Its syntax is RE2's, closer to the POSIX regexes an
// ASA takes than JavaScript's (`[[:digit:]]` classes; no backreferences, no lookaround).
// Not the native `re2` binding: its prebuilt binary is downloaded from outside the npm registry, and
// the fallback node-gyp build of RE2 and Abseil took more than 5 minutes on this 2-core machine, on
// every fresh `npm ci`; its .node file must also stay outside the esbuild bundle. Not V8's
// non-backtracking engine: it needs `--enable-experimental-regexp-engine` on node's command line, in
// bin/headend.cjs, the bundle and every test worker.
import { RE2JS } from 're2js';

/** what a filter needs of a regex: RegExp has it too */
export interface LineMatcher { test(line: string): boolean }

export interface OutputFilter { kind: 'include' | 'exclude' | 'begin' | 'grep'; invert: boolean; re: LineMatcher }

const verbs = ['include', 'exclude', 'begin', 'grep'] as const;

/** a filter's pattern in linear time; throws on a pattern RE2 refuses */
export function compileFilter(pattern: string): LineMatcher {
  const re = RE2JS.compile(pattern);
  return { test: (line) => re.test(line) };
}

export function splitFilter(text: string): { command: string; filter: OutputFilter } | { error: string } | undefined {
  const i = text.indexOf('|');
  if (i < 0) return undefined;
  if (!/^\s*(sh|sho|show|mo|mor|more|di|dir|wr|wri|writ|write)\b/i.test(text)) return undefined;
  const command = text.slice(0, i).trimEnd();
  const rest = text.slice(i + 1).trim();
  const m = /^(\S+)\s*(.*)$/.exec(rest);
  if (!m) return { error: '% Incomplete command' };
  const verb = verbs.filter((v) => v.startsWith(m[1].toLowerCase()));
  if (verb.length !== 1) return { error: `% Invalid input detected at '^' marker.` };
  let pattern = m[2];
  let invert = false;
  if (verb[0] === 'grep' && /^-v\s+/.test(pattern)) { invert = true; pattern = pattern.replace(/^-v\s+/, ''); }
  if (!pattern) return { error: '% Incomplete command' };
  let re: LineMatcher;
  try { re = compileFilter(pattern); } catch { return { error: `% Invalid regular expression "${pattern}"` }; }
  return { command, filter: { kind: verb[0], invert: verb[0] === 'exclude' ? true : invert, re } };
}

/** a stateful line predicate: `begin` passes everything from the first match on */
export function lineFilter(f: OutputFilter): (line: string) => boolean {
  let begun = false;
  return (line) => {
    if (f.kind === 'begin') {
      if (!begun && f.re.test(line)) begun = true;
      return begun;
    }
    return f.re.test(line) !== f.invert;
  };
}
