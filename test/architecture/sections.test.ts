// The show-run section table is imported by the grammar (grammar/exec.ts builds the show-run syntax
// from it), so nothing it imports at run time may import the grammar's registry or matcher back: an
// ESM cycle through them leaves grammar/exec.ts reading the table before it exists, depending on
// which module a program happens to import first.
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultsOf } from '../../src/config/render/blocks.ts';
import { modeDecls } from '../../grammar/registry.ts';

const root = resolve(import.meta.dirname, '../..');

/** the relative modules `file` imports for their values (type-only imports vanish at run time) */
function runtimeImports(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(/^(?:import|export)\s+(type\s+)?([^;]*?)\s+from\s+'(\.[^']+)'/gm)) {
    if (m[1]) continue;
    const names = m[2].replace(/[{}]/g, '').split(',').map((x) => x.trim()).filter(Boolean);
    if (names.length && names.every((x) => x.startsWith('type '))) continue;
    out.push(resolve(dirname(file), m[3]));
  }
  return out;
}

/** every module reachable from `file` at run time, each with the chain that reaches it */
function closure(file: string): Map<string, string[]> {
  const seen = new Map<string, string[]>([[file, [file]]]);
  const todo = [file];
  while (todo.length) {
    const f = todo.pop()!;
    for (const d of runtimeImports(f)) {
      if (seen.has(d)) continue;
      seen.set(d, [...seen.get(f)!, d]);
      todo.push(d);
    }
  }
  return seen;
}

describe('show-run section table', () => {
  it('reaches neither grammar/registry.ts nor grammar/matcher.ts at run time', () => {
    const reach = closure(resolve(root, 'src/config/sections.ts'));
    const bad = ['grammar/registry.ts', 'grammar/matcher.ts'].map((f) => resolve(root, f)).filter((f) => reach.has(f));
    expect(bad.map((f) => reach.get(f)!.map((x) => relative(root, x)).join(' -> '))).toEqual([]);
    // the walk itself is real: the table does reach its renderers and the grammar files it reads
    expect(reach.has(resolve(root, 'src/config/render/blocks.ts'))).toBe(true);
    expect(reach.has(resolve(root, 'grammar/config.ts'))).toBe(true);
  });

  it('the walk sees a cycle where one exists: the matcher reaches the table through the registry', () => {
    expect(closure(resolve(root, 'grammar/matcher.ts')).has(resolve(root, 'src/config/sections.ts'))).toBe(true);
  });

  it('the defaults `show running-config all` prints for a mode are every default the grammar declares there', () => {
    for (const [mode, decls] of Object.entries(defaultsOf)) {
      const declared = modeDecls(mode as keyof typeof defaultsOf).filter((d) => d.dflt).map((d) => d.kind);
      expect(declared.length).toBeGreaterThan(0);
      expect((decls as readonly { kind: string; dflt?: string; modes: string[] }[]).filter((d) => d.dflt && d.modes.includes(mode)).map((d) => d.kind).sort())
        .toEqual(declared.sort());
    }
  });
});
