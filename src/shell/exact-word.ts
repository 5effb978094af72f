// ASA resolves a command word in the nearest mode that knows it: a word that is a whole keyword of
// a sub-mode (`anyconnect` in config-group-webvpn) is that keyword, and is not also taken as an
// abbreviation of a parent mode's command (`anyconnect-custom-data` at config level). Execution,
// `?` and Tab all apply this rule, so a mistyped sub-mode line reports its own error and the
// prompt stays where it was.
import { nextWords } from '../../grammar/matcher.ts';
import type { Mode } from '../../grammar/syntax.ts';
import { tokenize } from '../../grammar/tokens.ts';

/** the first command word of a line (after a leading `no`), lower-cased, and the text before it */
export function firstWord(text: string): { word: string; before: string } | undefined {
  const toks = tokenize(text);
  const i = toks.length > 1 && toks[0].image.toLowerCase() === 'no' ? 1 : 0;
  const t = toks[i];
  return t && { word: t.image.toLowerCase(), before: text.slice(0, t.start) };
}

/** `mode` has the line's first command word as a whole keyword */
export function exactIn(mode: Mode, text: string): boolean {
  const f = firstWord(text);
  if (!f) return false;
  return (nextWords(f.before, mode, f.word) ?? []).some((e) => e.kind === 'kw' && e.word.toLowerCase() === f.word);
}
