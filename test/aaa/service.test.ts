// One AAA service per process: VPN (AnyConnect) and SSH logins count in the same `max-fail` table
// that `show aaa local user` shows and `clear aaa local user lockout` clears, whichever network
// services run (`--no-ssh`, `--no-gateway`), and the table outlives a stopped service.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from '../helpers/ssh-inproc.ts';
import { Shell } from '../shell/helpers.ts';
import { lockoutTable, sshLogin, startHeadend, stopAll, vpnLogin } from './helpers.ts';

afterEach(async () => {
  await cleanup();
  await stopAll();
});

const MAX_FAIL = 'aaa local authentication attempts max-fail 3';

describe('one AAA service, one failure table', () => {
  it('with the gateway running and SSH disabled, VPN login failures count in show aaa local user and lock the account', async () => {
    const h = await startHeadend({ gateway: true, ssh: false, extra: [MAX_FAIL] });
    expect(await vpnLogin(h, 'op', 'oppass')).toBe(true);
    for (let i = 0; i < 2; i++) expect(await vpnLogin(h, 'op', 'wrong')).toBe(false);
    expect((await lockoutTable(h)).get('op')).toEqual({ failures: 2, locked: false });
    expect(await vpnLogin(h, 'op', 'wrong')).toBe(false);
    expect((await lockoutTable(h)).get('op')).toEqual({ failures: 3, locked: true });
    // locked: the right password no longer works, until the lockout is cleared at the CLI
    expect(await vpnLogin(h, 'op', 'oppass')).toBe(false);
    expect(await new Shell(h.app).run('clear aaa local user lockout username op')).toEqual([]);
    expect((await lockoutTable(h)).has('op')).toBe(false);
    expect(await vpnLogin(h, 'op', 'oppass')).toBe(true);
  });

  it('with SSH running and the gateway disabled, SSH login failures count in the same table', async () => {
    const h = await startHeadend({ gateway: false, ssh: true, extra: [MAX_FAIL] });
    for (let i = 0; i < 2; i++) expect(await sshLogin(h, 'op', 'wrong')).toBe(false);
    expect((await lockoutTable(h)).get('op')).toEqual({ failures: 2, locked: false });
    // the table is the app's: stopping SSH does not take it away
    await h.stopSsh();
    expect((await lockoutTable(h)).get('op')).toEqual({ failures: 2, locked: false });
  });

  it('with both running, VPN and SSH failures add up in one row, and a lock made by either refuses both', async () => {
    const h = await startHeadend({ gateway: true, ssh: true, extra: [MAX_FAIL] });
    expect(await vpnLogin(h, 'op', 'wrong')).toBe(false);
    expect(await sshLogin(h, 'op', 'wrong')).toBe(false);
    expect((await lockoutTable(h)).get('op')).toEqual({ failures: 2, locked: false });
    // the third failure, over SSH, locks the VPN login too
    expect(await sshLogin(h, 'op', 'wrong')).toBe(false);
    expect((await lockoutTable(h)).get('op')).toEqual({ failures: 3, locked: true });
    expect(await vpnLogin(h, 'op', 'oppass')).toBe(false);
    expect(await sshLogin(h, 'op', 'oppass')).toBe(false);
    await new Shell(h.app).run('clear aaa local user lockout all');
    expect(await sshLogin(h, 'op', 'oppass')).toBe(true);
    expect(await vpnLogin(h, 'op', 'oppass')).toBe(true);
    // and the converse: VPN failures lock the SSH login
    for (let i = 0; i < 3; i++) expect(await vpnLogin(h, 'op', 'wrong')).toBe(false);
    expect(await sshLogin(h, 'op', 'oppass')).toBe(false);
    expect((await lockoutTable(h)).get('op')).toEqual({ failures: 3, locked: true });
  });

  it('a privilege 15 account counts VPN failures but is never locked', async () => {
    const h = await startHeadend({ gateway: true, ssh: true, extra: ['aaa local authentication attempts max-fail 1'] });
    expect(await vpnLogin(h, 'admin', 'wrong')).toBe(false);
    expect((await lockoutTable(h)).get('admin')).toEqual({ failures: 1, locked: false });
    expect(await sshLogin(h, 'admin', 'adminpw')).toBe(true);
    expect(await vpnLogin(h, 'admin', 'adminpw')).toBe(true);
  });

  it('the typed result says why, for logs (the client is only told that the login failed)', async () => {
    const h = await startHeadend({ gateway: false, ssh: false, extra: [MAX_FAIL, 'username ra password rapass', 'username ra attributes', ' service-type remote-access'] });
    const aaa = h.app.aaa;
    const ask = (user: string, password: string, service: 'vpn' | 'ssh' | 'enable', tunnelGroup?: string) =>
      aaa.authenticate({ user, password, service, source: '192.0.2.7', tunnelGroup });
    expect(await ask('op', 'oppass', 'ssh')).toMatchObject({ ok: true, user: 'op', server: 'LOCAL', privilege: 5, autoEnable: false });
    expect(await ask('op', 'x', 'ssh')).toMatchObject({ ok: false, reason: 'bad-password' });
    expect(await ask('nobody', 'x', 'ssh')).toMatchObject({ ok: false, reason: 'no-such-user' });
    expect(await ask('ra', 'rapass', 'ssh')).toMatchObject({ ok: false, reason: 'service-type' });
    expect(await ask('ra', 'rapass', 'vpn', 'DefaultWEBVPNGroup')).toMatchObject({ ok: true, user: 'ra' });
    expect(await ask('op', 'oppass', 'vpn', 'NoSuchGroup')).toMatchObject({ ok: false, reason: 'no-tunnel-group' });
    expect(await ask('enable_15', 'enpass', 'enable')).toMatchObject({ ok: true, server: 'enable' });
    expect(await ask('enable_15', 'nope', 'enable')).toMatchObject({ ok: false, reason: 'bad-password' });
    for (let i = 0; i < 2; i++) await ask('op', 'x', 'vpn', 'DefaultWEBVPNGroup');
    expect(await ask('op', 'oppass', 'ssh')).toMatchObject({ ok: false, reason: 'locked' });
    // `enable` neither counts toward nor obeys the lockout (it is not a login)
    await h.app.loadText('aaa authentication enable console LOCAL', 'test');
    expect(await ask('op', 'oppass', 'enable')).toMatchObject({ ok: true, server: 'LOCAL' });
    expect(h.app.localAuth.lockedUsers()).toEqual([{ user: 'op', failures: 3, locked: true }]);
  });

  it('enable at the CLI checks the enable password through the service', async () => {
    const h = await startHeadend({ gateway: false, ssh: false });
    const sh = new Shell(h.app);
    await sh.run('disable');
    expect(await sh.feed('enable\nwrong')).toContain('Invalid password');
    expect(sh.prompt).toBe('headend>');
    await sh.feed('enable\nenpass');
    expect(sh.prompt).toBe('headend#');
  });
});
