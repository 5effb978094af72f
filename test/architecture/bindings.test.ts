// Every declaration has exactly one binding; defaults parse as themselves; every keyword has help.
import { describe, expect, it } from 'vitest';
import { allDecls } from '../../grammar/registry.ts';
import { decl, int } from '../../grammar/syntax.ts';
import { configBindings } from '../../src/config/commands/index.ts';
import { on, ok, store } from '../../src/config/binding.ts';
import { execBindings } from '../../src/shell/commands/exec.ts';
import { bindingProblems, checkBindings } from '../../src/bindings.ts';
import { sections, type SectionEntry } from '../../src/config/sections.ts';

const all = [...configBindings, ...execBindings];

describe('grammar bindings', () => {
  it('the real grammar is complete: one binding each, defaults parse, every keyword has help', () => {
    expect(bindingProblems()).toEqual([]);
  });

  it('a declaration with no binding fails the start-up check loudly, naming it', () => {
    const lonely = decl({ kind: 'g.frobnicate', syntax: 'frobnicate', modes: ['config'], help: { frobnicate: 'Frobnicate' } });
    expect(bindingProblems([...allDecls, lonely], all)).toEqual(['g.frobnicate: no binding']);
    expect(() => checkBindings([...allDecls, lonely], all)).toThrow(/g\.frobnicate: no binding/);
  });

  it('a declaration bound twice, or a binding of something not in the grammar, is reported', () => {
    const twice = allDecls.find((d) => d.kind === 'g.hostname')!;
    expect(bindingProblems(allDecls, [...all, on(twice, (_c, _e, cmd) => ok('global', cmd))])).toEqual(['g.hostname: 2 bindings']);
    const stray = decl({ kind: 'g.stray', syntax: 'stray', modes: ['config'], help: { stray: 'Stray' } });
    expect(bindingProblems(allDecls, [...all, store(stray)])).toEqual(['g.stray: bound but not in the grammar']);
  });

  it('a default that does not parse as its own declaration is reported', () => {
    const mtu = allDecls.find((d) => d.kind === 'gw.mtu')!;
    const good = { ...mtu, dflt: 'anyconnect mtu 1406' };
    const outOfRange = { ...mtu, dflt: 'anyconnect mtu 99999' };
    const another = { ...mtu, dflt: 'anyconnect ssl keepalive 20' };
    expect(bindingProblems([good], [store(good)])).toEqual([]);
    expect(bindingProblems([outOfRange], [store(outOfRange)])).toEqual(['gw.mtu: default "anyconnect mtu 99999" does not parse as itself']);
    expect(bindingProblems([another], [store(another)])).toEqual(['gw.mtu: default "anyconnect ssl keepalive 20" does not parse as itself']);
  });

  it('a configuration command that no show-run section prints is reported, until a section renders it', () => {
    const frob = decl({ kind: 'g.frobnicate', syntax: 'frobnicate level N', modes: ['config'], help: { frobnicate: 'Frobnicate', level: 'Level' },
      args: { N: int(1, 9, 'Level') } });
    expect(bindingProblems([...allDecls, frob], [...all, store(frob)])).toEqual(['g.frobnicate: no show-run section prints it']);
    const section: SectionEntry = { words: 'frobnicate', help: { frobnicate: 'Show frobnication' }, blocks: () => [] };
    expect(bindingProblems([...allDecls, frob], [...all, store(frob)], [...sections, section])).toEqual([]);
    // an action (no `no` form) prints nowhere, and needs no section
    const act = decl({ kind: 'g.frob-now', syntax: 'frobnicate-now', modes: ['config'], no: false, help: { 'frobnicate-now': 'Frobnicate once' } });
    expect(bindingProblems([...allDecls, act], [...all, on(act, (_c, _e, cmd) => ok('global', cmd))])).toEqual([]);
  });

  it('a show-run section with no render, or two sections of the same words, is reported', () => {
    const mute = { words: 'frobnicate', help: { frobnicate: 'Show frobnication' } } as unknown as SectionEntry;
    expect(bindingProblems(allDecls, all, [...sections, mute])).toEqual(['show running-config frobnicate: no render']);
    expect(bindingProblems(allDecls, all, [...sections, sections[0]])).toEqual([`show running-config ${sections[0].words}: 2 sections`]);
  });

  it('a keyword with no help text is reported', () => {
    const mute = decl({ kind: 'g.mute', syntax: 'mute {quietly | loudly-zz}', modes: ['config-if'], help: { mute: 'Mute', quietly: 'Quietly' } });
    expect(bindingProblems([mute], [store(mute)])).toEqual(['g.mute: keyword "loudly-zz" has no help text']);
  });
});
