// `?` listings (asa-cli.md §3, seed 001's `anyconnect profiles value ?`) and Tab completion.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { complete } from '../../src/shell/complete.ts';
import { SEED_001, Shell, bootApp, tempState } from './helpers.ts';

const SETUP = `configure terminal
ip local pool vpn_users 209.165.200.225-209.165.200.254 mask 255.255.255.224
ip local pool lab 10.20.0.1-10.20.0.99
webvpn
 anyconnect profiles sales disk0:/sales_hosts.xml
 anyconnect profiles engineering disk0:/engineering_hosts.xml
group-policy sales internal
group-policy telecommuters internal
tunnel-group telecommuters type remote-access
end
`;

async function setup(): Promise<Shell> {
  const shell = new Shell(await bootApp(tempState(path.join(SEED_001, 'disk0')), { empty: true }));
  expect(await shell.feed(SETUP)).not.toMatch(/ERROR/);
  return shell;
}

async function groupWebvpn(shell: Shell): Promise<void> {
  for (const l of ['configure terminal', 'group-policy sales attributes', 'webvpn']) expect(await shell.run(l)).toEqual([]);
  expect(shell.prompt).toBe('ciscoasa(config-group-webvpn)#');
}

/** the option rows of a listing: word and help text, checking ASA's two-space indent and common column */
function rows(block: string[]): { word: string; help: string }[] {
  const col = block[0].search(/\S/) === 2 ? /^ {2}\S+ +/.exec(block[0])?.[0].length : undefined;
  return block.map((l) => {
    const m = /^ {2}(\S+)(?: +(.*))?$/.exec(l);
    expect(m, `row "${l}"`).not.toBeNull();
    if (m![2] !== undefined && col !== undefined) expect(l.indexOf(m![2]), `help column of "${l}"`).toBe(col);
    return { word: m![1], help: m![2] ?? '' };
  });
}

describe('? listings', () => {
  it('`anyconnect ?` in config-group-webvpn prints its mode block only', async () => {
    const shell = await setup();
    await groupWebvpn(shell);
    const out = await shell.run('anyconnect ?');
    expect(out.slice(0, 2)).toEqual(['', 'config-group-webvpn mode commands/options:']);
    expect(out.filter((l) => / mode commands\/options:$/.test(l))).toHaveLength(1);
    const r = rows(out.slice(2));
    const words = r.map((x) => x.word);
    for (const w of ['ask', 'dpd-interval', 'dtls', 'keep-installer', 'modules', 'mtu', 'profiles', 'ssl']) expect(words).toContain(w);
    expect(words).toEqual([...words].sort());
    expect(r.find((x) => x.word === 'ssl')!.help).toBe('Configure SSL parameters');
    expect(words).not.toContain('<cr>');
    // every option has its help text
    expect(r.filter((x) => !x.help)).toEqual([]);
  });

  it('`anyconnect s?` lists the words that start with s', async () => {
    const shell = await setup();
    await groupWebvpn(shell);
    expect(await shell.run('anyconnect s?')).toEqual(['', 'config-group-webvpn mode commands/options:', '  ssl   Configure SSL parameters']);
    const d = rows((await shell.run('anyconnect ssl d?')).slice(2)).map((x) => x.word);
    expect(d).toEqual(['df-bit-ignore', 'dtls']);
  });

  it('`anyconnect ssl keepalive ?` shows the range and none; a complete command offers <cr>', async () => {
    const shell = await setup();
    await groupWebvpn(shell);
    const out = await shell.run('anyconnect ssl keepalive ?');
    expect(out.slice(0, 2)).toEqual(['', 'config-group-webvpn mode commands/options:']);
    expect(rows(out.slice(2))).toEqual([
      { word: '<15-600>', help: 'Keepalive interval in seconds' },
      { word: 'none', help: 'Disable keepalive messages' },
    ]);
    expect(await shell.run('anyconnect ssl keepalive 300 ?')).toEqual(['', 'config-group-webvpn mode commands/options:', '  <cr>']);
    const mtu = await shell.run('anyconnect mtu ?');
    expect(mtu).toContain('  <576-1406>   MTU size in bytes');
  });

  it('`anyconnect profiles value ?` lists the loaded profile packages (seed 001)', async () => {
    const shell = await setup();
    await groupWebvpn(shell);
    expect(await shell.run('anyconnect profiles value ?')).toEqual([
      '', 'config-group-webvpn mode commands/options:', 'Available configured profile packages: engineering sales',
    ]);
    expect(await shell.run('anyconnect profiles value s?')).toEqual([
      '', 'config-group-webvpn mode commands/options:', 'Available configured profile packages: sales',
    ]);
  });

  it('group-policy names after `default-group-policy ?`, pool names after `address-pool ?`', async () => {
    const shell = await setup();
    for (const l of ['configure terminal', 'tunnel-group telecommuters general-attributes']) expect(await shell.run(l)).toEqual([]);
    expect(await shell.run(' default-group-policy ?')).toEqual([
      '', 'config-tunnel-general mode commands/options:', 'Available configured group-policies: DfltGrpPolicy sales telecommuters',
    ]);
    expect(await shell.run(' default-group-policy t?')).toEqual([
      '', 'config-tunnel-general mode commands/options:', 'Available configured group-policies: telecommuters',
    ]);
    const pools = await shell.run(' address-pool ?');
    expect(pools.slice(0, 2)).toEqual(['', 'config-tunnel-general mode commands/options:']);
    expect(pools).toContain('Available configured IP address pools: lab vpn_users');
  });

  it('`show running-config ?` has a line whose first word is `all` (Ansible)', async () => {
    const shell = await setup();
    const out = await shell.run('show running-config ?');
    expect(out.slice(0, 2)).toEqual(['', 'exec mode commands/options:']);
    // cisco.asa's get_defaults_flag: the first word of each stripped line
    const first = new Set(out.filter((l) => l.trim()).map((l) => l.trim().split(/\s+/)[0]));
    expect(first.has('all')).toBe(true);
    expect(out).toContain('  <cr>');
    // from a configuration mode too (EXEC commands work there without `do`)
    expect(await shell.run('configure terminal')).toEqual([]);
    expect((await shell.run('show running-config ?')).some((l) => l.trim().split(/\s+/)[0] === 'all')).toBe(true);
  });

  it('`?` at an empty prompt lists the mode, then its parents', async () => {
    const shell = await setup();
    await groupWebvpn(shell);
    const out = await shell.run('?');
    const heads = out.filter((l) => / mode commands\/options:$/.test(l));
    expect(heads).toEqual(['config-group-webvpn mode commands/options:', 'config-group-policy mode commands/options:',
      'configure mode commands/options:', 'exec mode commands/options:']);
    // each block is preceded by a blank line
    for (const h of heads) expect(out[out.indexOf(h) - 1]).toBe('');
  });
});

describe('Tab completion', () => {
  it('completes a unique word, with a space after it', async () => {
    const shell = await setup();
    expect(complete(shell.sh, 'conf')).toEqual({ replace: 'configure ' });
    expect(complete(shell.sh, 'sh run')).toEqual({ replace: 'sh running-config ' });
    await groupWebvpn(shell);
    expect(complete(shell.sh, '  anyconnect ke')).toEqual({ replace: '  anyconnect keep-installer ' });
    expect(complete(shell.sh, 'anyconnect profiles value e')).toEqual({ replace: 'anyconnect profiles value engineering ' });
  });

  it('lists the choices when several fit, completing only their common prefix', async () => {
    const shell = await setup();
    const s = complete(shell.sh, 's');
    expect(s.replace).toBeUndefined();
    expect(s.list).toEqual(expect.arrayContaining(['show', 'ssh']));
    expect(s.list!.every((w) => w.startsWith('s'))).toBe(true);
    // the kept-verbatim sections are ASA show-run sections too (aaa-server, access-group, arp, asdm, auth-prompt)
    expect(complete(shell.sh, 'show running-config a')).toEqual({ list: ['aaa', 'aaa-server', 'access-group', 'access-list', 'all', 'anyconnect-custom-data', 'arp', 'asdm', 'auth-prompt'] });
    await groupWebvpn(shell);
    expect(complete(shell.sh, 'anyconnect ssl d')).toEqual({ list: ['df-bit-ignore', 'dtls'] });
    expect(complete(shell.sh, 'anyconnect dp')).toEqual({ replace: 'anyconnect dpd-interval ' });
    // a common prefix longer than the word is completed, and the list shown
    expect(complete(shell.sh, 'anyconnect ssl re')).toEqual({ replace: 'anyconnect ssl rekey ' });
    expect(complete(shell.sh, 'anyconnect profiles value ')).toEqual({ list: ['engineering', 'sales'] });
    expect(complete(shell.sh, 'anyconnect xyz')).toEqual({});
  });
});
