// Modes: abbreviations, ASA's parent-mode fallback (asa-cli.md §1), exit/end, EXEC commands in
// configuration modes, and `no` forms (§9: `no X` inherits, `X none` is an explicit null).
import { allDecls } from '../../grammar/registry.ts';
import { describe, expect, it } from 'vitest';
import { policyChain, resolve } from '../../src/config/effective.ts';
import { commandText } from '../../src/config/command-text.ts';
import { Shell, body, bootApp, linesAt, tempState } from './helpers.ts';

async function fresh(): Promise<Shell> {
  return new Shell(await bootApp(tempState(), { empty: true }));
}

/** runs lines that must print nothing, checking the prompt after each */
async function steps(shell: Shell, ...pairs: [string, string][]): Promise<void> {
  for (const [line, prompt] of pairs) {
    expect(await shell.run(line), line).toEqual([]);
    expect(shell.prompt, `prompt after "${line}"`).toBe(prompt);
  }
}

describe('abbreviations', () => {
  it('sh run, conf t, wr mem, tunnel-group x gen', async () => {
    const shell = await fresh();
    const run = await shell.run('sh run');
    expect(run).toContain('hostname ciscoasa');
    expect(run.at(-2)).toMatch(/^Cryptochecksum:[0-9a-f]{32}$/);
    expect(run.at(-1)).toBe(': end');
    await steps(shell, ['conf t', 'ciscoasa(config)#'], ['host fw1', 'fw1(config)#'],
      ['tunnel-group x ty remote-access', 'fw1(config)#'], ['tunnel-group x gen', 'fw1(config-tunnel-general)#'],
      ['tunnel-group x webvpn-att', 'fw1(config-tunnel-webvpn)#'], ['group-pol sales int', 'fw1(config)#'], ['group-p sales attr', 'fw1(config-group-policy)#'],
      ['web', 'fw1(config-group-webvpn)#'], ['any ssl keepal 300', 'fw1(config-group-webvpn)#'], ['end', 'fw1#']);
    expect(body(shell.app)).toEqual(expect.arrayContaining(['hostname fw1', 'tunnel-group x type remote-access', 'group-policy sales internal',
      'group-policy sales attributes', ' webvpn', '  anyconnect ssl keepalive 300']));
    expect(shell.app.startup.read()).toBeNull();
    const wr = await shell.run('wr mem');
    expect(wr).toContain('[OK]');
    expect(wr.join('\n')).not.toMatch(/ERROR/);
    expect(shell.app.startup.read()).toContain('  anyconnect ssl keepalive 300');
  });
});

describe('parent-mode fallback', () => {
  it('a global command typed in config-group-webvpn runs at config level and the prompt moves there', async () => {
    const shell = await fresh();
    await steps(shell, ['configure terminal', 'ciscoasa(config)#'], ['group-policy sales internal', 'ciscoasa(config)#'],
      ['group-policy sales attributes', 'ciscoasa(config-group-policy)#'], ['webvpn', 'ciscoasa(config-group-webvpn)#'],
      // a group-policy attribute: one level up
      ['vpn-idle-timeout 45', 'ciscoasa(config-group-policy)#'], ['webvpn', 'ciscoasa(config-group-webvpn)#'],
      // global commands: config level, and a mode they enter
      ['ip local pool lab 10.9.9.1-10.9.9.9', 'ciscoasa(config)#'], ['group-policy sales attributes', 'ciscoasa(config-group-policy)#'],
      ['webvpn', 'ciscoasa(config-group-webvpn)#'], ['hostname fw2', 'fw2(config)#']);
    const b = body(shell.app);
    expect(b).toContain('ip local pool lab 10.9.9.1-10.9.9.9');
    expect(linesAt(b, { head: 'group-policy sales attributes' })).toContain(' vpn-idle-timeout 45');
  });

  it('replays the default-group-policy / tunnel-group … webvpn-attributes example of asa-cli §1', async () => {
    const shell = await fresh();
    await steps(shell, ['configure terminal', 'ciscoasa(config)#'], ['group-policy SSLVPNphone internal', 'ciscoasa(config)#'],
      ['tunnel-group SSLVPN_tunnel type remote-access', 'ciscoasa(config)#'],
      ['tunnel-group SSLVPN_tunnel general-attributes', 'ciscoasa(config-tunnel-general)#'],
      ['default-group-policy SSLVPNphone', 'ciscoasa(config-tunnel-general)#'],
      ['tunnel-group SSLVPN_tunnel webvpn-attributes', 'ciscoasa(config-tunnel-webvpn)#'],
      ['group-url https://9.10.60.254/SSLVPNphone enable', 'ciscoasa(config-tunnel-webvpn)#'],
      // and `interface tunnel 1` from an ipsec-attributes block
      ['tunnel-group 192.0.2.9 type ipsec-l2l', 'ciscoasa(config)#'], ['tunnel-group 192.0.2.9 ipsec-attributes', 'ciscoasa(config-tunnel-ipsec)#'],
      ['interface tunnel 1', 'ciscoasa(config-if)#']);
    // ASA's answer to a nameif on an interface with no security level (Cisco ASA configuration guide,
    // interfaces: a name other than "inside" gets security level 0)
    expect(await shell.run('nameif tunnel1')).toEqual(['INFO: Security level for "tunnel1" set to 0 by default.']);
    expect(shell.prompt).toBe('ciscoasa(config-if)#');
    const b = body(shell.app);
    expect(linesAt(b, { head: 'tunnel-group SSLVPN_tunnel general-attributes' })).toEqual([' default-group-policy SSLVPNphone']);
    expect(linesAt(b, { head: 'tunnel-group SSLVPN_tunnel webvpn-attributes' })).toEqual([' group-url https://9.10.60.254/SSLVPNphone enable']);
    expect(linesAt(b, { head: 'interface Tunnel1' })).toEqual([' nameif tunnel1', ' security-level 0', ' no ip address']);
  });

  it('EXEC commands run from configuration modes without moving the prompt', async () => {
    const shell = await fresh();
    await steps(shell, ['configure terminal', 'ciscoasa(config)#'], ['webvpn', 'ciscoasa(config-webvpn)#'], ['port 8443', 'ciscoasa(config-webvpn)#']);
    expect(await shell.run('show running-config webvpn')).toEqual(['webvpn', ' port 8443']);
    expect(shell.prompt).toBe('ciscoasa(config-webvpn)#');
    expect(await shell.run('sh run webvpn | include port')).toEqual([' port 8443']);
    expect(shell.prompt).toBe('ciscoasa(config-webvpn)#');
  });
});

describe('exit and end', () => {
  it('exit goes up one level; end returns to #; exit at # ends the session', async () => {
    const shell = await fresh();
    await steps(shell, ['configure terminal', 'ciscoasa(config)#'], ['group-policy g internal', 'ciscoasa(config)#'],
      ['group-policy g attributes', 'ciscoasa(config-group-policy)#'], ['webvpn', 'ciscoasa(config-group-webvpn)#'],
      ['exit', 'ciscoasa(config-group-policy)#'], ['exit', 'ciscoasa(config)#'], ['exit', 'ciscoasa#'],
      ['conf t', 'ciscoasa(config)#'], ['username u1 nopassword', 'ciscoasa(config)#'], ['username u1 attributes', 'ciscoasa(config-username)#'],
      ['webvpn', 'ciscoasa(config-username-webvpn)#'], ['end', 'ciscoasa#']);
    expect(shell.session.isClosed).toBe(false);
    await shell.feed('exit');
    expect(shell.session.isClosed).toBe(true);
  });
});

describe('no forms', () => {
  const SETUP: [string, string][] = [['configure terminal', 'ciscoasa(config)#'], ['group-policy sales internal', 'ciscoasa(config)#'],
    ['tunnel-group t1 type remote-access', 'ciscoasa(config)#'], ['tunnel-group t1 general-attributes', 'ciscoasa(config-tunnel-general)#'],
    ['default-group-policy sales', 'ciscoasa(config-tunnel-general)#'],
    ['group-policy DfltGrpPolicy attributes', 'ciscoasa(config-group-policy)#'], ['vpn-idle-timeout 45', 'ciscoasa(config-group-policy)#'],
    ['webvpn', 'ciscoasa(config-group-webvpn)#'], ['anyconnect ssl keepalive 100', 'ciscoasa(config-group-webvpn)#'],
    ['anyconnect ssl compression deflate', 'ciscoasa(config-group-webvpn)#'],
    ['group-policy sales attributes', 'ciscoasa(config-group-policy)#']];

  /** the effective value of an attribute for a session of tunnel-group t1 */
  const effective = (shell: Shell, kind: string) => {
    const c = shell.app.config.model;
    const r = resolve(policyChain(c, { tunnelGroup: c.tunnelGroups.get('t1')! }), allDecls.find((d) => d.kind === kind)!);
    return r && commandText(r);
  };
  const sales = (shell: Shell) => linesAt(body(shell.app), { head: 'group-policy sales attributes' });

  it('`X none` stores an explicit none; `no X` removes it so the value is inherited', async () => {
    const shell = await fresh();
    await steps(shell, ...SETUP);
    expect(effective(shell, 'gp.vpn-idle-timeout')).toBe('vpn-idle-timeout 45');
    await steps(shell, ['vpn-idle-timeout none', 'ciscoasa(config-group-policy)#']);
    expect(sales(shell)).toContain(' vpn-idle-timeout none');
    expect(effective(shell, 'gp.vpn-idle-timeout')).toBe('vpn-idle-timeout none');
    await steps(shell, ['no vpn-idle-timeout', 'ciscoasa(config-group-policy)#']);
    expect(sales(shell).filter((l) => l.includes('vpn-idle-timeout'))).toEqual([]);
    expect(effective(shell, 'gp.vpn-idle-timeout')).toBe('vpn-idle-timeout 45');

    await steps(shell, ['webvpn', 'ciscoasa(config-group-webvpn)#'], ['anyconnect ssl keepalive none', 'ciscoasa(config-group-webvpn)#']);
    expect(sales(shell)).toContain('  anyconnect ssl keepalive none');
    expect(effective(shell, 'gw.keepalive')).toBe('anyconnect ssl keepalive none');
    await steps(shell, ['no anyconnect ssl keepalive', 'ciscoasa(config-group-webvpn)#']);
    expect(sales(shell).filter((l) => l.includes('keepalive'))).toEqual([]);
    expect(effective(shell, 'gw.keepalive')).toBe('anyconnect ssl keepalive 100');
  });

  it('`no anyconnect ssl compression none` (seed 001) removes the setting: compression is inherited', async () => {
    const shell = await fresh();
    await steps(shell, ...SETUP, ['webvpn', 'ciscoasa(config-group-webvpn)#'], ['anyconnect ssl compression none', 'ciscoasa(config-group-webvpn)#']);
    expect(sales(shell)).toContain('  anyconnect ssl compression none');
    expect(effective(shell, 'gw.ssl-compression')).toBe('anyconnect ssl compression none');
    await steps(shell, ['no anyconnect ssl compression none', 'ciscoasa(config-group-webvpn)#']);
    expect(sales(shell).filter((l) => l.includes('compression'))).toEqual([]);
    expect(effective(shell, 'gw.ssl-compression')).toBe('anyconnect ssl compression deflate');
    // and the global switch: `no compression` is shown as such
    await steps(shell, ['no compression', 'ciscoasa(config)#']);
    expect(body(shell.app)).toContain('no compression');
    await steps(shell, ['compression svc', 'ciscoasa(config)#']);
    expect(body(shell.app)).toContain('compression svc');
    expect(body(shell.app)).not.toContain('no compression');
  });

  it('removes whole objects and list entries', async () => {
    const shell = await fresh();
    await steps(shell, ['configure terminal', 'ciscoasa(config)#'], ['ip local pool p1 10.1.1.1-10.1.1.9', 'ciscoasa(config)#'],
      ['access-list SPLIT standard permit 10.0.0.0 255.0.0.0', 'ciscoasa(config)#'],
      ['access-list SPLIT standard permit 172.16.0.0 255.240.0.0', 'ciscoasa(config)#'],
      ['group-policy gone internal', 'ciscoasa(config)#'], ['username u2 password pw12345 privilege 3', 'ciscoasa(config)#'],
      ['interface GigabitEthernet0/3', 'ciscoasa(config-if)#']);
    expect(await shell.run('nameif dmz')).toEqual(['INFO: Security level for "dmz" set to 0 by default.']);
    await steps(shell, ['shutdown', 'ciscoasa(config-if)#']);
    let b = body(shell.app);
    expect(b).toEqual(expect.arrayContaining(['ip local pool p1 10.1.1.1-10.1.1.9', 'group-policy gone internal', 'access-list SPLIT standard permit 10.0.0.0 255.0.0.0']));
    // nameif sets the security level, and an unset address shows as ` no ip address` (an unconfigured
    // interface in ../shared/corpus/ciscoconfparse-sample_01.asa: interface Vlan1)
    expect(linesAt(b, { head: 'interface GigabitEthernet0/3' })).toEqual([' shutdown', ' nameif dmz', ' security-level 0', ' no ip address']);
    await steps(shell, ['no shutdown', 'ciscoasa(config-if)#'], ['no nameif', 'ciscoasa(config-if)#'],
      ['no ip local pool p1', 'ciscoasa(config)#'], ['no access-list SPLIT standard permit 10.0.0.0 255.0.0.0', 'ciscoasa(config)#'],
      ['no group-policy gone', 'ciscoasa(config)#'], ['no username u2', 'ciscoasa(config)#']);
    b = body(shell.app);
    expect(linesAt(b, { head: 'interface GigabitEthernet0/3' })).toEqual([' no nameif', ' no security-level', ' no ip address']);
    expect(b.filter((l) => /p1|gone|u2|10\.0\.0\.0/.test(l))).toEqual([]);
    expect(b).toContain('access-list SPLIT standard permit 172.16.0.0 255.240.0.0');
  });
});
