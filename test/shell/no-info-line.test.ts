// Nothing an ASA never prints (issue 12, item 4): a paste with lines headend keeps verbatim ends with
// no INFO line of headend's own, in the console paste as over SSH (the same Session serves both);
// `show headend verbatim` (headend's own command, in the README) tells which lines are kept.
import { describe, expect, it } from 'vitest';
import { Shell, bootApp, runCli, tempState } from './helpers.ts';

const PASTE = ['configure terminal', 'logging asdm informational', 'object network WEB', ' host 192.0.2.80', 'ntp server 192.0.2.123', 'hostname h1', 'end'];

describe('no INFO line after a paste', () => {
  it('a console paste (headend < script) prints no INFO line after the first prompt', async () => {
    const r = await runCli(tempState(), PASTE.join('\n') + '\nshow headend verbatim\n');
    expect(r.code).toBe(0);
    const afterBoot = r.stdout.slice(r.stdout.search(/^\S+# /m));
    expect(afterBoot).not.toMatch(/^INFO:/m);
    expect(afterBoot).not.toMatch(/kept verbatim but not interpreted/);
    expect(afterBoot).toContain('3 top-level line(s) kept verbatim, not interpreted by headend:');
    expect(afterBoot).toContain('  object network WEB (1 line(s) under it)');
  });

  it('an in-process paste (the SSH and console session) prints none either', async () => {
    const sh = new Shell(await bootApp(tempState(), { empty: true }));
    const out = await sh.feed(PASTE.join('\n'));
    expect(out).not.toMatch(/INFO:/);
    expect(await sh.run('show headend verbatim')).toEqual([
      '3 top-level line(s) kept verbatim, not interpreted by headend:', '  logging asdm informational', '  object network WEB (1 line(s) under it)', '  ntp server 192.0.2.123',
    ]);
  });
});
