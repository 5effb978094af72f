// AAA over SSH, in-process: LOCAL authentication by password and keyboard-interactive, max-fail
// lockout and its clearing, remote-access users refused, privilege levels, auto-enable, idle
// timeout, `show ssh sessions` and `ssh disconnect`.
import { afterEach, describe, expect, it } from 'vitest';
import { baseConfig } from '../helpers/ssh-headend.ts';
import { cleanup, connect, execOut, rig, shell, untilClosed } from '../helpers/ssh-inproc.ts';

const ADDR = '127.41.0.1';
const FROM = '127.41.0.9';
const USERS = [
  'username op password oppass privilege 5',
  'username vpnonly password vpnpass privilege 15',
  'username vpnonly attributes',
  ' service-type remote-access',
  'username plain password plainpw',
];

afterEach(() => cleanup());

describe('SSH AAA', () => {
  it('password and keyboard-interactive log in at >; a wrong password is refused', async () => {
    const r = await rig(ADDR, baseConfig(ADDR, USERS));
    for (const method of ['password', 'keyboard-interactive'] as const) {
      const c = await connect(r, { user: 'admin', password: 'adminpw', from: FROM, method });
      const s = await shell(c);
      const banner = await s.until('headend> ');
      expect(banner).toContain("Type help or '?' for a list of available commands.\r\nheadend> ");
      c.end();
      await expect(connect(r, { user: 'admin', password: 'nope', from: FROM, method })).rejects.toThrow(/authentication methods failed/);
    }
  });

  it('max-fail locks a non-15 account, show aaa local user lists it, clear lockout frees it', async () => {
    const r = await rig(ADDR, baseConfig(ADDR, [...USERS, 'aaa local authentication attempts max-fail 2', 'aaa authorization exec LOCAL auto-enable']));
    for (let i = 0; i < 2; i++) await expect(connect(r, { user: 'op', password: 'wrong', from: FROM })).rejects.toThrow();
    // the right password no longer works
    await expect(connect(r, { user: 'op', password: 'oppass', from: FROM })).rejects.toThrow(/authentication methods failed/);

    const admin = await connect(r, { user: 'admin', password: 'adminpw', from: FROM });
    const s = await shell(admin);
    await s.until('headend# ');
    const shown = await s.cmd('show aaa local user');
    expect(shown).toMatch(/^-\s+2\s+Y\s+op\r$/m);
    await s.cmd('clear aaa local user lockout username op');
    expect(await s.cmd('show aaa local user')).not.toMatch(/ op\r$/m);
    const op = await connect(r, { user: 'op', password: 'oppass', from: FROM });
    expect(await execOut(op, 'show curpriv')).toContain('Username : op');
  });

  it('a privilege 15 account counts failures but is never locked', async () => {
    const r = await rig(ADDR, baseConfig(ADDR, ['aaa local authentication attempts max-fail 1']));
    await expect(connect(r, { user: 'admin', password: 'wrong', from: FROM })).rejects.toThrow();
    const c = await connect(r, { user: 'admin', password: 'adminpw', from: FROM });
    expect(await execOut(c, 'show curpriv')).toContain('Username : admin');
  });

  it('a service-type remote-access user cannot reach the CLI, even with the right password', async () => {
    const r = await rig(ADDR, baseConfig(ADDR, USERS));
    await expect(connect(r, { user: 'vpnonly', password: 'vpnpass', from: FROM })).rejects.toThrow(/authentication methods failed/);
    expect(r.logs.join('\n')).toContain('remote-access');
  });

  it('without aaa authentication ssh console LOCAL nobody logs in', async () => {
    const r = await rig(ADDR, baseConfig(ADDR).replace('aaa authentication ssh console LOCAL\n', ''));
    await expect(connect(r, { user: 'admin', password: 'adminpw', from: FROM })).rejects.toThrow();
  });

  it('privilege 5: > at login, enable reaches level 5, configure terminal is refused', async () => {
    const r = await rig(ADDR, baseConfig(ADDR, USERS));
    const c = await connect(r, { user: 'op', password: 'oppass', from: FROM });
    const s = await shell(c);
    await s.until('headend> ');
    s.ch.write('enable\r');
    await s.until('Password: ');
    expect(await s.cmd('enpass')).toMatch(/headend# $/);
    expect(await s.cmd('show curpriv')).toContain('Current privilege level : 5');
    const conf = await s.cmd('configure terminal');
    expect(conf).toContain('Command authorization failed');
    expect(conf).toMatch(/headend# $/);
  });

  it('a user without privilege gets level 2 at most', async () => {
    const r = await rig(ADDR, baseConfig(ADDR, [...USERS, 'aaa authorization exec LOCAL auto-enable']));
    const c = await connect(r, { user: 'plain', password: 'plainpw', from: FROM });
    expect(await execOut(c, 'show curpriv')).toContain('Current privilege level : 2');
  });

  it('aaa authorization exec LOCAL auto-enable lands in #', async () => {
    const r = await rig(ADDR, baseConfig(ADDR, ['aaa authorization exec LOCAL auto-enable']));
    const c = await connect(r, { user: 'admin', password: 'adminpw', from: FROM });
    const s = await shell(c);
    await s.until('headend# ');
    expect(await s.cmd('configure terminal')).toMatch(/headend\(config\)# $/);
  });

  it('show ssh sessions lists each connection; ssh disconnect ends one', async () => {
    const r = await rig(ADDR, baseConfig(ADDR, ['aaa authorization exec LOCAL auto-enable']));
    const a = await connect(r, { user: 'admin', password: 'adminpw', from: FROM });
    const b = await connect(r, { user: 'admin', password: 'adminpw', from: '127.41.0.10' });
    const s = await shell(a);
    await s.until('headend# ');
    const list = await s.cmd('show ssh sessions');
    const victim = [...r.app.admins.values()].find((x) => x.from === '127.41.0.10')!;
    expect(list).toMatch(new RegExp(`^${victim.id}\\s+127\\.41\\.0\\.10\\s+2\\.0\\s+IN\\s+aes\\S+`, 'm'));
    const closed = untilClosed(b);
    await s.cmd(`ssh disconnect ${victim.id}`);
    await closed;
    expect(await s.cmd('show ssh sessions')).not.toContain('127.41.0.10');
  });

  it('ssh timeout closes an idle session (and input keeps it alive)', async () => {
    // one `ssh timeout` minute lasts 200 ms here
    const r = await rig(ADDR, baseConfig(ADDR, ['ssh timeout 2']), { minuteMs: 200 });
    const c = await connect(r, { user: 'admin', password: 'adminpw', from: FROM });
    const s = await shell(c);
    await s.until('headend> ');
    const t0 = Date.now();
    for (let i = 0; i < 6; i++) {
      await new Promise((res) => setTimeout(res, 150));
      await s.cmd('show clock');
    }
    expect(s.closed).toBe(false);
    await untilClosed(c, 5000);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900 + 350);
    expect([...r.app.admins.values()].filter((x) => x.transport === 'ssh')).toHaveLength(0);
  });
});
