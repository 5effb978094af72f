// Portal sessions per user (issue 11, point 14): `vpn-simultaneous-logins N` logs off the user's
// oldest portal session at the N+1st login, 0 refuses the portal login, and the table's memory
// bound never lets one user's logins evict another user's session.
import https from 'node:https';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Portal, type PortalEvent } from '../../src/gateway/portal/portal.ts';
import { removeSharedDir, startGateway, stopGateways, type TestGateway } from '../gateway/harness.ts';
import { TestView } from '../gateway/view-fixture.ts';
import { UA } from './helpers.ts';
import { portalAudit } from '../../src/log/audit.ts';
import { formatMessage } from '../../src/log/syslog.ts';

afterEach(async () => { await stopGateways(); });
afterAll(() => removeSharedDir());

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; body: string }

function request(t: TestGateway, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port: t.port, method, path, rejectUnauthorized: false, agent: false, timeout: 10_000,
      headers: { 'user-agent': UA.windows, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('timeout', () => req.destroy(new Error('request timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

async function portalGateway(maxSessions?: number): Promise<{ t: TestGateway; view: TestView; portal: Portal; events: PortalEvent[] }> {
  const view = new TestView();
  for (const u of ['lee', 'kim', 'ann']) view.users.set(u, { password: `pw-${u}` });
  const events: PortalEvent[] = [];
  const portal = new Portal({ view, maxSessions, onEvent: (e) => events.push(e) });
  const t = await startGateway(view, { portal });
  return { t, view, portal, events };
}

async function login(t: TestGateway, user: string): Promise<Reply> {
  const body = new URLSearchParams({ username: user, password: `pw-${user}` }).toString();
  return request(t, 'POST', '/+webvpn+/index.html', { 'content-type': 'application/x-www-form-urlencoded' }, body);
}

const cookieOf = (r: Reply): string => String((r.headers['set-cookie'] as string[] | undefined)?.[0] ?? '').split(';')[0];

async function alive(t: TestGateway, cookie: string): Promise<boolean> {
  const r = await request(t, 'GET', '/+CSCOE+/portal.html', { cookie });
  return r.status === 200;
}

describe('portal sessions obey vpn-simultaneous-logins, per user', () => {
  it('a login over the limit logs off that user\'s oldest portal session, and no one else\'s', async () => {
    const { t, view, portal } = await portalGateway();
    view.base = { simultaneousLogins: 2 };
    const kim = cookieOf(await login(t, 'kim'));
    const l1 = cookieOf(await login(t, 'lee'));
    const l2 = cookieOf(await login(t, 'lee'));
    expect(await alive(t, l1)).toBe(true);
    expect(await alive(t, l2)).toBe(true);
    const r3 = await login(t, 'lee');
    expect(r3.status).toBe(303);
    const l3 = cookieOf(r3);
    expect(await alive(t, l1)).toBe(false); // the oldest went
    expect(await alive(t, l2)).toBe(true);
    expect(await alive(t, l3)).toBe(true);
    expect(await alive(t, kim)).toBe(true);
    expect(portal.sessionsOf('lee')).toBe(2);
    expect(portal.size).toBe(3);
    // a fourth login ends the second, not the third
    const l4 = cookieOf(await login(t, 'lee'));
    expect(await alive(t, l2)).toBe(false);
    expect(await alive(t, l3)).toBe(true);
    expect(await alive(t, l4)).toBe(true);
  }, 30_000);

  it('vpn-simultaneous-logins 1: each login replaces the last; a logout frees the place', async () => {
    const { t, view, portal, events } = await portalGateway();
    view.base = { simultaneousLogins: 1 };
    const a = cookieOf(await login(t, 'lee'));
    const b = cookieOf(await login(t, 'lee'));
    expect(await alive(t, a)).toBe(false);
    expect(await alive(t, b)).toBe(true);
    await request(t, 'GET', '/+webvpn+/webvpn_logout.html', { cookie: b });
    expect(portal.sessionsOf('lee')).toBe(0);
    // the replaced session ends with ASA's reason for a login over the limit (113019's
    // "Connection Preempted", as the gateway's AnyConnect sessions), the logout with "User Requested"
    expect(events.filter((e) => e.type !== 'portal-login-failed').map((e) => [e.type, 'reason' in e ? e.reason : ''])).toEqual([
      ['portal-login', ''], ['portal-logout', 'Connection Preempted'], ['portal-login', ''], ['portal-logout', 'User Requested'],
    ]);
    const audit = portalAudit();
    const logged = events.flatMap((e) => audit(e)).map(formatMessage);
    expect(logged[1]).toBe('%ASA-6-716002: Group <DfltGrpPolicy> User <lee> IP <127.0.0.1> WebVPN session terminated: Connection Preempted.');
    expect(logged[3]).toBe('%ASA-6-716002: Group <DfltGrpPolicy> User <lee> IP <127.0.0.1> WebVPN session terminated: User Requested.');
    const c = cookieOf(await login(t, 'lee'));
    expect(await alive(t, c)).toBe(true);
  }, 30_000);

  it('vpn-simultaneous-logins 0 refuses the portal login', async () => {
    const { t, view, portal, events } = await portalGateway();
    view.users.set('lee', { password: 'pw-lee', policy: { simultaneousLogins: 0 } });
    const r = await login(t, 'lee');
    expect(r.status).toBe(200);
    expect(r.headers['set-cookie']).toBeUndefined();
    expect(r.body).toContain('Login failed.');
    expect(portal.size).toBe(0);
    expect(events.at(-1)).toMatchObject({ type: 'portal-login-failed', user: 'lee', reason: 'vpn-simultaneous-logins 0' });
    // another user under the default policy still logs in
    expect((await login(t, 'kim')).status).toBe(303);
  }, 30_000);

  it('the global bound never lets one user evict another: when full, others are refused, the user at the bound replaces its own oldest', async () => {
    const { t, view, portal } = await portalGateway(3);
    view.base = { simultaneousLogins: 100 };
    const kim = cookieOf(await login(t, 'kim'));
    const l1 = cookieOf(await login(t, 'lee'));
    const l2 = cookieOf(await login(t, 'lee'));
    expect(portal.size).toBe(3);
    // full: lee's next login takes the place of lee's own oldest, never kim's
    const l3 = cookieOf(await login(t, 'lee'));
    expect(l3).toMatch(/^webvpn_portal=/);
    expect(await alive(t, kim)).toBe(true);
    expect(await alive(t, l1)).toBe(false);
    expect(await alive(t, l2)).toBe(true);
    expect(await alive(t, l3)).toBe(true);
    // a user with no session is refused rather than evicting anybody
    const ann = await login(t, 'ann');
    expect(ann.status).toBe(200);
    expect(ann.body).toContain('Login failed.');
    expect(portal.size).toBe(3);
    expect(await alive(t, kim)).toBe(true);
    expect(await alive(t, l2)).toBe(true);
  }, 30_000);
});
