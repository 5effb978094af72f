// The CLI's word scanner (grammar/tokens.ts) splits every line as its three token patterns run as a
// Chevrotain lexer do (whitespace skipped, then a quoted run, then a word, first match wins): the
// same images at the same offsets, on lines of spaces, tabs, quotes and other characters.
import fc from 'fast-check';
import { createToken, Lexer } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../grammar/tokens.ts';

const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t]+/, group: Lexer.SKIPPED });
const Quoted = createToken({ name: 'Quoted', pattern: /"[^"]*"?/ });
const Word = createToken({ name: 'Word', pattern: /[^ \t"]+/ });
const reference = new Lexer([WhiteSpace, Quoted, Word], { positionTracking: 'onlyOffset' });

function byReference(line: string): { image: string; start: number; end: number }[] {
  const r = reference.tokenize(line);
  expect(r.errors).toEqual([]);
  return r.tokens.map((t) => ({ image: t.image, start: t.startOffset, end: t.startOffset + t.image.length }));
}

describe('tokenize', () => {
  it('splits words, quoted runs and an unclosed quote', () => {
    expect(tokenize(' banner motd "a b"c\t"d ').map((t) => t.image)).toEqual(['banner', 'motd', '"a b"', 'c', '"d ']);
    expect(tokenize('a"b" "" x')).toEqual([
      { image: 'a', start: 0, end: 1 }, { image: '"b"', start: 1, end: 4 }, { image: '""', start: 5, end: 7 }, { image: 'x', start: 8, end: 9 },
    ]);
    expect(tokenize(' \t ')).toEqual([]);
  });

  it('agrees with the three patterns as a Chevrotain lexer on any line', () => {
    const ch = fc.constantFrom(' ', '\t', '"', 'a', 'Z', '0', '-', '\r', '\n', '!', 'é', '\u00a0', '😀');
    fc.assert(fc.property(fc.array(ch, { maxLength: 40 }).map((a) => a.join('')), (line) => {
      expect(tokenize(line)).toEqual(byReference(line));
    }), { numRuns: 3000 });
  });
});
