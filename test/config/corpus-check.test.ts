// The corpus checker (test/fixtures/corpus-check.ts, run by .ci/run on the public corpus) on the
// project's own look-alike configurations in test/fixtures/corpus-like/, and on broken inputs to
// show it fails when it should.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it, onTestFinished } from 'vitest';
import { CORPUS_ALLOWANCES, NORMALISATIONS, checkFolder, checkText } from '../fixtures/corpus-check.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const LIKE = path.join(ROOT, 'test/fixtures/corpus-like');
const CHECKER = path.join(ROOT, 'test/fixtures/corpus-check.ts');

function cli(dir: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', CHECKER, dir], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
}

describe('corpus check on the look-alike configurations', () => {
  it('accepts every file, with exactly the allowed refusals', async () => {
    const results = await checkFolder(LIKE);
    expect(results.map((r) => r.file)).toEqual(['cloud-bootstrap.cfg', 'webvpn-fragment.cfg', 'whole-asa.asa']);
    for (const r of results) {
      expect(r.problems, r.file).toEqual([]);
      expect(r.refused.filter((x) => !x.allowed), r.file).toEqual([]);
      expect(r.refused.length, r.file).toBe(CORPUS_ALLOWANCES[r.file].length);
      expect(r.lines).toBeGreaterThan(40);
    }
  });

  it('runs as a script: exit 0 and one ok line per file', () => {
    const r = cli(LIKE);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').filter((l) => /^(ok|FAIL)/.test(l))).toEqual([
      'ok   cloud-bootstrap.cfg: 45 lines, 0 refused as allowed, 0 problem(s)',
      'ok   webvpn-fragment.cfg: 43 lines, 7 refused as allowed, 0 problem(s)',
      'ok   whole-asa.asa: 100 lines, 0 refused as allowed, 0 problem(s)',
    ]);
  }, 120_000);

  it('documents each normalisation it applies', () => {
    expect(NORMALISATIONS.length).toBeGreaterThanOrEqual(6);
    for (const n of NORMALISATIONS) expect(n.name.length).toBeGreaterThan(20);
  });
});

describe('corpus check failures', () => {
  it('reports a refused line that no allowance covers, with its error', async () => {
    const r = await checkText('typo.cfg', 'hostname x\ninterface Vlan1\n nameif in\n ip adress 192.0.2.1 255.255.255.0\n');
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(/^line 4 refused, and no allowance covers it: "ip adress 192\.0\.2\.1 255\.255\.255\.0"/);
    expect(r.problems[0]).toContain("ERROR: % Invalid input detected at '^' marker.");
  });

  it('reports an accepted line missing from the render, in its block, with what is rendered there', async () => {
    const text = fs.readFileSync(path.join(LIKE, 'whole-asa.asa'), 'utf8');
    const r = await checkText('whole-asa.asa', text, { renderHook: (lines) => lines.filter((l) => l !== ' security-level 100' && l !== '  inspect ftp') });
    expect(r.problems).toHaveLength(2);
    expect(r.problems[0]).toMatch(/^line \d+ accepted but not in the render in block "interface Vlan20":\n {4}- security-level 100\n {4}rendered there:\n/);
    expect(r.problems[0]).toContain('    + nameif INSIDE');
    expect(r.problems[1]).toMatch(/in block "policy-map global_policy \/ class inspection_default":\n {4}- inspect ftp/);
  });

  it('reports an allowed refusal that did not happen', async () => {
    const r = await checkText('x.cfg', 'hostname x\nip local pool P 10.0.0.1-10.0.0.9\ntunnel-group DefaultRAGroup general-attributes\n address-pool P\n',
      { allowances: [{ line: 'address-pool P', error: /^ERROR: /, reason: 'pool P is undefined' }] });
    expect(r.problems).toEqual(['allowed refusal did not happen (headend accepted it, or the error changed): "address-pool P" (pool P is undefined)']);
  });

  it('as a script, exits 1 and prints the problem', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headend-corpus-test-'));
    onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
    fs.writeFileSync(path.join(dir, 'bad.cfg'), 'hostname bad\ngroup-policy G internal\ngroup-policy G attributes\n vpn-idle-timeout 99999999999\n');
    const r = cli(dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('FAIL bad.cfg: 4 lines, 0 refused as allowed, 1 problem(s)');
    expect(r.stdout).toContain('line 4 refused, and no allowance covers it: "vpn-idle-timeout 99999999999"');
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'headend-corpus-empty-'));
    onTestFinished(() => fs.rmSync(empty, { recursive: true, force: true }));
    const e = cli(empty);
    expect(e.status).toBe(1);
    expect(e.stderr).toContain('no *.cfg or *.asa configurations in');
  }, 120_000);
});
