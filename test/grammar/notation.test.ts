// The Chevrotain grammar of the declaration notation (grammar/notation.ts): it gives the very trees
// the hand-written recursive-descent parser gave (a verbatim copy is kept below as the reference),
// its errors name the declaration and the column, and printed trees parse back to themselves.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNotation, validateNotationGrammar, type Node } from '../../grammar/notation.ts';
import * as syntax from '../../grammar/syntax.ts';
import { allDecls } from '../../grammar/registry.ts';

/** the parser grammar/syntax.ts had before Chevrotain, unchanged: the reference for equivalence */
function handParse(src: string): Node {
  const toks = src.match(/\{|\}|\[|\]|\||\.\.\.|[^\s{}[\]|]+/g) ?? [];
  let i = 0;
  function seq(stop: string[]): Node {
    const items: Node[] = [];
    while (i < toks.length && !stop.includes(toks[i])) {
      const t = toks[i++];
      let n: Node;
      if (t === '{') { n = alt('}'); }
      else if (t === '[') { n = { k: 'opt', item: alt(']') }; }
      else if (t.startsWith('=')) n = { k: 'kw', word: t.slice(1) };
      else if (/^[A-Z][A-Z0-9_]*$/.test(t)) n = { k: 'arg', name: t };
      else n = { k: 'kw', word: t };
      if (toks[i] === '...') { i++; n = { k: 'rep', item: n }; }
      items.push(n);
    }
    return items.length === 1 ? items[0] : { k: 'seq', items };
  }
  function alt(close: string): Node {
    const items: Node[] = [seq(['|', close])];
    while (toks[i] === '|') { i++; items.push(seq(['|', close])); }
    if (toks[i++] !== close) throw new Error(`syntax notation: missing ${close} in "${src}"`);
    return items.length === 1 ? items[0] : { k: 'alt', items };
  }
  const n = seq([]);
  if (i !== toks.length) throw new Error(`syntax notation: stray "${toks[i]}" in "${src}"`);
  return n;
}

const kw = (word: string): Node => ({ k: 'kw', word });
const arg = (name: string): Node => ({ k: 'arg', name });
const seq = (...items: Node[]): Node => ({ k: 'seq', items });
const alt = (...items: Node[]): Node => ({ k: 'alt', items });
const opt = (item: Node): Node => ({ k: 'opt', item });
const rep = (item: Node): Node => ({ k: 'rep', item });

describe('the Chevrotain notation parser', () => {
  it('gives the hand parser\'s tree for every declaration of the grammar', () => {
    expect(allDecls.length).toBeGreaterThan(150);
    for (const d of allDecls) {
      const tree = parseNotation(d.syntax, d.kind);
      expect(tree, `${d.kind}: ${d.syntax}`).toStrictEqual(handParse(d.syntax));
      expect(tree, d.kind).toStrictEqual(d.node);
    }
  });

  it('passes Chevrotain\'s grammar validations (skipped at start-up)', () => {
    expect(() => validateNotationGrammar()).not.toThrow();
  });

  it('is what syntax.ts exports', () => {
    expect(syntax.parseNotation).toBe(parseNotation);
  });

  it('builds these trees', () => {
    const cases: [string, Node][] = [
      ['anyconnect ssl keepalive {none | SECONDS}',
        seq(kw('anyconnect'), kw('ssl'), kw('keepalive'), alt(kw('none'), arg('SECONDS')))],
      ['aaa authentication {ssh | http} console SERVER [=LOCAL]',
        seq(kw('aaa'), kw('authentication'), alt(kw('ssh'), kw('http')), kw('console'), arg('SERVER'), opt(kw('LOCAL')))],
      ['vpn-tunnel-protocol {ikev1 | ssl-client} ...', seq(kw('vpn-tunnel-protocol'), rep(alt(kw('ikev1'), kw('ssl-client'))))],
      ['html-content-filter {none | {java | images} ...}',
        seq(kw('html-content-filter'), alt(kw('none'), rep(alt(kw('java'), kw('images')))))],
      ['address-pool [IFC] POOL ...', seq(kw('address-pool'), opt(arg('IFC')), rep(arg('POOL')))],
      ['copy [/noconfirm] SRC DST', seq(kw('copy'), opt(kw('/noconfirm')), arg('SRC'), arg('DST'))],
      ['group-policy NAME {internal [from FROM] | external server-group TAG}',
        seq(kw('group-policy'), arg('NAME'), alt(seq(kw('internal'), opt(seq(kw('from'), arg('FROM')))),
          seq(kw('external'), kw('server-group'), arg('TAG'))))],
      ['write [{memory | terminal}]', seq(kw('write'), opt(alt(kw('memory'), kw('terminal'))))],
      ['write [memory | terminal]', seq(kw('write'), opt(alt(kw('memory'), kw('terminal'))))],
      // a sequence or choice of one is that one; nested sequences are kept, not flattened
      ['port-forward {TEXT}', seq(kw('port-forward'), arg('TEXT'))],
      ['{{LINE}}', arg('LINE')],
      ['x {a b}', seq(kw('x'), seq(kw('a'), kw('b')))],
      ['{a b} ...', rep(seq(kw('a'), kw('b')))],
      // words: anything but whitespace and {}[]|; only a whole upper-case word is an argument
      ['dir disk0:/a.b ABc A... a_B X1_2', seq(kw('dir'), kw('disk0:/a.b'), kw('ABc'), kw('A...'), kw('a_B'), arg('X1_2'))],
      ['a==b =x/y', seq(kw('a==b'), kw('x/y'))],
      ['\tshow  {a|b}[c]\n', seq(kw('show'), alt(kw('a'), kw('b')), opt(kw('c')))],
    ];
    for (const [src, tree] of cases) expect(parseNotation(src), src).toStrictEqual(tree);
  });

  it('names the declaration and the column of a malformed notation', () => {
    const bad: [string, number, RegExp][] = [
      ['a {b | c', 9, /expected "}" but found the end of the notation/],
      ['a ]', 3, /unexpected "]"/],
      ['[ ]', 3, /expected a keyword, an ARGUMENT, "=WORD", "\{" or "\[" but found "]"/],
      ['a | b }', 3, /unexpected "\|"/],
      ['{a b', 5, /expected "}"/],
      ['a {b ] c}', 6, /expected "}" but found "]"/],
      ['[a | b}', 7, /expected "]" but found "}"/],
      ['{}', 2, /but found "}"/],
      ['{a |}', 5, /but found "}"/],
      ['... a', 1, /but found "..."/],
      ['a ... ...', 7, /unexpected "..."/],
      ['a = b', 3, /"=" must be followed by the word/],
      ['', 1, /the end of the notation/],
    ];
    for (const [src, col, what] of bad) {
      let msg = '';
      try { parseNotation(src, 't.bad'); } catch (e) { msg = (e as Error).message; }
      expect(msg, JSON.stringify(src)).toContain(`syntax notation of t.bad, column ${col}: `);
      expect(msg, JSON.stringify(src)).toMatch(what);
      expect(msg).toContain(`in "${src}"`);
    }
    expect(() => parseNotation('a {b')).toThrow(/^syntax notation, column 5: expected "}"/);
  });

  it('decl() reports the declaration kind', () => {
    expect(() => syntax.decl({ kind: 'g.hostname', syntax: 'hostname {NAME | none', modes: ['config'] }))
      .toThrow('syntax notation of g.hostname, column 22: expected "}" but found the end of the notation');
  });
});

// ---------------------------------------------------------------------------------------------
// Properties: random trees printed as notation parse back to themselves (with both parsers), and on
// random token soup the Chevrotain parser either rejects or agrees with the hand parser.

const keyword = fc.oneof(
  fc.stringMatching(/^[a-z/][a-z0-9:/._-]{0,8}$/),
  fc.stringMatching(/^[A-Z][A-Z0-9_]{0,5}$/), // an upper-case keyword, written =WORD
  fc.stringMatching(/^[A-Z][a-z.][a-z0-9]{0,3}$/), // mixed case is a keyword as it stands
  fc.stringMatching(/^(=|\.\.\.)[a-z]{1,3}$/), // needs the = as well
);
const argument = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,6}$/);

const { tree } = fc.letrec<{ tree: Node; seq: Node; alt: Node; opt: Node; rep: Node }>((tie) => ({
  tree: fc.oneof({ depthSize: 'small', maxDepth: 5 },
    keyword.map(kw), argument.map(arg), tie('seq'), tie('alt'), tie('opt'), tie('rep')),
  seq: fc.array(tie('tree'), { minLength: 2, maxLength: 4 }).map((items) => seq(...items)),
  alt: fc.array(tie('tree'), { minLength: 2, maxLength: 4 }).map((items) => alt(...items)),
  opt: tie('tree').map(opt),
  rep: tie('tree').map(rep),
}));

/** notation text of a tree; `pad` puts spaces inside brackets and around bars */
function print(n: Node, pad: boolean): string {
  const [open, close, bar] = pad ? [' ', ' ', ' | '] : ['', '', '|'];
  const choice = (x: Node): string => (x.k === 'alt' ? x.items.map(sequence).join(bar) : sequence(x));
  const sequence = (x: Node): string => (x.k === 'seq' ? x.items.map(item).join(' ') : item(x));
  const item = (x: Node): string => (x.k === 'rep' ? `${atom(x.item)} ...` : atom(x));
  const atom = (x: Node): string => {
    switch (x.k) {
      case 'kw': return /^[A-Z][A-Z0-9_]*$|^=|^\.\.\./.test(x.word) ? `=${x.word}` : x.word;
      case 'arg': return x.name;
      case 'opt': return `[${open}${choice(x.item)}${close}]`;
      default: return `{${open}${choice(x)}${close}}`;
    }
  };
  return sequence(n);
}

describe('notation properties', () => {
  it('a printed tree parses back to itself', () => {
    fc.assert(fc.property(tree, fc.boolean(), (t, pad) => {
      const src = print(t, pad);
      expect(parseNotation(src, 't.prop')).toStrictEqual(t);
      expect(handParse(src)).toStrictEqual(t);
    }), { numRuns: 500 });
  });

  it('on any token sequence it rejects with a column, or agrees with the hand parser', () => {
    const soup = fc.array(fc.constantFrom('a', 'b-c', 'X', 'Y_1', '=L', '=', '{', '}', '[', ']', '|', '...', 'x...', 'Ab', 'A...'),
      { maxLength: 12 });
    fc.assert(fc.property(soup, (toks) => {
      const src = toks.join(' ');
      let mine: Node | Error;
      try { mine = parseNotation(src, 't.soup'); } catch (e) { mine = e as Error; }
      let theirs: Node | Error;
      try { theirs = handParse(src); } catch (e) { theirs = e as Error; }
      if (mine instanceof Error) {
        const m = /^syntax notation of t\.soup, column (\d+): /.exec(mine.message);
        expect(m, mine.message).not.toBeNull();
        expect(+m![1]).toBeGreaterThanOrEqual(1);
        expect(+m![1]).toBeLessThanOrEqual(src.length + 1);
      } else {
        expect(mine).toStrictEqual(theirs);
      }
      // the hand parser's errors are a subset: whatever it rejected is still rejected
      if (theirs instanceof Error) expect(mine).toBeInstanceOf(Error);
    }), { numRuns: 2000 });
  });
});
