// Issue 11, point 5 (ReDoS): output filters run in linear time. V8's backtracking RegExp takes
// 2^n steps for `(a|a)*b` against n `a`s, so on the code before the fix each check below never
// returns; both therefore run in a child process with a time limit, and a filter that hangs is a
// killed child and a failed test rather than a frozen test worker.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitFilter } from '../../src/shell/filters.ts';
import { bootApp, Shell, tempState } from '../shell/helpers.ts';
import type { SessionResult } from './fixtures/hostile-filter.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURE = path.join(import.meta.dirname, 'fixtures/hostile-filter.ts');

/** the fixture's JSON, or a rejection when it does not finish within `ms` (then it is killed) */
function child<T>(what: 'line' | 'session', ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', FIXTURE, what], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.setEncoding('utf8').on('data', (s: string) => { out += s; });
    p.stderr.setEncoding('utf8').on('data', (s: string) => { err += s; });
    const t = setTimeout(() => { p.kill('SIGKILL'); }, ms);
    p.on('close', (code, signal) => {
      clearTimeout(t);
      if (signal) reject(new Error(`the filter did not finish within ${ms} ms (killed by ${signal})`));
      else if (code !== 0) reject(new Error(`exit ${code}: ${err.slice(-2000)}`));
      else resolve(JSON.parse(out) as T);
    });
  });
}

describe('output filters in linear time', () => {
  it('a pathological pattern against a 50 KB line is decided in one call, without backtracking', async () => {
    // re2js exposes no step count, so the bound is on time: a generous 1 s per call on a shared
    // 2-core machine, where the linear engine takes well under 10 ms; a backtracking engine needs
    // about 2^50000 steps for the first pattern and is killed by the 60 s limit instead
    const r = await child<{ pattern: string; matched: boolean; ms: number }[]>('line', 60_000);
    expect(r.map((x) => x.pattern)).toEqual(['(a|a)*b', '(a+)+b', '(a*)*b', '(a|aa)+$c', '(.*a){12}b']);
    for (const x of r) {
      expect(x.matched, x.pattern).toBe(false);
      expect(x.ms, x.pattern).toBeLessThan(1000);
    }
  }, 90_000);

  it('hostile filters over a 3,000-line show running-config return, and stall the event loop no more than the command does', async () => {
    const r = await child<SessionResult>('session', 90_000);
    const l = r.lines;
    // what each filter printed is what RE2 semantics give: the descriptions contain no `b` or `c`
    expect(l['show running-config | include (a|a)*b'].descriptions).toBe(0);
    expect(l['show running-config | include (a|a)*b'].all).toBeGreaterThan(1000);
    expect(l['show running-config | exclude (a+)+$x'].all).toBe(r.total);
    expect(l['show running-config | begin (a|aa)*c'].descriptions).toBe(1000);
    expect(l['show running-config | grep -v (a*)*b'].descriptions).toBe(1000);
    // the one timing bound of this file: the filters add at most 200 ms to the longest gap of a
    // 5 ms timer, compared with the same command unfiltered (which renders the same 3,000 lines)
    expect(r.hostileGapMs - r.plainGapMs).toBeLessThan(200);
  }, 120_000);

  it('keeps the filters of the CLI: include, exclude, begin, grep -v, and POSIX classes', async () => {
    // the factory default's webvpn block: webvpn, port 8443, enable outside, anyconnect enable,
    // tunnel-group-list enable
    const shell = new Shell(await bootApp(tempState()));
    expect(await shell.run('sh run webvpn | include port')).toEqual([' port 8443']);
    expect(await shell.run('sh run webvpn | exclude enable')).toEqual(['webvpn', ' port 8443']);
    expect(await shell.run('sh run webvpn | begin any')).toEqual([' anyconnect enable', ' tunnel-group-list enable']);
    expect(await shell.run('sh run webvpn | grep -v e')).toEqual([' port 8443']);
    expect(await shell.run('sh run webvpn | grep ^w')).toEqual(['webvpn']);
    expect(await shell.run('sh run webvpn | include [[:digit:]]+')).toEqual([' port 8443']);
    expect(await shell.run('sh run webvpn | include ^webvpn$')).toEqual(['webvpn']);
    expect((await shell.run('sh run webvpn | include (')).join('\n')).toMatch(/Invalid regular expression/);
  });

  it('takes RE2 syntax: no backreferences or lookaround, which need backtracking', () => {
    const ok = splitFilter('show run | include a(b|c)+d');
    expect(ok && !('error' in ok) && ok.filter.re.test('xxabcbd')).toBe(true);
    for (const p of ['(a)\\1', '(?=a)', '(?<!a)b']) {
      const r = splitFilter(`show run | include ${p}`);
      expect(r && 'error' in r ? r.error : '', p).toMatch(/Invalid regular expression/);
    }
  });
});
