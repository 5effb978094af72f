// Authentication against the real openconnect client (--authenticate: log in, print the cookie, exit).
import tls from 'node:tls';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authenticateVars, killOpenConnects, startOpenConnect } from '../helpers/openconnect.ts';
import { removeSharedDir, startGateway, stopGateways, type TestGateway } from './harness.ts';
import { TestView } from './view-fixture.ts';

let t: TestGateway;

beforeEach(async () => {
  const view = new TestView();
  view.users.set('lee', { password: 'Secret-1' });
  view.users.set('kim', { password: 'Secret-2', policy: { vpnTunnelProtocols: ['ikev2'] } });
  view.groupEntries = [
    { tunnelGroup: 'DefaultWEBVPNGroup', aliases: [], urls: [] },
    { tunnelGroup: 'ENG-TG', aliases: ['Engineering'], urls: ['https://127.0.0.1/eng'] },
    { tunnelGroup: 'SALES-TG', aliases: ['Sales'], urls: [] },
  ];
  view.groupPolicies.set('ENG-TG', { groupPolicy: 'ENG-GP' });
  view.groupPolicies.set('SALES-TG', { groupPolicy: 'SALES-GP' });
  t = await startGateway(view);
});

afterEach(async () => {
  await killOpenConnects();
  await stopGateways();
});

afterAll(() => removeSharedDir());

describe('openconnect --authenticate', () => {
  it('logs in, gets a cookie, and leaves an AnyConnect-Parent session', async () => {
    const oc = await startOpenConnect({ url: t.url(), pin: t.gw.certPin(), user: 'lee', password: 'Secret-1', authenticateOnly: true });
    const { code } = await oc.waitExit(20_000);
    expect(code).toBe(0);
    const vars = authenticateVars(oc.output);
    expect(vars.COOKIE).toMatch(/webvpn=[0-9A-F]{64}/);
    expect(vars.FINGERPRINT).toBe(t.gw.certPin());
    const s = t.gw.sessions();
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ user: 'lee', tunnelGroup: 'DefaultWEBVPNGroup', protocols: ['AnyConnect-Parent'], publicIp: '127.0.0.1', clientVersion: 'v9.01-3', clientOs: 'linux-64', assignedIp: null });
    expect(s[0].userAgent).toMatch(/AnyConnect/);
  }, 30_000);

  it('rejects a wrong password and an unknown user with the same message', async () => {
    const outputs: string[] = [];
    for (const user of ['lee', 'nosuchuser']) {
      const oc = await startOpenConnect({ url: t.url(), pin: t.gw.certPin(), user, password: 'wrong', authenticateOnly: true });
      const { code } = await oc.waitExit(20_000);
      expect(code).not.toBe(0);
      expect(oc.output).toContain('Login failed.');
      outputs.push(oc.output.split('\n').filter((l) => /Login|fail/i.test(l)).join('\n'));
    }
    expect(outputs[0]).toBe(outputs[1]);
    expect(t.gw.sessions()).toHaveLength(0);
    expect(t.events.filter((e) => e.type === 'auth-failed').map((e) => (e as { reason: string }).reason)).toEqual(['bad password', 'no such user']);
  }, 45_000);

  it('selects the tunnel-group from the group list by alias (--authgroup)', async () => {
    t.view.groupList = true;
    const oc = await startOpenConnect({ url: t.url(), pin: t.gw.certPin(), user: 'lee', password: 'Secret-1', authgroup: 'Sales', authenticateOnly: true });
    expect((await oc.waitExit(20_000)).code).toBe(0);
    expect(t.view.authLog.at(-1)).toMatchObject({ user: 'lee', tunnelGroup: 'SALES-TG', ok: true });
    expect(t.gw.sessions()[0]).toMatchObject({ tunnelGroup: 'SALES-TG', groupPolicy: 'SALES-GP' });
  }, 30_000);

  it('selects the tunnel-group from the group-url path, without a group list', async () => {
    const oc = await startOpenConnect({ url: t.url('/eng'), pin: t.gw.certPin(), user: 'lee', password: 'Secret-1', authenticateOnly: true });
    expect((await oc.waitExit(20_000)).code).toBe(0);
    expect(t.gw.sessions()[0]).toMatchObject({ tunnelGroup: 'ENG-TG', groupPolicy: 'ENG-GP' });
  }, 30_000);

  it('a group-url wins over the group list', async () => {
    t.view.groupList = true;
    const oc = await startOpenConnect({ url: t.url('/eng'), pin: t.gw.certPin(), user: 'lee', password: 'Secret-1', authgroup: 'Sales', authenticateOnly: true });
    expect((await oc.waitExit(20_000)).code).toBe(0);
    expect(t.gw.sessions()[0].tunnelGroup).toBe('ENG-TG');
  }, 30_000);

  it('refuses a user whose policy lacks ssl-client', async () => {
    const oc = await startOpenConnect({ url: t.url(), pin: t.gw.certPin(), user: 'kim', password: 'Secret-2', authenticateOnly: true });
    expect((await oc.waitExit(20_000)).code).not.toBe(0);
    expect(oc.output).toContain('unauthorized connection mechanism');
    expect(t.gw.sessions()).toHaveLength(0);
  }, 30_000);

  it('vpn-simultaneous-logins 1: a second login replaces the first', async () => {
    t.view.base = { simultaneousLogins: 1 };
    for (let i = 0; i < 2; i++) {
      const oc = await startOpenConnect({ url: t.url(), pin: t.gw.certPin(), user: 'lee', password: 'Secret-1', authenticateOnly: true });
      expect((await oc.waitExit(20_000)).code).toBe(0);
    }
    const s = t.gw.sessions();
    expect(s).toHaveLength(1);
    expect(s[0].index).toBe(2);
    expect(t.events.find((e) => e.type === 'session-end')).toMatchObject({ reason: 'Connection Preempted' });
  }, 45_000);
});

describe('HTTP limits', () => {
  it('answers 413 to a body above 64 KiB', async () => {
    const status = await new Promise<string>((resolve, reject) => {
      const s = tls.connect({ host: '127.0.0.1', port: t.port, rejectUnauthorized: false }, () => {
        s.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${70 * 1024}\r\n\r\n`);
      });
      let got = '';
      s.on('data', (d) => { got += d.toString(); });
      s.on('end', () => resolve(got.split('\r\n')[0]));
      s.on('error', reject);
      setTimeout(() => { s.destroy(); reject(new Error('no answer')); }, 10_000).unref();
    });
    expect(status).toBe('HTTP/1.1 413 Request Entity Too Large');
  }, 20_000);
});
