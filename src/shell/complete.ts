// Tab: complete the word under the cursor when exactly one keyword (or configured name) fits;
// otherwise list the choices and complete their common prefix.
import { nextWords } from '../../grammar/matcher.ts';
import { modeChain } from '../../grammar/registry.ts';
import type { Interpreter } from './interpreter.ts';
import { splitPartial } from './help.ts';
import { configuredNames } from './names.ts';
import { exactIn } from './exact-word.ts';

export function complete(sh: Interpreter, before: string): { replace?: string; list?: string[] } {
  const lead = /^\s*/.exec(before)![0];
  const { line, partial } = splitPartial(before.slice(lead.length));
  const words = new Set<string>();
  let exact = false;
  for (const m of modeChain(sh.mode)) {
    // as for `?`: a parent's abbreviation of a word a nearer mode has whole offers nothing
    const here = line.trim() !== '' && exactIn(m, line);
    if (exact && !here) continue;
    exact ||= here;
    for (const e of nextWords(line, m, partial) ?? []) {
      if (e.kind === 'kw') words.add(e.word);
      else if ((e.kind === 'names' || e.kind === 'arg') && e.source) {
        for (const n of configuredNames(sh.app.config.model, e.source)) if (n.toLowerCase().startsWith(partial.toLowerCase())) words.add(n);
      }
    }
  }
  const list = [...words].sort();
  if (list.length === 1) return { replace: lead + line + list[0] + ' ' };
  if (list.length > 1) {
    let p = list[0];
    for (const w of list) while (!w.toLowerCase().startsWith(p.toLowerCase())) p = p.slice(0, -1);
    return { replace: p.length > partial.length ? lead + line + p : undefined, list };
  }
  return {};
}
