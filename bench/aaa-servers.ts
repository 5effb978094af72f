// bench/aaa-servers (issue 14): VPN logins per second through the AAA service of one headend, by
// server group, in the same run: LOCAL (baseline: one PBKDF2 per login on the thread pool), RADIUS
// (a real FreeRADIUS on loopback, PAP) and LDAP (a real slapd on loopback: bind as the login DN,
// search, bind as the user), and LOCAL logins with an `authorization-server-group` after them (LDAP:
// a login-DN search; RADIUS: an Access-Request with the username as the password). CONCURRENCY logins in flight at a time, as a burst of clients would;
// the event loop's longest stall during each run is printed too (logins must never block it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { HeadendApp } from '../src/app.ts';
import { startFreeRadius } from '../test/helpers/freeradius.ts';
import { BASE, startSlapd } from '../test/helpers/slapd.ts';

const CONCURRENCY = 16;

async function run(app: HeadendApp, tunnelGroup: string, n: number, user: (i: number) => [string, string]): Promise<{ perSec: number; maxStallMs: number; p99StallMs: number }> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  let next = 0, failed = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < n) {
      const i = next++;
      const [u, pw] = user(i);
      const r = await app.aaa.authenticate({ user: u, password: pw, service: 'vpn', source: `10.9.${(i >> 8) & 255}.${i & 255}`, tunnelGroup });
      if (!r.ok) failed++;
    }
  }));
  const ms = performance.now() - t0;
  h.disable();
  if (failed) throw new Error(`${failed} of ${n} ${tunnelGroup} logins failed`);
  return { perSec: (n * 1000) / ms, maxStallMs: h.max / 1e6, p99StallMs: h.percentile(99) / 1e6 };
}

export async function benchAaaServers(n = 2000): Promise<void> {
  const users = 50;
  // the local users u* are known to both servers too, for the authorization runs (RADIUS: password = name)
  const fr = await startFreeRadius({ secret: 'Bench-secret', users: Array.from({ length: users }, (_, i) => [{ name: `r${i}`, password: `pw-r${i}` }, { name: `u${i}`, password: `u${i}` }]).flat() });
  const ldap = await startSlapd({ users: Array.from({ length: users }, (_, i) => [{ uid: `l${i}`, password: `pw-l${i}` }, { uid: `u${i}`, password: `pw-x${i}` }]).flat(), groups: [], service: { dn: `cn=svc,${BASE}`, password: 'Svc-bench' } });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headend-bench-aaa-'));
  fs.writeFileSync(path.join(dir, 'b.cfg'), [
    'interface GigabitEthernet0/1', ' nameif inside', ' security-level 100', ' ip address 127.0.0.1 255.0.0.0',
    'aaa-server RAD protocol radius', 'aaa-server RAD (inside) host 127.0.0.1', ' key Bench-secret', ` authentication-port ${fr.authPort}`, ' timeout 5',
    'aaa-server LDAP protocol ldap', 'aaa-server LDAP (inside) host 127.0.0.1', ` server-port ${ldap.ldapPort}`, ` ldap-base-dn ${BASE}`, ' ldap-scope subtree',
    ' ldap-naming-attribute uid', ` ldap-login-dn cn=svc,${BASE}`, ' ldap-login-password Svc-bench',
    ...Array.from({ length: users }, (_, i) => `username u${i} password pw-u${i}`),
    ...[['TG-LOCAL', 'LOCAL'], ['TG-RAD', 'RAD'], ['TG-LDAP', 'LDAP']].flatMap(([t, s]) => [`tunnel-group ${t} type remote-access`, `tunnel-group ${t} general-attributes`, ` authentication-server-group ${s}`]),
    ...[['TG-AZLDAP', 'LDAP'], ['TG-AZRAD', 'RAD']].flatMap(([t, s]) => [`tunnel-group ${t} type remote-access`, `tunnel-group ${t} general-attributes`, ` authorization-server-group ${s}`, ' authorization-required']),
    '',
  ].join('\n'));
  const app = new HeadendApp({ stateDir: dir, configFile: path.join(dir, 'b.cfg'), console: () => {} });
  try {
    await app.boot();
    // warm-up: the first RADIUS login loads the dictionaries, the first LDAP one the TLS/ASN.1 code
    for (const [t, p] of [['TG-LOCAL', 'u'], ['TG-RAD', 'r'], ['TG-LDAP', 'l'], ['TG-AZLDAP', 'u'], ['TG-AZRAD', 'u']]) await run(app, t, 20, (i) => [`${p}${i % users}`, `pw-${p}${i % users}`]);
    const local = await run(app, 'TG-LOCAL', n, (i) => [`u${i % users}`, `pw-u${i % users}`]);
    const rad = await run(app, 'TG-RAD', n, (i) => [`r${i % users}`, `pw-r${i % users}`]);
    const ld = await run(app, 'TG-LDAP', n, (i) => [`l${i % users}`, `pw-l${i % users}`]);
    const azLdap = await run(app, 'TG-AZLDAP', n, (i) => [`u${i % users}`, `pw-u${i % users}`]);
    const azRad = await run(app, 'TG-AZRAD', n, (i) => [`u${i % users}`, `pw-u${i % users}`]);
    // every one of those logins was authorized by its server (authorization-required: a refusal fails the run)
    const authz = app.aaa.servers.list().reduce((a, v) => a + v.state.stats.authzRequests, 0);
    if (authz < 2 * n) throw new Error(`only ${authz} authorization requests for ${2 * n} logins`);
    console.log(`\naaa-servers: ${n} VPN logins each, ${CONCURRENCY} in flight (AAA service in process; FreeRADIUS 3 and slapd on loopback)`);
    const row = (name: string, r: { perSec: number; maxStallMs: number; p99StallMs: number }) =>
      console.log(`  ${name.padEnd(18)} ${r.perSec.toFixed(0).padStart(7)} logins/s  ratio ${(r.perSec / local.perSec).toFixed(2)}x LOCAL  event-loop delay p99 ${r.p99StallMs.toFixed(1)} ms, max ${r.maxStallMs.toFixed(1)} ms`);
    row('LOCAL', local);
    row('RADIUS', rad);
    row('LDAP', ld);
    row('LOCAL+LDAP authz', azLdap);
    row('LOCAL+RADIUS authz', azRad);
    console.log(`  (load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs during the run)`);
  } finally {
    app.aaa.close();
    await fr.stop();
    await ldap.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchAaaServers(Number(process.argv[2] ?? 2000));
  process.exit(0);
}
