// `?`: the listing of what may come next, mode by mode from the current one up, in ASA's layout.
import { nextWords, matchLine, type HelpEntry } from '../../grammar/matcher.ts';
import { helpModeName, modeChain } from '../../grammar/registry.ts';
import type { Interpreter } from './interpreter.ts';
import { configuredNames, sourceLabel } from './names.ts';
import { tokenize } from '../../grammar/tokens.ts';
import type { RunningConfig } from '../config/model.ts';
import { exactIn } from './exact-word.ts';

export function splitPartial(text: string): { line: string; partial: string } {
  if (text === '' || /\s$/.test(text)) return { line: text, partial: '' };
  const toks = tokenize(text);
  const last = toks[toks.length - 1];
  return { line: text.slice(0, last.start), partial: last.image };
}

/** `indent`: columns of indentation the caller already took off `text` (the caret counts them) */
export function helpText(interp: Interpreter, text: string, indent = 0): string[] {
  const { line, partial } = splitPartial(text.replace(/^\s+/, ''));
  const blocks: { mode: string; entries: HelpEntry[] }[] = [];
  const model = interp.app.config.model;
  // a first word that a nearer mode has as a whole keyword is not a parent's abbreviation
  let exact = false;
  for (const m of modeChain(interp.mode)) {
    const here = line.trim() !== '' && exactIn(m, line);
    if (exact && !here) continue;
    exact ||= here;
    // a list of configured names with none that fit offers nothing
    const e = nextWords(line, m, partial)?.filter((x) => x.kind !== 'names' || namesFor(model, x, partial).length);
    if (e && e.length) blocks.push({ mode: helpModeName(m), entries: e });
  }
  if (!blocks.length) {
    // the caret goes where the same line run without `?` would put it
    const m = interp.match(line + partial, modeChain(interp.mode));
    const a = 'fail' in m ? m.fail : matchLine(line + partial, m.level);
    const at = a.res.ok ? line.length : a.res.error === 'empty' ? 0 : a.res.at;
    // the caret's column counts the prompt, the space after it and the line's indentation
    const lead = /^\s*/.exec(text)![0].length;
    return [' '.repeat(interp.prompt().length + 1 + indent + lead + at) + '^', `ERROR: % Invalid input detected at '^' marker.`];
  }
  const rows: { block: number; word?: string; help?: string; raw?: string }[] = [];
  blocks.forEach((b, i) => {
    for (const e of b.entries) {
      const names = namesFor(model, e, partial);
      if (e.kind === 'names' || (e.kind === 'arg' && e.source && names.length && isRef(e))) {
        rows.push({ block: i, raw: `Available configured ${sourceLabel[e.source!]}: ${names.sort().join(' ')}` });
      } else {
        rows.push({ block: i, word: e.word, help: e.help });
      }
    }
  });
  const width = Math.max(...rows.map((r) => (r.word ?? '').length)) + 3;
  const out: string[] = [];
  blocks.forEach((b, i) => {
    out.push('', `${b.mode} mode commands/options:`);
    for (const r of rows.filter((x) => x.block === i)) {
      out.push(r.raw ?? `  ${r.word!.padEnd(width)}${r.help}`.trimEnd());
    }
  });
  return out;
}

function namesFor(model: RunningConfig, e: HelpEntry, partial: string): string[] {
  return e.source ? configuredNames(model, e.source).filter((n) => n.toLowerCase().startsWith(partial.toLowerCase())) : [];
}

function isRef(e: HelpEntry): boolean {
  return e.ref === true;
}
