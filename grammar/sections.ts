// The `show running-config [all] [SECTION [NAME]]` syntax, help and section lookup, generated from
// the section table (src/config/sections.ts: one entry per section, its words, help and render).
import { name, text, type ArgSpec } from './syntax.ts';
import { sections, type SectionEntry } from '../src/config/sections.ts';

/** the argument that carries a section's name: its own, so `?` and Tab offer that section's names */
export const nameArg = (s: SectionEntry): string => s.words.toUpperCase().replace(/[^A-Z0-9]+/g, '_');

const selectable = sections.filter((s) => !s.hidden);

/** `{webvpn | group-policy [GROUP_POLICY] | ...}` for the show-run declaration */
export const sectionSyntax = `{${selectable.map((s) => (s.named || s.verbatim ? `${s.words} [${nameArg(s)}]` : s.words)).join(' | ')}}`;

export const sectionArgs: Record<string, ArgSpec<string>> = Object.fromEntries(selectable.flatMap((s) => (
  s.named ? [[nameArg(s), name(`Name of the ${s.words}`, s.named)]]
    : s.verbatim ? [[nameArg(s), text(`Show only the ${s.words} commands that start with these words`)]] : [])));

export const sectionHelp: Record<string, string> = Object.assign({}, ...selectable.map((s) => s.help));

/** the section a matched `show running-config …` names: the longest whose words it has */
export function sectionFor(has: (word: string) => boolean): SectionEntry | undefined {
  let best: SectionEntry | undefined;
  for (const s of selectable) {
    const words = s.words.split(' ');
    if (words.every(has) && (!best || words.length > best.words.split(' ').length)) best = s;
  }
  return best;
}
