// escapeText: what a peer typed is shown, never obeyed, by a terminal or a log reader.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeText } from '../../src/text/escape.ts';

describe('escapeText', () => {
  it('leaves ordinary text alone, the backslash included', () => {
    for (const s of ['', 'lee', 'foo_bar', 'DOMAIN\\user', 'Open AnyConnect VPN Agent v9.01-3', 'José Müller', '名前', 'a b', '\\x1b literally']) {
      expect(escapeText(s)).toBe(s);
    }
  });

  it('shows C0 controls, DEL and C1 controls as visible escapes', () => {
    expect(escapeText('\x1b[2J')).toBe('\\x1b[2J');
    expect(escapeText('a\nb\rc\td')).toBe('a\\nb\\rc\\td');
    expect(escapeText('\x00\x07\x08\x0b\x0c\x1f')).toBe('\\x00\\x07\\x08\\x0b\\x0c\\x1f');
    expect(escapeText('\x7f')).toBe('\\x7f');
    expect(escapeText('\u0080\u009b2J\u009d0;title\u009c')).toBe('\\x80\\x9b2J\\x9d0;title\\x9c');
  });

  it('shows line separators and bidirectional overrides', () => {
    expect(escapeText('a\u2028b\u2029c')).toBe('a\\u2028b\\u2029c');
    expect(escapeText('user\u202etxt.exe')).toBe('user\\u202etxt.exe');
    expect(escapeText('\u2066x\u2069\u200e\u200f\u061c')).toBe('\\u2066x\\u2069\\u200e\\u200f\\u061c');
  });

  it('neutralises a forged log line', () => {
    const forged = 'mallory\x1b[2J\n%ASA-6-113012: AAA user authentication Successful';
    const out = escapeText(forged);
    expect(out).toBe('mallory\\x1b[2J\\n%ASA-6-113012: AAA user authentication Successful');
    expect(out.split('\n')).toHaveLength(1);
  });

  it('never leaves a control character, and escaping twice is escaping once', () => {
    const UNSAFE = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
    const holds = (s: string): boolean => { const once = escapeText(s); return !UNSAFE.test(once) && escapeText(once) === once; };
    // every BMP code point up to the bidi isolates, so each class above is drawn often
    const anyChar = fc.integer({ min: 0, max: 0x206f }).map((c) => String.fromCharCode(c));
    fc.assert(fc.property(fc.string({ unit: anyChar, maxLength: 64 }), holds), { numRuns: 1000 });
    const hostile = fc.string({ unit: fc.constantFrom('\x1b', '\n', '\r', '\x9b', '\x7f', '\\', '[', 'a', '\u202e', '\u2028'), maxLength: 32 });
    fc.assert(fc.property(hostile, holds), { numRuns: 1000 });
  });
});
