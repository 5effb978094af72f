// `?`: the listing of what may come next, mode by mode from the current one up, in ASA's layout.
import { nextWords, matchLine, type HelpEntry } from '../../grammar/matcher.ts';
import { helpModeName, modeChain } from '../../grammar/registry.ts';
import type { Interpreter } from './interpreter.ts';
import { configuredNames, sourceLabel } from './names.ts';
import { tokenize } from '../../grammar/tokens.ts';

export function splitPartial(text: string): { line: string; partial: string } {
  if (text === '' || /\s$/.test(text)) return { line: text, partial: '' };
  const toks = tokenize(text);
  const last = toks[toks.length - 1];
  return { line: text.slice(0, last.start), partial: last.image };
}

export function helpText(interp: Interpreter, text: string): string[] {
  const { line, partial } = splitPartial(text.replace(/^\s+/, ''));
  const blocks: { mode: string; entries: HelpEntry[] }[] = [];
  for (const m of modeChain(interp.mode)) {
    const e = nextWords(line, m, partial);
    if (e && e.length) blocks.push({ mode: helpModeName(m), entries: e });
  }
  if (!blocks.length) {
    const a = matchLine(line + partial, interp.mode);
    const at = a.res.ok ? line.length : a.res.error === 'empty' ? 0 : a.res.at;
    return [' '.repeat(interp.prompt().length + at) + '^', `ERROR: % Invalid input detected at '^' marker.`];
  }
  const model = interp.app.config.model;
  const rows: { block: number; word?: string; help?: string; raw?: string }[] = [];
  blocks.forEach((b, i) => {
    for (const e of b.entries) {
      const names = e.source ? configuredNames(model, e.source).filter((n) => n.toLowerCase().startsWith(partial.toLowerCase())) : [];
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

function isRef(e: HelpEntry): boolean {
  return e.ref === true;
}
