// The start-up completeness check: every declaration of the grammar has exactly one binding (an
// attribute store, an object handler or an EXEC handler), every declared default parses as its own
// declaration, and every keyword has help text. A declaration nobody bound fails loudly at boot
// instead of answering "no apply function" to the first admin who types it.
import { allDecls, keywordHelp } from '../grammar/registry.ts';
import type { AnyDecl, Node } from '../grammar/syntax.ts';
import { matchLine } from '../grammar/matcher.ts';
import { configBindings } from './config/commands/index.ts';
import type { ConfigBinding } from './config/binding.ts';
import { execBindings } from './shell/commands/exec.ts';
import type { ExecBinding } from './shell/commands/binding.ts';
import { sectionList, type SectionWords } from '../grammar/sections.ts';
import { sections, type SectionEntry } from './config/sections.ts';

function keywords(n: Node, out: string[] = []): string[] {
  if (n.k === 'kw') out.push(n.word);
  else if (n.k === 'seq' || n.k === 'alt') n.items.forEach((x) => keywords(x, out));
  else if (n.k === 'opt' || n.k === 'rep') keywords(n.item, out);
  return out;
}

export function bindingProblems(
  decls: readonly AnyDecl[] = allDecls,
  bindings: readonly (ConfigBinding | ExecBinding)[] = [...configBindings, ...execBindings],
  words: readonly SectionWords[] = sectionList,
  renders: readonly SectionEntry[] = sections,
): string[] {
  const problems: string[] = [];
  for (const w of words) {
    const n = renders.filter((r) => r.words === w).length;
    if (n !== 1) problems.push(`show running-config ${w.words}: ${n === 0 ? 'no render' : `${n} renders`}`);
  }
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
