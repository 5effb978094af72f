// The one vocabulary of the CLI. ASA words are whitespace-separated; a double-quoted run is one
// word (keepout "Clientless Service Not Available"). Keyword and argument typing happens in the
// declaration matcher, because ASA's unique-prefix rule depends on what may come next.
import { createToken, Lexer, type IToken } from 'chevrotain';

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t]+/, group: Lexer.SKIPPED });
export const Quoted = createToken({ name: 'Quoted', pattern: /"[^"]*"?/ });
export const Word = createToken({ name: 'Word', pattern: /[^ \t"]+/ });

export const allTokens = [WhiteSpace, Quoted, Word];
export const lexer = new Lexer(allTokens, { positionTracking: 'onlyOffset', skipValidations: true });

export interface Tok { image: string; start: number; end: number }

export function tokenize(line: string): Tok[] {
  const r = lexer.tokenize(line);
  const out: Tok[] = new Array(r.tokens.length);
  for (let i = 0; i < r.tokens.length; i++) {
    const t: IToken = r.tokens[i];
    out[i] = { image: t.image, start: t.startOffset, end: t.startOffset + t.image.length };
  }
  return out;
}
