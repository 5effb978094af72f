// Layering, read from the import statements of the sources themselves (issue 10, item 5).
//
// Rule 1, the gateway stands alone: no module under src/gateway/ imports, in any form (static,
// type-only, re-export, `import()`, `require`, `import('…').T` in a type), from src/shell/ or from
// the process that hosts it: src/app-types.ts, src/app.ts, src/services.ts, src/gateway-service.ts,
// src/main.ts. What the rest of the process may ask of the gateway is declared in the gateway
// (src/gateway/api.ts) and app-types.ts imports it from there, never the reverse.
//
// Rule 2, the shell sees records, not the gateway: a module under src/shell/ may name the gateway
// only through type-only imports from src/gateway/api.ts (the session records, the counters, the
// certificate data and the VpnService interface). Anything else — a value import (which would run
// gateway code inside the CLI), a type from another gateway module (its internals), `import()` —
// fails. Sessions reach the live gateway through App['vpn'] only.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SRC = path.join(ROOT, 'src');
const SOURCE = /\.(ts|mts|cts|tsx|js|mjs|cjs)$/;

interface ImportRef {
  /** the module specifier as written */
  spec: string;
  /** the resolved path (extension dropped) for a relative specifier, else null (node:, packages) */
  target: string | null;
  /** erased at compile time: `import type`, `export type`, every specifier `type`, or an import type */
  typeOnly: boolean;
  /** how it is written, for the failure message */
  form: 'import' | 'export' | 'import()' | 'require' | 'import-equals' | 'import-type';
  line: number;
}

const dropExt = (p: string): string => p.replace(SOURCE, '');

/** Every module reference of one source file. */
function importsOf(file: string, text: string): ImportRef[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: ImportRef[] = [];
  const add = (lit: ts.Expression | undefined, typeOnly: boolean, form: ImportRef['form'], at: ts.Node): void => {
    if (!lit || !ts.isStringLiteralLike(lit)) return;
    const spec = lit.text;
    const target = spec.startsWith('.') ? dropExt(path.resolve(path.dirname(file), spec)) : null;
    out.push({ spec, target, typeOnly, form, line: sf.getLineAndCharacterOfPosition(at.getStart(sf)).line + 1 });
  };
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n)) {
      const c = n.importClause;
      const named = c?.namedBindings && ts.isNamedImports(c.namedBindings) ? c.namedBindings.elements : undefined;
      // `import { type A, type B } from` is erased too; a side-effect `import 'x'` is not
      const allTypes = !!c && !c.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly);
      add(n.moduleSpecifier, !!c?.isTypeOnly || allTypes, 'import', n);
    } else if (ts.isExportDeclaration(n) && n.moduleSpecifier) {
      const named = n.exportClause && ts.isNamedExports(n.exportClause) ? n.exportClause.elements : undefined;
      const allTypes = !!named && named.length > 0 && named.every((e) => e.isTypeOnly);
      add(n.moduleSpecifier, n.isTypeOnly || allTypes, 'export', n);
    } else if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference)) {
      add(n.moduleReference.expression, n.isTypeOnly, 'import-equals', n);
    } else if (ts.isCallExpression(n) && (n.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(n.expression) && n.expression.text === 'require'))) {
      add(n.arguments[0], false, n.expression.kind === ts.SyntaxKind.ImportKeyword ? 'import()' : 'require', n);
    } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument)) {
      add(n.argument.literal as ts.Expression, true, 'import-type', n);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

function sourcesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourcesUnder(p));
    else if (SOURCE.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out.sort();
}

const under = (p: string, dir: string): boolean => p === dir || p.startsWith(dir + path.sep);
const rel = (p: string): string => path.relative(ROOT, p);

const GATEWAY = path.join(SRC, 'gateway');
const SHELL = path.join(SRC, 'shell');
/** the process around the gateway: its composition and the types it hands the shell */
const HOST = ['app-types', 'app', 'services', 'gateway-service', 'main'].map((m) => path.join(SRC, m));
const GATEWAY_API = path.join(GATEWAY, 'api');

/** Rule 1: what a gateway module must not reference; null when `r` is fine. */
function gatewayViolation(r: ImportRef): string | null {
  if (!r.target) return null;
  if (under(r.target, SHELL)) return 'the gateway imports from src/shell/';
  if (HOST.includes(r.target)) return `the gateway imports from ${rel(r.target)}.ts (the process that hosts it)`;
  return null;
}

/** Rule 2: what a shell module must not reference; null when `r` is fine. */
function shellViolation(r: ImportRef): string | null {
  if (!r.target || !under(r.target, GATEWAY)) return null;
  if (r.target !== GATEWAY_API) return `the shell imports gateway internals (${rel(r.target)}); only src/gateway/api.ts is shared`;
  if (!r.typeOnly) return `the shell imports src/gateway/api.ts as a value (${r.form}); only type-only imports of its records are allowed`;
  return null;
}

function violations(dir: string, rule: (r: ImportRef) => string | null): string[] {
  const found: string[] = [];
  for (const f of sourcesUnder(dir)) {
    for (const r of importsOf(f, fs.readFileSync(f, 'utf8'))) {
      const why = rule(r);
      if (why) found.push(`${rel(f)}:${r.line}: ${r.form} '${r.spec}': ${why}`);
    }
  }
  return found;
}

describe('layering of src/gateway and src/shell', () => {
  it('the scanner sees every form of import (so the rules cannot pass by reading nothing)', () => {
    const f = path.join(GATEWAY, 'x.ts');
    const refs = importsOf(f, [
      "import a from '../app-types.ts';",
      "import type { B } from '../shell/session.ts';",
      "import {\n  type C,\n  type D,\n} from './api.ts';",
      "import { type E, F } from './api.ts';",
      "export { G } from '../app.ts';",
      "export type { H } from './sessions.ts';",
      "import './side-effect.js';",
      "import fs from 'node:fs';",
      "const m = await import('../shell/exec/vpn.ts');",
      "const r = require('../services');",
      "import q = require('../main.js');",
      "let t: import('../gateway-service.ts').X;",
    ].join('\n'));
    expect(refs.map((r) => [r.spec, r.form, r.typeOnly])).toEqual([
      ['../app-types.ts', 'import', false],
      ['../shell/session.ts', 'import', true],
      ['./api.ts', 'import', true],
      ['./api.ts', 'import', false],
      ['../app.ts', 'export', false],
      ['./sessions.ts', 'export', true],
      ['./side-effect.js', 'import', false],
      ['node:fs', 'import', false],
      ['../shell/exec/vpn.ts', 'import()', false],
      ['../services', 'require', false],
      ['../main.js', 'import-equals', false],
      ['../gateway-service.ts', 'import-type', true],
    ]);
    expect(refs[2].line).toBe(3);
    // rule 1 flags the shell and the host in any form, and leaves the gateway's own modules and packages alone
    expect(refs.map((r) => gatewayViolation(r) !== null)).toEqual([true, true, false, false, true, false, false, false, true, true, true, true]);
  });

  it('rule 2 on examples: type-only from api.ts passes; values, other gateway modules and import() fail', () => {
    const f = path.join(SHELL, 'show', 'x.ts');
    const refs = importsOf(f, [
      "import type { SessionRecord } from '../../gateway/api.ts';",
      "import { type SessionStats } from '../../gateway/api.js';",
      "import { vpnService } from '../../gateway/api.ts';",
      "import type { Session } from '../../gateway/sessions.ts';",
      "import { Gateway } from '../../gateway/gateway.ts';",
      "const g = await import('../../gateway/api.ts');",
      "import type { App } from '../../app-types.ts';",
    ].join('\n'));
    expect(refs.map((r) => shellViolation(r) !== null)).toEqual([false, false, true, true, true, true, false]);
  });

  it('the real sources are scanned: the process does import the gateway, and the shell its records', () => {
    const hostRefs = importsOf(path.join(SRC, 'gateway-service.ts'), fs.readFileSync(path.join(SRC, 'gateway-service.ts'), 'utf8'));
    expect(hostRefs.some((r) => r.target === path.join(GATEWAY, 'gateway'))).toBe(true);
    expect(sourcesUnder(GATEWAY).length).toBeGreaterThan(10);
    const shellToApi = sourcesUnder(SHELL).flatMap((f) => importsOf(f, fs.readFileSync(f, 'utf8'))).filter((r) => r.target === GATEWAY_API);
    expect(shellToApi.length).toBeGreaterThan(0);
  });

  it('rule 1: no module of src/gateway/ imports from src/shell/ or from the app (app-types.ts, app.ts, …)', () => {
    expect(violations(GATEWAY, gatewayViolation)).toEqual([]);
  });

  it('rule 2: src/shell/ names the gateway only through type-only imports of src/gateway/api.ts', () => {
    expect(violations(SHELL, shellViolation)).toEqual([]);
  });
});
