// issue 14: a tunnel-group's `authorization-server-group`, against a real slapd and FreeRADIUS with
// the real openconnect. After the user is authenticated (LOCAL or RADIUS) the authorization group
// is asked: LDAP with a login-DN search and no user bind (memberOf through the attribute map), RADIUS
// with an Access-Request whose password is the username or the host's `radius-common-pw`. Its
// group-policy is the session's (`show vpn-sessiondb detail anyconnect`); a failed authorization
// fails the login only under `authorization-required`.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { killOpenConnects, startOpenConnect } from '../helpers/openconnect.ts';
import { BASE, startSlapd, stopSlapds, type Slapd } from '../helpers/slapd.ts';
import { startFreeRadius, stopFreeRadiuses, type FreeRadius } from '../helpers/freeradius.ts';
import { startProduct, uniqueListener, type Product } from '../portal/helpers.ts';
import { gatewayConfig, groupPolicy, radiusHost } from './gateway-config.ts';

const L = uniqueListener(73);
const SVC = { dn: `cn=svc,${BASE}`, password: 'Svc-pw-1' };
const SECRET = 'Authz-Secret-1';
const COMMON = 'Common-pw-1';
let ldap: Slapd;
let fr: FreeRadius;
let p: Product;
let pin: string;

const tg = (name: string, url: string, lines: string[]) => [
  `tunnel-group ${name} type remote-access`, `tunnel-group ${name} general-attributes`, ' address-pool vpnpool', ' default-group-policy DEF', ...lines.map((l) => ` ${l}`),
  `tunnel-group ${name} webvpn-attributes`, ` group-url ${url} enable`].join('\n');

beforeAll(async () => {
  ldap = await startSlapd({
    users: [{ uid: 'eve', password: 'Eve-ldap-1', groups: ['vpn-eng'] }, { uid: 'ivan', password: 'Ivan-ldap-1' }],
    groups: ['vpn-eng'], service: SVC,
  });
  fr = await startFreeRadius({
    secret: SECRET,
    users: [
      // RADIUS authentication of eve (her group-policy there is OTHER), authorization of zoe (password = username)
      { name: 'eve', password: 'Eve-radius-1', reply: ['Class := "OU=OTHER;"'] },
      { name: 'zoe', password: 'zoe', reply: ['ASA-Group-Policy := "SALES"'] },
      { name: 'yan', password: COMMON, reply: ['Class := "OU=SALES;"'] },
      // RADIUS authentication, LOCAL authorization: rita has a local account, rex none
      { name: 'rita', password: 'Rita-radius-1', reply: ['Class := "OU=OTHER;"'] },
      { name: 'rex', password: 'Rex-radius-1' },
    ],
  });
  p = await startProduct(`configure terminal
${gatewayConfig(L, '198.51.100.10-198.51.100.40')}
${groupPolicy('ENG')}
${groupPolicy('SALES')}
${groupPolicy('OTHER')}
${groupPolicy('DEF')}
ldap attribute-map VPNMAP
 map-name memberOf Group-Policy
 map-value memberOf "cn=vpn-eng,ou=groups,${BASE}" ENG
aaa-server AZLDAP protocol ldap
aaa-server AZLDAP (inside) host 127.0.0.1
 server-port ${ldap.ldapPort}
 timeout 3
 ldap-base-dn ${BASE}
 ldap-scope subtree
 ldap-naming-attribute uid
 ldap-login-password ${SVC.password}
 ldap-login-dn ${SVC.dn}
 ldap-attribute-map VPNMAP
aaa-server RAD protocol radius
${radiusHost('RAD', fr, SECRET)}
aaa-server RADC protocol radius
${radiusHost('RADC', fr, SECRET, [` radius-common-pw ${COMMON}`])}
${tg('LOCALLDAP', `https://${L.address}/ll`, ['authorization-server-group AZLDAP'])}
${tg('REQUIRED', `https://${L.address}/req`, ['authorization-server-group AZLDAP', 'authorization-required'])}
${tg('RADLDAP', `https://${L.address}/rl`, ['authentication-server-group RAD', 'authorization-server-group AZLDAP'])}
${tg('LOCALRAD', `https://${L.address}/lr`, ['authorization-server-group RAD', 'authorization-required'])}
${tg('COMMON', `https://${L.address}/common`, ['authorization-server-group RADC', 'authorization-required'])}
${tg('RADRAD', `https://${L.address}/rr`, ['authentication-server-group RAD', 'authorization-server-group RAD', 'authorization-required'])}
${tg('RADLOCAL', `https://${L.address}/rlocal`, ['authentication-server-group RAD', 'authorization-server-group LOCAL', 'authorization-required'])}
username eve password Eve-local-1
username ivan password Ivan-local-1
username walt password Walt-local-1
username zoe password Zoe-local-1
username yan password Yan-local-1
username rita password Rita-local-1
username rita attributes
 vpn-group-policy SALES
end`);
  pin = p.app.vpn!.certPin();
}, 60_000);

afterEach(async () => { await killOpenConnects(); });
afterAll(async () => { await p?.stop(); await stopSlapds(); await stopFreeRadiuses(); }, 30_000);

const login = async (urlPath: string, user: string, password: string) => {
  const oc = await startOpenConnect({ url: `${p.url}${urlPath}`, pin, user, password, authenticateOnly: true });
  const { code } = await oc.waitExit(40_000);
  return { code, output: oc.output };
};
const sessionOf = (user: string, tunnelGroup: string) => p.app.vpn!.sessions().filter((s) => s.user === user && s.tunnelGroup === tunnelGroup).at(-1);
const syslog = () => { try { return fs.readFileSync(path.join(p.dir, 'log', 'headend.log'), 'utf8'); } catch { return ''; } };

describe('authorization-server-group (slapd, FreeRADIUS, openconnect)', () => {
  it('authenticates LOCAL, authorizes through LDAP memberOf: the session has the mapped group-policy', async () => {
    expect((await login('/ll', 'eve', 'Eve-local-1')).code).toBe(0);
    expect(sessionOf('eve', 'LOCALLDAP')).toMatchObject({ groupPolicy: 'ENG' });
    const detail = (await p.shell.run('show vpn-sessiondb detail anyconnect filter name eve')).join('\n');
    expect(detail).toMatch(/Group Policy\s*:\s*ENG\s+Tunnel Group\s*:\s*LOCALLDAP/);
    const log = syslog();
    expect(log).toMatch(/%ASA-6-113012: AAA user authentication Successful : local database : user = eve/);
    // ids and texts: Cisco ASA Series Syslog Messages, 113004 (authorization form) and 113003
    expect(log).toMatch(/%ASA-6-113004: AAA user authorization Successful : server = AZLDAP : user = eve/);
    expect(log).toMatch(/%ASA-6-113003: AAA group policy for user eve is being set to ENG/);
    // the LDAP password of eve was never asked for: only the search counts, as an authorization request
    const st = p.app.aaaServers.records('AZLDAP')[0];
    expect(st).toMatchObject({ authzRequests: 1, authRequests: 0, accepts: 1 });
    // a wrong local password is refused before any authorization
    expect((await login('/ll', 'eve', 'Eve-ldap-1')).code).not.toBe(0);
    expect(p.app.aaaServers.records('AZLDAP')[0].authzRequests).toBe(1);
  }, 90_000);

  it('a user the directory does not know: logged in with the tunnel-group default, refused under authorization-required', async () => {
    expect((await login('/ll', 'walt', 'Walt-local-1')).code).toBe(0);
    expect(sessionOf('walt', 'LOCALLDAP')).toMatchObject({ groupPolicy: 'DEF' });
    const no = await login('/req', 'walt', 'Walt-local-1');
    expect(no.code).not.toBe(0);
    expect(no.output).toContain('Login failed.');
    expect(sessionOf('walt', 'REQUIRED')).toBeUndefined();
    expect(syslog()).toMatch(/%ASA-6-113005: AAA user authorization Rejected : reason = rejected by 127\.0\.0\.1: no such user : server = AZLDAP : user = walt/);
    // in the directory but in no mapped group: authorized, the tunnel-group's default-group-policy
    expect((await login('/req', 'ivan', 'Ivan-local-1')).code).toBe(0);
    expect(sessionOf('ivan', 'REQUIRED')).toMatchObject({ groupPolicy: 'DEF' });
  }, 90_000);

  it('authenticates through RADIUS, authorizes through LDAP: the authorization server\'s group-policy wins', async () => {
    expect((await login('/rl', 'eve', 'Eve-radius-1')).code).toBe(0);
    expect(sessionOf('eve', 'RADLDAP')).toMatchObject({ groupPolicy: 'ENG' });
    expect(fr.log()).toMatch(/Login OK: \[eve\]/);
  }, 60_000);

  it('authorizes through RADIUS with the username as the password, or the host\'s radius-common-pw', async () => {
    const before = p.app.aaaServers.records('RAD')[0];
    expect((await login('/lr', 'zoe', 'Zoe-local-1')).code).toBe(0);
    expect(sessionOf('zoe', 'LOCALRAD')).toMatchObject({ groupPolicy: 'SALES' });
    expect(fr.log()).toMatch(/Login OK: \[zoe\]/);
    const after = p.app.aaaServers.records('RAD')[0];
    expect(after.authzRequests).toBe(before.authzRequests + 1);
    expect(after.authRequests).toBe(before.authRequests);
    // yan's RADIUS password is not yan: without the common password FreeRADIUS refuses, and the login with it
    expect((await login('/lr', 'yan', 'Yan-local-1')).code).not.toBe(0);
    expect((await login('/common', 'yan', 'Yan-local-1')).code).toBe(0);
    expect(sessionOf('yan', 'COMMON')).toMatchObject({ groupPolicy: 'SALES' });
    const out = await p.shell.run('show aaa-server RADC');
    expect(out).toContain('Number of authorization requests        1');
    expect(out).toContain('Number of authentication requests       0');
  }, 90_000);

  it('the RADIUS group that authenticated is not asked again for the authorization: its Access-Accept stands', async () => {
    const before = p.app.aaaServers.records('RAD')[0];
    expect((await login('/rr', 'eve', 'Eve-radius-1')).code).toBe(0);
    expect(sessionOf('eve', 'RADRAD')).toMatchObject({ groupPolicy: 'OTHER' });
    const after = p.app.aaaServers.records('RAD')[0];
    expect(after).toMatchObject({ authRequests: before.authRequests + 1, authzRequests: before.authzRequests });
    expect(syslog()).toMatch(/%ASA-6-113004: AAA user authorization Successful : server = RAD : user = eve/);
  }, 60_000);

  it('authenticates through RADIUS, authorizes LOCAL: the local user\'s vpn-group-policy, and no local user is a refusal', async () => {
    expect((await login('/rlocal', 'rita', 'Rita-radius-1')).code).toBe(0);
    expect(sessionOf('rita', 'RADLOCAL')).toMatchObject({ groupPolicy: 'SALES' });
    // the local password is not the one asked: RADIUS authenticates
    expect((await login('/rlocal', 'rita', 'Rita-local-1')).code).not.toBe(0);
    expect((await login('/rlocal', 'rex', 'Rex-radius-1')).code).not.toBe(0);
    expect(sessionOf('rex', 'RADLOCAL')).toBeUndefined();
    expect(syslog()).toMatch(/%ASA-6-113004: AAA user authentication Successful : server = RAD : user = rex/);
    expect(syslog()).toMatch(/%ASA-6-113005: AAA user authorization Rejected : reason = User was not found : server = LOCAL : user = rex/);
  }, 60_000);

  it('shows authorization-required in the running-config, and takes its no form', async () => {
    expect((await p.shell.run('show running-config tunnel-group REQUIRED')).join('\n')).toMatch(/ authorization-server-group AZLDAP\n authorization-required\n/);
    await p.shell.run('configure terminal');
    await p.shell.run('tunnel-group REQUIRED general-attributes');
    await p.shell.run('no authorization-required');
    await p.shell.run('end');
    expect((await p.shell.run('show running-config tunnel-group REQUIRED')).join('\n')).not.toMatch(/authorization-required/);
    expect((await login('/req', 'walt', 'Walt-local-1')).code).toBe(0);
    expect(sessionOf('walt', 'REQUIRED')).toMatchObject({ groupPolicy: 'DEF' });
  }, 60_000);
});
