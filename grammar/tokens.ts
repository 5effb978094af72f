// The one vocabulary of the CLI. ASA words are whitespace-separated; a double-quoted run is one
// word (keepout "Clientless Service Not Available"). Keyword and argument typing happens in the
// declaration matcher, because ASA's unique-prefix rule depends on what may come next.
//
// Three token patterns, tried in this order at each position: whitespace `[ \t]+` (skipped), a
// quoted run `"[^"]*"?` (its closing quote optional), a word `[^ \t"]+`. Every character starts one
// of them, so a line always splits. A scan of the line's characters, not a general lexer: the
// lexer is called on every pasted line, and a Chevrotain Lexer.tokenize call costs several times
// the scan (its per-call set-up and token objects). test/grammar/tokens.test.ts holds it to the
// same three patterns run as a Chevrotain lexer.

export interface Tok { image: string; start: number; end: number }

const SPACE = 32, TAB = 9, QUOTE = 34;

export function tokenize(line: string): Tok[] {
  const out: Tok[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    let c = line.charCodeAt(i);
    if (c === SPACE || c === TAB) { i++; continue; }
    const start = i;
    if (c === QUOTE) {
      i++;
      while (i < n && line.charCodeAt(i) !== QUOTE) i++;
      if (i < n) i++;
    } else {
      do { i++; c = i < n ? line.charCodeAt(i) : SPACE; } while (c !== SPACE && c !== TAB && c !== QUOTE);
    }
    out.push({ image: line.slice(start, i), start, end: i });
  }
  return out;
}
