// The start-up completeness check: every declaration of the grammar has exactly one binding (an
// attribute store, an object handler or an EXEC handler), every declared default parses as its own
// declaration, every keyword has help text, and every show-run section renders, once, and every
// top-level configuration command has a section that prints it. A declaration nobody bound fails loudly at boot
// instead of answering "no apply function" to the first admin who types it.
import { allDecls, keywordHelp } from '../grammar/registry.ts';
import type { AnyDecl, Node } from '../grammar/syntax.ts';
import { matchLine } from '../grammar/matcher.ts';
import { configBindings } from './config/commands/index.ts';
import type { ConfigBinding } from './config/binding.ts';
import { execBindings } from './shell/commands/exec.ts';
import type { ExecBinding } from './shell/commands/binding.ts';
import { sections, type SectionEntry } from './config/sections.ts';
import { passthroughDecls } from '../grammar/passthrough.ts';

/** the keywords a declaration's lines always start with (`ip local pool` of `ip local pool NAME …`) */
function leadingWords(n: Node): string[] {
  if (n.k === 'kw') return [n.word];
  if (n.k !== 'seq') return [];
  const out: string[] = [];
  for (const x of n.items) {
    if (x.k !== 'kw') break;
    out.push(x.word);
  }
  return out;
}

/**
 * sections: each renders, one entry per words. A top-level configuration command (bound in config
 * mode, with a `no` form: not an action like `clear configure`) is printed by the section whose words
 * its lines start with; one kept verbatim is printed with the kept blocks of its rank.
 */
function sectionProblems(decls: readonly AnyDecl[], bindings: readonly (ConfigBinding | ExecBinding)[], renders: readonly SectionEntry[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const s of renders) seen.set(s.words, (seen.get(s.words) ?? 0) + 1);
  for (const s of renders) if (typeof s.blocks !== 'function') problems.push(`show running-config ${s.words}: no render`);
  for (const [w, n] of seen) if (n > 1) problems.push(`show running-config ${w}: ${n} sections`);
  const configBound = new Set(bindings.filter((b) => b.type !== 'exec').map((b) => b.decl));
  const kept = new Set<AnyDecl>(passthroughDecls);
  for (const d of decls) {
    if (!d.modes.includes('config') || !configBound.has(d) || kept.has(d) || d.no === false) continue;
    const lead = leadingWords(d.node).join(' ');
    if (!renders.some((s) => lead === s.words || lead.startsWith(s.words + ' '))) problems.push(`${d.kind}: no show-run section prints it`);
  }
  return problems;
}

function keywords(n: Node, out: string[] = []): string[] {
  if (n.k === 'kw') out.push(n.word);
  else if (n.k === 'seq' || n.k === 'alt') n.items.forEach((x) => keywords(x, out));
  else if (n.k === 'opt' || n.k === 'rep') keywords(n.item, out);
  return out;
}

export function bindingProblems(
  decls: readonly AnyDecl[] = allDecls,
  bindings: readonly (ConfigBinding | ExecBinding)[] = [...configBindings, ...execBindings],
  renders: readonly SectionEntry[] = sections,
): string[] {
  const problems: string[] = sectionProblems(decls, bindings, renders);
  const count = new Map<AnyDecl, number>();
  for (const b of bindings) count.set(b.decl, (count.get(b.decl) ?? 0) + 1);
  const known = new Set(decls);
  for (const d of decls) {
    const n = count.get(d) ?? 0;
    if (n !== 1) problems.push(`${d.kind}: ${n === 0 ? 'no binding' : `${n} bindings`}`);
    if (d.dflt) {
      const r = matchLine(d.dflt, d.modes[0]).res;
      if (!r.ok || r.cmd.kind !== d.kind) problems.push(`${d.kind}: default "${d.dflt}" does not parse as itself`);
    }
    for (const w of keywords(d.node)) {
      if (!d.help[w] && !d.modes.some((m) => keywordHelp(m, w))) problems.push(`${d.kind}: keyword "${w}" has no help text`);
    }
  }
  for (const b of bindings) if (!known.has(b.decl)) problems.push(`${b.decl.kind}: bound but not in the grammar`);
  return problems;
}

export function checkBindings(...args: Parameters<typeof bindingProblems>): void {
  const p = bindingProblems(...args);
  if (p.length) throw new Error(`grammar bindings are incomplete:\n  ${p.join('\n  ')}`);
}
