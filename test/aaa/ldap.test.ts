// issue 14, item 3: VPN logins through LDAP against a real OpenLDAP slapd started here on loopback,
// with the real openconnect: search-then-bind with the login DN, memberOf mapped to a group-policy by
// `ldap attribute-map`, ldaps (the server's certificate verified against the CA of a `crypto ca
// certificate chain`; a self-signed one refused), failover from an unreachable first host, and test
// aaa-server.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { killOpenConnects, startOpenConnect } from '../helpers/openconnect.ts';
import { asaCertificateChain, BASE, startSlapd, stopSlapds, testCa, type Slapd } from '../helpers/slapd.ts';
import { startProduct, uniqueListener, type Product } from '../portal/helpers.ts';
import { gatewayConfig, groupPolicy } from './gateway-config.ts';

const L = uniqueListener(72);
const SVC = { dn: `cn=svc,${BASE}`, password: 'Svc-pw-1' };
let ldap: Slapd;
let untrusted: Slapd;
let p: Product;
let pin: string;

const ldapHost = (g: string, addr: string, port: number, more: string[] = []) => [
  `aaa-server ${g} (inside) host ${addr}`, ` server-port ${port}`, ' timeout 3', ` ldap-base-dn ${BASE}`, ' ldap-scope subtree', ' ldap-naming-attribute uid',
  ` ldap-login-password ${SVC.password}`, ` ldap-login-dn ${SVC.dn}`, ' ldap-attribute-map VPNMAP', ...more].join('\n');
const tg = (name: string, url: string, server: string) =>
  `tunnel-group ${name} type remote-access\ntunnel-group ${name} general-attributes\n address-pool vpnpool\n authentication-server-group ${server}\n default-group-policy DEF\ntunnel-group ${name} webvpn-attributes\n group-url ${url} enable`;

beforeAll(async () => {
  ldap = await startSlapd({
    users: [{ uid: 'eve', password: 'Eve-pw-1', groups: ['vpn-eng'] }, { uid: 'frank', password: 'Frank-pw-1' }],
    groups: ['vpn-eng'], service: SVC,
  });
  untrusted = await startSlapd({ users: [{ uid: 'eve', password: 'Eve-pw-1' }], groups: [], service: SVC, selfSigned: true });
  p = await startProduct(`configure terminal
${gatewayConfig(L, '198.51.100.10-198.51.100.20')}
${asaCertificateChain('LDAPCA', testCa().pem)}
${groupPolicy('ENG')}
${groupPolicy('DEF')}
ldap attribute-map VPNMAP
 map-name memberOf Group-Policy
 map-value memberOf "cn=vpn-eng,ou=groups,${BASE}" ENG
aaa-server LDAP protocol ldap
${ldapHost('LDAP', '127.0.0.1', ldap.ldapPort)}
aaa-server LDAPS protocol ldap
${ldapHost('LDAPS', '127.0.0.1', ldap.ldapsPort, [' ldap-over-ssl enable'])}
aaa-server LDAPSBAD protocol ldap
${ldapHost('LDAPSBAD', '127.0.0.1', untrusted.ldapsPort, [' ldap-over-ssl enable'])}
aaa-server LDAPST protocol ldap
${ldapHost('LDAPST', '127.0.0.1', ldap.ldapPort, [' ldap-over-ssl starttls'])}
aaa-server LDAPSTBAD protocol ldap
${ldapHost('LDAPSTBAD', '127.0.0.1', untrusted.ldapPort, [' ldap-over-ssl starttls'])}
aaa-server LDAPFO protocol ldap
 max-failed-attempts 1
${ldapHost('LDAPFO', '127.0.0.2', 9)}
${ldapHost('LDAPFO', '127.0.0.1', ldap.ldapPort)}
${tg('LDAPTG', `https://${L.address}/ldap`, 'LDAP')}
${tg('LDAPSTG', `https://${L.address}/ldaps`, 'LDAPS')}
${tg('FOTG', `https://${L.address}/fo`, 'LDAPFO')}
${tg('BADTG', `https://${L.address}/ldapsbad`, 'LDAPSBAD')}
${tg('STTG', `https://${L.address}/starttls`, 'LDAPST')}
${tg('STBADTG', `https://${L.address}/starttlsbad`, 'LDAPSTBAD')}
end`);
  pin = p.app.vpn!.certPin();
}, 60_000);

afterEach(async () => { await killOpenConnects(); });
afterAll(async () => { await p?.stop(); await stopSlapds(); }, 30_000);

const login = async (urlPath: string, user: string, password: string) => {
  const oc = await startOpenConnect({ url: `${p.url}${urlPath}`, pin, user, password, authenticateOnly: true });
  const { code } = await oc.waitExit(40_000);
  return { code, output: oc.output };
};
const sessionOf = (user: string) => p.app.vpn!.sessions().filter((s) => s.user === user).at(-1);

describe('VPN login through LDAP (slapd, openconnect)', () => {
  it('searches with the login DN, binds as the user, and maps memberOf to the group-policy', async () => {
    expect((await login('/ldap', 'eve', 'Eve-pw-1')).code).toBe(0);
    expect(sessionOf('eve')).toMatchObject({ tunnelGroup: 'LDAPTG', groupPolicy: 'ENG' });
    // not a member: the tunnel-group's default-group-policy
    expect((await login('/ldap', 'frank', 'Frank-pw-1')).code).toBe(0);
    expect(sessionOf('frank')).toMatchObject({ groupPolicy: 'DEF' });
  }, 60_000);

  it('refuses a wrong password, an unknown user and an empty password', async () => {
    for (const [u, pw] of [['eve', 'wrong'], ['nobody', 'x'], ['eve', '']]) {
      const r = await login('/ldap', u, pw);
      expect(r.code).not.toBe(0);
    }
    expect(p.app.vpn!.sessions().filter((s) => s.user === 'nobody')).toHaveLength(0);
    const st = p.app.aaaServers.records('LDAP')[0];
    expect(st.rejects).toBeGreaterThanOrEqual(2);
  }, 90_000);

  it('logs in over ldaps (ldap-over-ssl enable)', async () => {
    expect((await login('/ldaps', 'eve', 'Eve-pw-1')).code).toBe(0);
    expect(sessionOf('eve')).toMatchObject({ tunnelGroup: 'LDAPSTG', groupPolicy: 'ENG' });
    expect(p.app.aaaServers.records('LDAPS')[0]).toMatchObject({ port: ldap.ldapsPort, accepts: 1 });
  }, 60_000);

  it('refuses an ldaps server whose certificate no trusted CA signed, and logs it', async () => {
    expect((await login('/ldapsbad', 'eve', 'Eve-pw-1')).code).not.toBe(0);
    expect(sessionOf('eve')?.tunnelGroup).not.toBe('BADTG');
    expect(p.app.aaaServers.records('LDAPSBAD')[0]).toMatchObject({ accepts: 0, rejects: 0, timeouts: 1 });
    const log = fs.readFileSync(path.join(p.dir, 'log', 'headend.log'), 'utf8');
    // Cisco ASA Series Syslog Messages, 717009: "Certificate validation failed. Reason: reason_string."
    expect(log).toMatch(/%ASA-3-717009: Certificate validation failed\. Reason: self-signed certificate, LDAP server 127\.0\.0\.1 in aaa-server group LDAPSBAD\./);
    // the trusted server still answers over ldaps (the CA of the chain block is what made the difference)
    expect((await login('/ldaps', 'eve', 'Eve-pw-1')).code).toBe(0);
  }, 60_000);

  it('ldap-over-ssl starttls (headend only) upgrades the plain port with StartTLS and checks the certificate as for ldaps', async () => {
    expect((await login('/starttls', 'eve', 'Eve-pw-1')).code).toBe(0);
    expect(sessionOf('eve')).toMatchObject({ tunnelGroup: 'STTG', groupPolicy: 'ENG' });
    expect(p.app.aaaServers.records('LDAPST')[0]).toMatchObject({ port: ldap.ldapPort, accepts: 1 });
    // the self-signed server's plain port: the StartTLS handshake refuses it before any bind
    expect((await login('/starttlsbad', 'eve', 'Eve-pw-1')).code).not.toBe(0);
    expect(p.app.aaaServers.records('LDAPSTBAD')[0]).toMatchObject({ accepts: 0, rejects: 0, timeouts: 1 });
    const log = fs.readFileSync(path.join(p.dir, 'log', 'headend.log'), 'utf8');
    expect(log).toMatch(/%ASA-3-717009: Certificate validation failed\. Reason: self-signed certificate, LDAP server 127\.0\.0\.1 in aaa-server group LDAPSTBAD\./);
    expect(await p.shell.run('show running-config aaa-server LDAPST')).toContain(' ldap-over-ssl starttls');
  }, 90_000);

  it('fails over from an unreachable first host', async () => {
    expect((await login('/fo', 'eve', 'Eve-pw-1')).code).toBe(0);
    expect(p.app.aaaServers.records('LDAPFO').map((r) => [r.address, r.status])).toEqual([['127.0.0.2', 'FAILED'], ['127.0.0.1', 'ACTIVE']]);
  }, 60_000);

  it('test aaa-server authentication asks the LDAP host', async () => {
    expect(await p.shell.run('test aaa-server authentication LDAP host 127.0.0.1 username eve password Eve-pw-1'))
      .toEqual(['INFO: Attempting Authentication test to IP address <127.0.0.1> (timeout: 5 seconds)', 'INFO: Authentication Successful']);
    expect((await p.shell.run('test aaa-server authentication LDAP host 127.0.0.1 username eve password nope')).at(-1)).toMatch(/^ERROR: Authentication Rejected: /);
  }, 60_000);
});
