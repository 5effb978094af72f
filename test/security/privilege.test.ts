// Issue 11.1: privilege levels per command, over SSH. With `aaa authorization command LOCAL` a
// command above the session's level is refused with ASA's text and changes nothing; `privilege ...
// command X` moves a command's level; `copy ... running-config` runs at the caller's level;
// auto-enable lands at the user's own level; without command authorization the old behaviour holds.
import { afterEach, describe, expect, it } from 'vitest';
import { baseConfig } from '../helpers/ssh-headend.ts';
import { cleanup, connect, rig, shell, type Rig, type Shell } from '../helpers/ssh-inproc.ts';

const ADDR = '127.46.0.1';
const FROM = '127.46.0.9';
const FAILED = 'Command authorization failed';
const USERS = [
  'username op password oppass privilege 5',
  'username helpdesk password helppw privilege 2',
  'aaa authorization exec LOCAL auto-enable',
];
const AUTHZ = ['aaa authorization command LOCAL', 'privilege show level 5 command running-config'];

afterEach(() => cleanup());

async function login(r: Rig, user: string, password: string): Promise<Shell> {
  const s = await shell(await connect(r, { user, password, from: FROM }));
  await s.until(/headend[>#] $/);
  await s.cmd('terminal pager 0');
  return s;
}

/** the output of one command, without the echoed line and the next prompt */
async function run(s: Shell, line: string, prompt: string | RegExp = /[>#] $/): Promise<string> {
  return (await s.cmd(line, prompt)).split('\r\n').slice(1, -1).join('\n');
}

/** a level-15 user runs every command a level-5 one is refused (`reload` last: it reboots) */
async function levelFifteen(r: Rig): Promise<void> {
  const s = await login(r, 'admin', 'adminpw');
  expect(await run(s, 'show curpriv')).toContain('Current privilege level : 15');
  expect(await run(s, 'more system:running-config')).toMatch(/username op password \S+ pbkdf2 privilege 5/);
  expect(await run(s, 'copy /noconfirm running-config disk0:/leak.cfg')).toMatch(/bytes copied/);
  expect(r.app.flash.exists('disk0:/leak.cfg')).toBe(true);
  expect(await run(s, 'vpn-sessiondb logoff all noconfirm')).not.toContain(FAILED);
  expect(await run(s, 'clear aaa local user lockout all')).not.toContain(FAILED);
  expect(await run(s, 'copy /noconfirm disk0:/keep.cfg running-config', /keep# $/)).toMatch(/bytes copied/);
  expect(r.app.config.model.hostname).toBe('keep');
  s.ch.write('write erase\r');
  await s.until('[confirm]');
  s.ch.write('\r');
  await s.until('keep# ');
  expect(r.app.startup.read()).toBeNull();
  expect(await s.cmd('configure terminal')).toMatch(/keep\(config\)# $/);
  expect(await run(s, 'end', 'keep# ')).toBe('');
  expect(await run(s, 'reload noconfirm', /# $/)).not.toContain(FAILED);
}

describe('command authorization over SSH', () => {
  it('a level-5 user with privilege show level 5 command running-config: show running-config, nothing above 5; a level-15 user: everything', async () => {
    const r = await rig(ADDR, baseConfig(ADDR, [...USERS, ...AUTHZ]));
    r.app.flash.write('disk0:/keep.cfg', Buffer.from('hostname keep\n'));
    r.app.startup.write('hostname saved\n');
    const s = await login(r, 'op', 'oppass');
    expect(s.out).toMatch(/headend# $/);
    expect(await run(s, 'show curpriv')).toContain('Current privilege level : 5');
    const shown = await run(s, 'show running-config');
    expect(shown).toContain('username op password ***** pbkdf2 privilege 5');
    expect(shown).toContain('privilege show level 5 command running-config');

    for (const line of ['write erase', 'reload noconfirm', 'copy /noconfirm running-config disk0:/leak.cfg', 'copy /noconfirm disk0:/keep.cfg running-config',
      'configure terminal', 'vpn-sessiondb logoff all noconfirm', 'clear aaa local user lockout all', 'more system:running-config', 'delete /noconfirm disk0:/keep.cfg']) {
      expect(await run(s, line, 'headend# '), line).toBe(FAILED);
    }
    // nothing changed: the startup-config, the flash, the running hostname
    expect(r.app.startup.read()).toBe('hostname saved\n');
    expect(r.app.flash.exists('disk0:/leak.cfg')).toBe(false);
    expect(r.app.flash.exists('disk0:/keep.cfg')).toBe(true);
    expect(r.app.config.model.hostname).toBe('headend');
    // level 0 and user-EXEC commands still run
    expect(await run(s, 'show version')).toContain('Cisco Adaptive Security Appliance Software Version');
    expect(await run(s, 'show clock')).toMatch(/UTC/);
    s.ch.end();

    // the other side of the boundary, on the same headend: a level-15 user runs them all
    await levelFifteen(r);
  });

  it('privilege lines move a command: configure terminal at 5 lets op configure what is at 5, nothing else', async () => {
    const r = await rig(ADDR, baseConfig(ADDR, [...USERS, ...AUTHZ, 'privilege cmd level 5 command configure', 'privilege cmd level 5 mode cmd command hostname']));
    const s = await login(r, 'op', 'oppass');
    expect(await s.cmd('configure terminal')).toMatch(/headend\(config\)# $/);
    expect(await run(s, 'hostname lab', /\(config\)# $/)).toBe('');
    expect(r.app.config.model.hostname).toBe('lab');
    expect(await run(s, 'username evil password evilpw privilege 15', /\(config\)# $/)).toBe(FAILED);
    expect(await run(s, 'no aaa authorization command LOCAL', /\(config\)# $/)).toBe(FAILED);
    expect(await run(s, 'privilege cmd level 5 command username', /\(config\)# $/)).toBe(FAILED);
    expect(r.app.config.model.usernames.has('evil')).toBe(false);
    // the prompt did not move: a refused command of a parent mode changes nothing
    await s.cmd('group-policy x attributes', /\(config\)# $/);
    expect(s.out).toMatch(/lab\(config\)# $/);
  });

  it('lines of a kept-verbatim sub-mode are authorized by their own words: a level-5 user may open the block, not set a key in it', async () => {
    const r = await rig(ADDR, baseConfig(ADDR, [...USERS, ...AUTHZ, 'privilege cmd level 5 command configure',
      'privilege cmd level 5 mode cmd command tunnel-group', 'privilege cmd level 5 mode cmd command isakmp']));
    const s = await login(r, 'op', 'oppass');
    await s.cmd('configure terminal', /\(config\)# $/);
    expect(await run(s, 'tunnel-group peer ipsec-attributes', /\(config-tunnel-ipsec\)# $/)).toBe('');
    expect(await run(s, ' ikev1 pre-shared-key s3cret', /\(config-tunnel-ipsec\)# $/)).toBe(FAILED);
    expect(await run(s, ' isakmp keepalive threshold 10 retry 2', /\(config-tunnel-ipsec\)# $/)).toBe('');
    const ipsec = r.app.config.model.tunnelGroups.get('peer')!.ipsec.ordered().map((c) => c.path.map((p) => ('kw' in p ? p.kw : p.text)).join(' '));
    expect(ipsec).toEqual(['isakmp keepalive threshold 10 retry 2']);
  });

  it('copy of a config file by a level-5 user runs at level 5: no privilege-15 username', async () => {
    const evil = 'hostname owned\nusername evil password evilpw privilege 15\n';
    // copy allowed, configure not: none of the file runs
    let r = await rig(ADDR, baseConfig(ADDR, [...USERS, ...AUTHZ, 'privilege cmd level 5 command copy']));
    r.app.flash.write('disk0:/evil.cfg', Buffer.from(evil));
    let s = await login(r, 'op', 'oppass');
    expect(await run(s, 'copy /noconfirm disk0:/evil.cfg running-config', 'headend# ')).toContain(FAILED);
    expect(r.app.config.model.usernames.has('evil')).toBe(false);
    expect(r.app.config.model.hostname).toBe('headend');
    await cleanup();

    // copy and configure allowed, hostname at 5: the hostname line runs, the username line is refused
    r = await rig(ADDR, baseConfig(ADDR, [...USERS, ...AUTHZ, 'privilege cmd level 5 command copy', 'privilege cmd level 5 command configure', 'privilege cmd level 5 command hostname']));
    r.app.flash.write('disk0:/evil.cfg', Buffer.from(evil));
    s = await login(r, 'op', 'oppass');
    const out = await run(s, 'copy /noconfirm disk0:/evil.cfg running-config', 'owned# ');
    expect(out).toContain(FAILED);
    expect(r.app.config.model.hostname).toBe('owned');
    expect(r.app.config.model.usernames.has('evil')).toBe(false);
  });

  it('auto-enable lands at # at the user\'s own level, which command authorization enforces', async () => {
    const r = await rig(ADDR, baseConfig(ADDR, [...USERS, ...AUTHZ]));
    const s = await login(r, 'helpdesk', 'helppw');
    expect(s.out).toMatch(/headend# $/);
    expect(await run(s, 'show curpriv')).toContain('Current privilege level : 2');
    expect(await run(s, 'show running-config', 'headend# ')).toBe(FAILED);
    expect(await run(s, 'show version')).toContain('Software Version');
  });

  it('without aaa authorization command levels are not enforced, except configuring: configure terminal and copy to running-config need 15', async () => {
    const r = await rig(ADDR, baseConfig(ADDR, USERS));
    r.app.startup.write('hostname saved\n');
    const s = await login(r, 'op', 'oppass');
    expect(await run(s, 'more system:running-config')).toMatch(/username op password \S+ pbkdf2 privilege 5/);
    expect(await run(s, 'clear aaa local user lockout all')).not.toContain(FAILED);
    expect(await run(s, 'configure terminal', 'headend# ')).toBe(FAILED);
    s.ch.write('write erase\r');
    await s.until('[confirm]');
    s.ch.write('\r');
    await s.until('headend# ');
    expect(r.app.startup.read()).toBeNull();
    // but configuration text is never run on a level-5 user's behalf at 15: configure terminal needs 15, copy to running-config too
    r.app.flash.write('disk0:/evil.cfg', Buffer.from('username evil password evilpw privilege 15\n'));
    expect(await run(s, 'copy /noconfirm disk0:/evil.cfg running-config', 'headend# ')).toBe(FAILED);
    expect(r.app.config.model.usernames.has('evil')).toBe(false);
  });

  it('at > (level 1) with command authorization: user-EXEC and level-0 commands run; enable reaches the user\'s level, which is enforced', async () => {
    const r = await rig(ADDR, baseConfig(ADDR, ['username op password oppass privilege 5', ...AUTHZ]));
    const s = await login(r, 'op', 'oppass');
    expect(s.out).toMatch(/headend> $/);
    expect(await run(s, 'show curpriv')).toContain('Current privilege level : 1');
    expect(await run(s, 'show clock')).toMatch(/UTC/);
    expect(await run(s, 'terminal width 100')).toBe('');
    s.ch.write('enable\r');
    await s.until('Password: ');
    expect(await s.cmd('enpass')).toMatch(/headend# $/);
    expect(await run(s, 'show curpriv')).toContain('Current privilege level : 5');
    expect(await run(s, 'show running-config')).toContain('hostname headend');
    expect(await run(s, 'write erase', 'headend# ')).toBe(FAILED);
  });
});

describe('privilege lines in the running-config', () => {
  it('privilege [show|clear|cmd] level L [mode M] command CMD renders as an ASA, with its no form and show running-config privilege filters', async () => {
    const r = await rig(ADDR, baseConfig(ADDR, [...USERS, ...AUTHZ]));
    const s = await login(r, 'admin', 'adminpw');
    await s.cmd('configure terminal');
    for (const l of ['privilege cmd level 0 mode enable command enable', 'privilege level 7 command filter', 'no privilege clear level 7 command filter']) {
      expect(await run(s, l, /\(config\)# $/)).toBe('');
    }
    expect(await run(s, 'show running-config privilege', /\(config\)# $/)).toBe([
      'privilege cmd level 0 mode enable command enable',
      'privilege show level 7 command filter',
      'privilege cmd level 7 command filter',
      'privilege show level 5 command running-config',
    ].join('\n'));
    expect(await run(s, 'show running-config privilege command enable', /\(config\)# $/)).toBe(
      'privilege cmd level 0 mode enable command enable\nprivilege cmd level 15 mode cmd command enable');
    const level0 = (await run(s, 'show running-config privilege level 0', /\(config\)# $/)).split('\n');
    for (const l of ['privilege show level 0 command curpriv', 'privilege show level 0 command version', 'privilege show level 0 command history',
      'privilege cmd level 0 command help', 'privilege cmd level 0 command logout', 'privilege cmd level 0 command quit', 'privilege show level 0 command pager',
      'privilege cmd level 0 command pager']) expect(level0).toContain(l);
    expect(level0.every((l) => / level 0 /.test(l))).toBe(true);
    const all = (await run(s, 'show running-config all privilege', /\(config\)# $/)).split('\n');
    expect(all).toContain('privilege cmd level 15 command copy');
    expect(all).toContain('privilege show level 5 command running-config');
    expect(all).toContain('privilege clear level 15 command aaa');
    // the full config lists the configured lines in the privilege section's place
    const full = await run(s, 'show running-config', /\(config\)# $/);
    expect(full.indexOf('privilege show level 5 command running-config')).toBeGreaterThan(full.indexOf('username op '));
    await run(s, 'no privilege show level 5 command running-config', /\(config\)# $/);
    expect(await run(s, 'show running-config privilege', /\(config\)# $/)).not.toContain('running-config');
  });
});
