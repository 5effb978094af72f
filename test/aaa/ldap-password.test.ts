// issue 14, item 1: `password-management` with LDAP against a real OpenLDAP slapd with the ppolicy
// overlay (slapo-ppolicy(5)), with the real openconnect answering ASA's password-change form. A reset
// password (pwdReset, changeAfterReset), an expired one with grace logins, and an expired one without
// (changed as the login DN) are changed on the server (RFC 3062) and the login completes; without
// `password-management` the expired password is a reject, as on an ASA; without ldap-over-ssl too
// (the ASA needs LDAP over SSL for password management); a new password the policy refuses is a reject.
import { execFileSync } from 'node:child_process';
import https from 'node:https';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { killOpenConnects, startOpenConnect } from '../helpers/openconnect.ts';
import { asaCertificateChain, BASE, PPOLICY_EXPIRED_MS, startSlapd, stopSlapds, testCa, type Slapd } from '../helpers/slapd.ts';
import { startProduct, uniqueListener, type Product } from '../portal/helpers.ts';
import { gatewayConfig } from './gateway-config.ts';

const L = uniqueListener(73);
const SVC = { dn: `cn=svc,${BASE}`, password: 'Svc-pw-1' };
let ldap: Slapd;
let p: Product;
let pin: string;
let started = 0;

const ldapHost = (g: string, port: number, more: string[] = []) => [
  `aaa-server ${g} (inside) host 127.0.0.1`, ` server-port ${port}`, ' timeout 3', ` ldap-base-dn ${BASE}`, ' ldap-scope subtree', ' ldap-naming-attribute uid',
  ` ldap-login-password ${SVC.password}`, ` ldap-login-dn ${SVC.dn}`, ...more].join('\n');
/** `pm`: password-management, with these words after it when a string */
const tg = (name: string, url: string, server: string, pm: boolean | string) =>
  `tunnel-group ${name} type remote-access\ntunnel-group ${name} general-attributes\n address-pool vpnpool\n authentication-server-group ${server}\n default-group-policy DEF\n${pm === false ? '' : ` password-management${pm === true ? '' : ` ${pm}`}\n`}tunnel-group ${name} webvpn-attributes\n group-url ${url} enable`;

beforeAll(async () => {
  ldap = await startSlapd({
    ppolicy: true, service: SVC, groups: [],
    users: [
      { uid: 'gina', password: 'Gina-pw-1', reset: true },
      { uid: 'hank', password: 'Hank-pw-1', policy: 'expiring' },
      { uid: 'ivan', password: 'Ivan-pw-1', policy: 'expired' },
      { uid: 'jill', password: 'Jill-pw-1', reset: true },
      { uid: 'kim', password: 'Kim-pw-1', reset: true },
      { uid: 'lena', password: 'Lena-pw-1', reset: true },
      { uid: 'lina', password: 'Lina-pw-1', reset: true },
      { uid: 'mona', password: 'Mona-pw-1', reset: true },
      { uid: 'nora', password: 'Nora-pw-1', policy: 'warning' },
      { uid: 'otis', password: 'Otis-pw-1', policy: 'warning' },
    ],
  });
  started = Date.now();
  p = await startProduct(`configure terminal
${gatewayConfig(L, '198.51.100.30-198.51.100.40')}
${asaCertificateChain('LDAPCA', testCa().pem)}
group-policy DEF internal
group-policy DEF attributes
 vpn-tunnel-protocol ssl-client
aaa-server PPS protocol ldap
${ldapHost('PPS', ldap.ldapsPort, [' ldap-over-ssl enable'])}
aaa-server PPLAIN protocol ldap
${ldapHost('PPLAIN', ldap.ldapPort)}
${tg('PMTG', `https://${L.address}/pm`, 'PPS', true)}
${tg('NOPMTG', `https://${L.address}/nopm`, 'PPS', false)}
${tg('PLAINTG', `https://${L.address}/plain`, 'PPLAIN', true)}
${tg('WARN14', `https://${L.address}/warn14`, 'PPS', true)}
${tg('WARN5', `https://${L.address}/warn5`, 'PPS', 'password-expire-in-days 5')}
end`);
  pin = p.app.vpn!.certPin();
}, 60_000);

afterEach(async () => { await killOpenConnects(); });
afterAll(async () => { await p?.stop(); await stopSlapds(); }, 30_000);

/** an `openconnect --authenticate` login; `answers` are typed at the further prompts (the new password twice) */
const login = async (urlPath: string, user: string, password: string, answers?: string[]) => {
  const oc = await startOpenConnect({ url: `${p.url}${urlPath}`, pin, user, password, authenticateOnly: true, ...(answers ? { answers } : {}) });
  const { code } = await oc.waitExit(40_000);
  return { code, output: oc.output };
};
const sessionsOf = (user: string) => p.app.vpn!.sessions().filter((s) => s.user === user);
/** does the directory itself take this password (a simple bind with ldapwhoami)? */
const binds = (user: string, password: string): boolean => {
  try { execFileSync('ldapwhoami', ['-x', '-H', ldap.ldapUrl, '-D', `uid=${user},ou=people,${BASE}`, '-w', password], { stdio: 'ignore' }); return true; } catch { return false; }
};
/** one aggregate-auth POST as a client that posts the form's fields by their names (no renaming) */
const post = (urlPath: string, auth: Record<string, string>, handle = ''): Promise<string> => {
  const body = '<?xml version="1.0" encoding="UTF-8"?>\n<config-auth client="vpn" type="auth-reply" aggregate-auth-version="2"><version who="vpn">v9</version>'
    + `<device-id>linux-64</device-id><opaque is-for="sg"><aggauth-handle>${handle}</aggauth-handle></opaque><auth>`
    + Object.entries(auth).map(([k, v]) => `<${k}>${v}</${k}>`).join('') + '</auth></config-auth>';
  const u = new URL(`${p.url}${urlPath}`);
  return new Promise((resolve, reject) => {
    const req = https.request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', rejectUnauthorized: false, agent: false, timeout: 10_000,
      headers: { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body), 'x-transcend-version': '1', 'x-aggregate-auth': '1' } }, (res) => {
      let out = '';
      res.on('data', (c: Buffer) => { out += c.toString(); });
      res.on('end', () => resolve(out));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
};
const handleOf = (xml: string) => /<aggauth-handle>([^<]*)<\/aggauth-handle>/.exec(xml)![1];
const syslog = () => { try { return fs.readFileSync(path.join(p.dir, 'log', 'headend.log'), 'utf8'); } catch { return ''; } };
// Cisco ASA Series CLI Configuration Guide, "Using Active Directory to Force the User to Change
// Password at Next Logon": "New password required. Password change required. You must enter a new
// password with a minimum length n to continue." (headend leaves out the length it does not know)
const PROMPT = 'New password required. Password change required. You must enter a new password to continue.';

describe('password-management with LDAP (slapd ppolicy, openconnect)', () => {
  it('a reset password: the change form, the new password set on the server, the login completed', async () => {
    const r = await login('/pm', 'gina', 'Gina-pw-1', ['Gina-new-2', 'Gina-new-2']);
    expect(r.code).toBe(0);
    expect(r.output).toContain(PROMPT);
    // openconnect prompts with the labels of the two fields (new_password, verify_password)
    expect(r.output).toContain('New Password:');
    expect(sessionsOf('gina')).toHaveLength(1);
    expect(binds('gina', 'Gina-new-2')).toBe(true);
    expect(binds('gina', 'Gina-pw-1')).toBe(false);
    // the next login with the new password asks nothing more
    const again = await login('/pm', 'gina', 'Gina-new-2');
    expect(again.code).toBe(0);
    expect(again.output).not.toContain(PROMPT);
    expect(sessionsOf('gina')).toHaveLength(2);
    expect(p.app.aaaServers.records('PPS')[0].challenges).toBe(1);
  }, 90_000);

  it('an expired password with grace logins, and one without (changed as the login DN), are changed and the login completes', async () => {
    await new Promise((r) => setTimeout(r, Math.max(0, started + PPOLICY_EXPIRED_MS - Date.now())));
    // the directory itself no longer takes the expired password without grace logins
    expect(binds('ivan', 'Ivan-pw-1')).toBe(false);
    for (const [u, old, neu] of [['hank', 'Hank-pw-1', 'Hank-new-2'], ['ivan', 'Ivan-pw-1', 'Ivan-new-2']]) {
      const r = await login('/pm', u, old, [neu, neu]);
      expect(r.code, r.output).toBe(0);
      expect(r.output).toContain(PROMPT);
      expect(sessionsOf(u)).toHaveLength(1);
      expect(binds(u, neu)).toBe(true);
    }
  }, 90_000);

  it('without password-management, or without ldap-over-ssl, the expired password is a reject and nothing changes', async () => {
    const no = await login('/nopm', 'jill', 'Jill-pw-1', ['Jill-new-2', 'Jill-new-2']);
    expect(no.code).not.toBe(0);
    expect(no.output).not.toContain(PROMPT);
    const plain = await login('/plain', 'kim', 'Kim-pw-1', ['Kim-new-22', 'Kim-new-22']);
    expect(plain.code).not.toBe(0);
    expect(plain.output).not.toContain(PROMPT);
    expect(sessionsOf('jill')).toHaveLength(0);
    expect(sessionsOf('kim')).toHaveLength(0);
    expect(binds('jill', 'Jill-new-2')).toBe(false);
    expect(binds('kim', 'Kim-new-22')).toBe(false);
    const log = syslog();
    // Cisco ASA Series Syslog Messages, 113005: "AAA user authentication Rejected : reason = AAA failure :
    // server = ip_addr : user = *****: user IP = ip_addr" (headend's reason names what the server said)
    expect(log).toMatch(/%ASA-6-113005: AAA user authentication Rejected : reason = rejected by 127\.0\.0\.1: password must be changed : server = PPS : user = jill/);
    expect(log).toMatch(/113005: .*password must be changed: password-management needs ldap-over-ssl enable : server = PPLAIN : user = kim/);
  }, 90_000);

  it('a new password the directory refuses (too short for its policy) is asked again; after three refusals the login is a reject with the directory\'s reason in the log', async () => {
    const r = await login('/pm', 'lena', 'Lena-pw-1', ['short', 'short', 'Lena-new-22', 'Lena-new-22']);
    expect(r.code, r.output).toBe(0);
    expect(r.output).toContain('The new password was not accepted by the password policy.');
    expect(binds('lena', 'Lena-new-22')).toBe(true);
    expect(sessionsOf('lena')).toHaveLength(1);
    const three = await login('/pm', 'lina', 'Lina-pw-1', ['short', 'short', 'short', 'short', 'short', 'short']);
    expect(three.code).not.toBe(0);
    expect(three.output).toContain(PROMPT);
    expect(sessionsOf('lina')).toHaveLength(0);
    expect(binds('lina', 'short')).toBe(false);
    expect(binds('lina', 'Lina-pw-1')).toBe(true);
    expect(syslog()).toMatch(/113005: .*password change refused: .* : server = PPS : user = lina/);
  }, 90_000);

  it('the form names its fields new_password and verify_password; a client that posts both must have typed the same twice', async () => {
    const form = await post('/pm', { username: 'mona', password: 'Mona-pw-1' });
    expect(form).toContain('<input type="password" name="new_password" label="New Password:"></input>');
    expect(form).toContain('<input type="password" name="verify_password" label="Verify Password:"></input>');
    const mismatch = await post('/pm', { new_password: 'Mona-new-2', verify_password: 'Mona-new-3' }, handleOf(form));
    expect(mismatch).toContain('Login failed.');
    expect(binds('mona', 'Mona-new-2')).toBe(false);
    // the handle was used once: the same answer again is a fresh login without a user, refused
    expect(await post('/pm', { new_password: 'Mona-new-2', verify_password: 'Mona-new-2' }, handleOf(form))).toContain('Login failed.');
    const again = await post('/pm', { username: 'mona', password: 'Mona-pw-1' });
    const done = await post('/pm', { new_password: 'Mona-new-2', verify_password: 'Mona-new-2' }, handleOf(again));
    expect(done).toContain('type="complete"');
    expect(binds('mona', 'Mona-new-2')).toBe(true);
  }, 60_000);

  it('password-expire-in-days: a password expiring within the days is offered a change, which the user may decline', async () => {
    // the policy warns 10 days ahead: within 14 days (password-management alone: the ASA's default,
    // Cisco ASA Series CLI Configuration Guide, Configuring Connection Profiles), not within 5
    const plain = await login('/warn5', 'nora', 'Nora-pw-1');
    expect(plain.code).toBe(0);
    expect(plain.output).not.toContain('Your password expires');
    // declined (an empty answer twice): the login completes with the current password
    const declined = await login('/warn14', 'nora', 'Nora-pw-1', ['', '']);
    expect(declined.code, declined.output).toBe(0);
    expect(declined.output).toMatch(/Your password expires in (9|10) days\. Enter a new password, or leave it empty to keep the current one\./);
    expect(binds('nora', 'Nora-pw-1')).toBe(true);
    expect(sessionsOf('nora')).toHaveLength(2);
    // taken: the new password is set
    const changed = await login('/warn14', 'otis', 'Otis-pw-1', ['Otis-new-22', 'Otis-new-22']);
    expect(changed.code, changed.output).toBe(0);
    expect(binds('otis', 'Otis-new-22')).toBe(true);
    expect(sessionsOf('otis')).toHaveLength(1);
  }, 90_000);
});
