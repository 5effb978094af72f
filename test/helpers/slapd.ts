// A real OpenLDAP slapd (Debian `slapd` + `ldap-utils`) started by a test on loopback: a slapd.conf
// and an mdb database in a folder of its own, the memberof overlay (AD-like `memberOf` on users),
// ldap:// and ldaps:// listeners on free ports, the test's entries added with ldapadd once it runs.
// The ldaps certificate (made with openssl, SAN IP:127.0.0.1) is signed by the test CA of testCa()
// (one per test process), or self-signed when asked: a server headend must refuse. A test gives
// headend the CA as an ASA holds one, in a `crypto ca certificate chain` (asaCertificateChain).
// Killed by stop(); stopSlapds() for afterAll.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const BASE = 'dc=example,dc=com';
export const ROOT_DN = `cn=admin,${BASE}`;
export const ROOT_PW = 'Slapd-root-1';

export interface LdapUser {
  uid: string; password: string; groups?: string[];
  /** ppolicy: the cn of a policy of PPOLICIES for this user (else the default one) */
  policy?: keyof typeof PPOLICIES;
  /** ppolicy: pwdReset TRUE (an administrator's reset: the user must change the password at the next bind) */
  reset?: boolean;
}

/**
 * The password policies of a slapd started with `ppolicy` (slapo-ppolicy(5)): `default` (the
 * ppolicy_default: a reset password must be changed; new passwords of 8 characters at least), `expiring` (passwords expire 2 s after a change,
 * 3 grace logins) and `expired` (2 s, no grace login), `warning` (10 days, warned all along). slapd keeps pwdChangedTime in whole seconds and expires a password older than
 * pwdMaxAge: a password added at the end of a second expires 3 s later, so a test waits PPOLICY_EXPIRED_MS.
 */
export const PPOLICIES = {
  default: ['pwdMustChange: TRUE', 'pwdCheckQuality: 1', 'pwdMinLength: 8'],
  expiring: ['pwdMaxAge: 2', 'pwdGraceAuthnLimit: 3'],
  expired: ['pwdMaxAge: 2', 'pwdGraceAuthnLimit: 0'],
  /** passwords expire 10 days after a change, with a warning (timeBeforeExpiration) for all 10 */
  warning: ['pwdMaxAge: 864000', 'pwdExpireWarning: 864000'],
} as const;
export const PPOLICY_EXPIRED_MS = 3200;

export interface Slapd {
  ldapUrl: string; ldapsUrl: string; ldapPort: number; ldapsPort: number; dir: string;
  stop(): Promise<void>;
}

const running = new Set<Slapd>();

async function freeTcpPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const p = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return p;
}

function ldif(users: LdapUser[], groups: string[], svc: { dn: string; password: string }, ppolicy: boolean): string {
  const out = [
    `dn: ${BASE}\nobjectClass: dcObject\nobjectClass: organization\no: Example\ndc: example\n`,
    `dn: ou=people,${BASE}\nobjectClass: organizationalUnit\nou: people\n`,
    `dn: ou=groups,${BASE}\nobjectClass: organizationalUnit\nou: groups\n`,
    `dn: ${svc.dn}\nobjectClass: person\ncn: ${/^cn=([^,]+)/.exec(svc.dn)![1]}\nsn: service\nuserPassword: ${svc.password}\n`,
  ];
  if (ppolicy) {
    out.push(`dn: ou=policies,${BASE}\nobjectClass: organizationalUnit\nou: policies\n`);
    for (const [cn, attrs] of Object.entries(PPOLICIES)) {
      out.push(`dn: cn=${cn},ou=policies,${BASE}\nobjectClass: device\nobjectClass: pwdPolicy\ncn: ${cn}\npwdAttribute: userPassword\npwdAllowUserChange: TRUE\n${attrs.join('\n')}\n`);
    }
  }
  for (const u of users) {
    const pp = [...(u.policy ? [`pwdPolicySubentry: cn=${u.policy},ou=policies,${BASE}`] : []), ...(u.reset ? ['pwdReset: TRUE'] : [])];
    out.push(`dn: uid=${u.uid},ou=people,${BASE}\nobjectClass: inetOrgPerson\nuid: ${u.uid}\ncn: ${u.uid}\nsn: ${u.uid}\nuserPassword: ${u.password}\n${pp.map((l) => `${l}\n`).join('')}`);
  }
  for (const g of groups) {
    const members = users.filter((u) => u.groups?.includes(g)).map((u) => `member: uid=${u.uid},ou=people,${BASE}`);
    out.push(`dn: cn=${g},ou=groups,${BASE}\nobjectClass: groupOfNames\ncn: ${g}\n${(members.length ? members : [`member: ${svc.dn}`]).join('\n')}\n`);
  }
  return out.join('\n');
}

let ca: { dir: string; pem: string } | undefined;

/** the test CA (made once per test process, removed by stopSlapds) */
export function testCa(): { dir: string; pem: string } {
  if (ca) return ca;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headend-testca-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'ca.key'), '-out', path.join(dir, 'ca.pem'),
    '-days', '2', '-subj', '/CN=headend test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], { stdio: 'ignore' });
  ca = { dir, pem: fs.readFileSync(path.join(dir, 'ca.pem'), 'utf8') };
  return ca;
}

/** a CA certificate as an ASA's running-config holds it: the DER in hex words, 8 a line */
export function asaCertificateChain(trustpoint: string, pem: string): string {
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64').toString('hex');
  const words = der.match(/.{1,8}/g)!;
  const lines: string[] = [];
  for (let i = 0; i < words.length; i += 8) lines.push(`    ${words.slice(i, i + 8).join(' ')}`);
  return [`crypto ca trustpoint ${trustpoint}`, ' enrollment terminal', `crypto ca certificate chain ${trustpoint}`, ' certificate ca 01', ...lines, '  quit'].join('\n');
}

function serverCertificate(dir: string, selfSigned: boolean): void {
  const key = path.join(dir, 'key.pem'), cert = path.join(dir, 'cert.pem');
  const san = ['-addext', 'subjectAltName=IP:127.0.0.1'];
  if (selfSigned) {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', ...san], { stdio: 'ignore' });
    return;
  }
  const c = testCa();
  const csr = path.join(dir, 'cert.csr');
  execFileSync('openssl', ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr, '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
  fs.writeFileSync(path.join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n');
  execFileSync('openssl', ['x509', '-req', '-in', csr, '-CA', path.join(c.dir, 'ca.pem'), '-CAkey', path.join(c.dir, 'ca.key'), '-CAcreateserial',
    '-out', cert, '-days', '2', '-extfile', path.join(dir, 'ext.cnf')], { stdio: 'ignore' });
}

export async function startSlapd(o: { users: LdapUser[]; groups: string[]; service: { dn: string; password: string }; selfSigned?: boolean;
  /** the ppolicy overlay with PPOLICIES; the service DN may then change users' passwords (RFC 3062 as the login DN) */
  ppolicy?: boolean }): Promise<Slapd> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headend-slapd-'));
  fs.mkdirSync(path.join(dir, 'db'));
  serverCertificate(dir, !!o.selfSigned);
  const [ldapPort, ldapsPort] = [await freeTcpPort(), await freeTcpPort()];
  fs.writeFileSync(path.join(dir, 'slapd.conf'), `include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload memberof
${o.ppolicy ? 'moduleload ppolicy\n' : ''}pidfile ${dir}/slapd.pid
TLSCertificateFile ${dir}/cert.pem
TLSCertificateKeyFile ${dir}/key.pem
database mdb
maxsize 10485760
suffix "${BASE}"
rootdn "${ROOT_DN}"
rootpw ${ROOT_PW}
directory ${dir}/db
overlay memberof
${o.ppolicy ? `overlay ppolicy\nppolicy_default "cn=default,ou=policies,${BASE}"\n` : ''}access to attrs=userPassword by anonymous auth by self write${o.ppolicy ? ` by dn.exact="${o.service.dn}" write` : ''} by * none
access to * by * read
`);
  const ldapUrl = `ldap://127.0.0.1:${ldapPort}`;
  const ldapsUrl = `ldaps://127.0.0.1:${ldapsPort}`;
  const proc: ChildProcess = spawn('/usr/sbin/slapd', ['-d', '0', '-f', path.join(dir, 'slapd.conf'), '-h', `${ldapUrl}/ ${ldapsUrl}/`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (c: Buffer) => { out += c.toString(); });
  proc.stderr!.on('data', (c: Buffer) => { out += c.toString(); });
  const exited = new Promise<void>((r) => proc.on('exit', () => r()));
  const t0 = Date.now();
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`slapd exited ${proc.exitCode}:\n${out}`);
    try {
      execFileSync('ldapwhoami', ['-x', '-H', ldapUrl, '-D', ROOT_DN, '-w', ROOT_PW], { stdio: 'ignore' });
      break;
    } catch {
      if (Date.now() - t0 > 15_000) { proc.kill('SIGKILL'); throw new Error(`slapd not ready:\n${out}`); }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  fs.writeFileSync(path.join(dir, 'data.ldif'), ldif(o.users, o.groups, o.service, !!o.ppolicy));
  execFileSync('ldapadd', ['-x', '-H', ldapUrl, '-D', ROOT_DN, '-w', ROOT_PW, '-f', path.join(dir, 'data.ldif')], { stdio: 'pipe' });
  const s: Slapd = {
    ldapUrl, ldapsUrl, ldapPort, ldapsPort, dir,
    stop: async () => {
      running.delete(s);
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (proc.exitCode === null) { proc.kill('SIGKILL'); await exited; }
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  running.add(s);
  return s;
}

export async function stopSlapds(): Promise<void> {
  await Promise.all([...running].map((s) => s.stop()));
  if (ca) { fs.rmSync(ca.dir, { recursive: true, force: true }); ca = undefined; }
}
