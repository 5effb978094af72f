// Round trip, property-based: a random valid configuration (pools, group-policies with attributes,
// tunnel-groups, usernames, webvpn settings, interfaces, access-lists, kept-verbatim lines) applied
// to a fresh instance renders (`more system:running-config` body) to text that, pasted into another
// fresh instance, renders the same; and rendering twice gives the same text.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HeadendApp } from '../../src/app.ts';
import { checksum, renderBody } from '../../src/config/render.ts';
import { commandText } from '../../src/config/command-text.ts';
import { matchLine } from '../../grammar/matcher.ts';

const SEED_DISK0 = path.resolve(import.meta.dirname, '../fixtures/seed-001/disk0');
const IMAGES = ['anyconnect-win-2.3.0254-k9.pkg', 'anyconnect-macosx-i386-2.3.0254-k9.pkg', 'anyconnect-linux-2.3.0254-k9.pkg'];
const PROFILES: [string, string][] = [['sales', 'sales_hosts.xml'], ['engineering', 'engineering_hosts.xml']];

/** a fresh instance booted from an empty configuration, with seed 001's files on disk0: */
async function freshApp(dirs: string[]): Promise<HeadendApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headend-roundtrip-'));
  dirs.push(dir);
  fs.mkdirSync(path.join(dir, 'disk0'));
  for (const f of fs.readdirSync(SEED_DISK0)) fs.copyFileSync(path.join(SEED_DISK0, f), path.join(dir, 'disk0', f));
  fs.writeFileSync(path.join(dir, 'empty.cfg'), '');
  const app = new HeadendApp({ stateDir: dir, configFile: path.join(dir, 'empty.cfg') });
  await app.boot();
  return app;
}

// ---------------------------------------------------------------------------------------------
// Generators: each yields lines in ASA's indentation; names are made unique by index.

const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,11}$/);
const text = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ._,-]{0,28}[A-Za-z0-9.]$/).map((s) => s.replace(/ +/g, ' '));
const octet = fc.integer({ min: 1, max: 254 });
const ip = fc.tuple(octet, fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), octet).map((o) => o.join('.'));
const masks = ['255.0.0.0', '255.255.0.0', '255.255.255.0', '255.255.255.128', '255.255.255.252'];
const mask = fc.constantFrom(...masks);
const pick = <T>(xs: T[]) => fc.constantFrom(...xs);
/** an access-list address term; a network's address has no bits outside its mask (ASA refuses those) */
const aclAddr = fc.oneof(
  pick(['any', 'any4', 'any6']), ip.map((a) => `host ${a}`),
  fc.tuple(ip, mask).map(([a, m]) => `${a.split('.').map((o, i) => +o & +m.split('.')[i]).join('.')} ${m}`),
  pick(['2001:db8::/32', '2001:db8:1::/48', 'fd00::/8']),
);

interface World { pools: string[]; v6pools: string[]; gps: string[]; ifnames: string[]; acls: string[]; profiles: string[]; attrs: string[]; data: Map<string, string[]> }

const webvpnAttr = (w: World): fc.Arbitrary<string> => fc.oneof(
  fc.integer({ min: 15, max: 600 }).map((n) => `anyconnect ssl keepalive ${n}`),
  fc.constant('anyconnect ssl keepalive none'),
  fc.integer({ min: 576, max: 1406 }).map((n) => `anyconnect mtu ${n}`),
  fc.tuple(pick(['client', 'gateway']), fc.oneof(fc.integer({ min: 5, max: 3600 }).map(String), fc.constant('none'))).map(([a, b]) => `anyconnect dpd-interval ${a} ${b}`),
  pick(['new-tunnel', 'none', 'ssl']).map((m) => `anyconnect ssl rekey method ${m}`),
  fc.integer({ min: 1, max: 10080 }).map((n) => `anyconnect ssl rekey time ${n}`),
  pick(['deflate', 'none']).map((m) => `anyconnect ssl compression ${m}`),
  pick(['lzs', 'none']).map((m) => `anyconnect dtls compression ${m}`),
  pick(['enable', 'none']).map((m) => `anyconnect ssl dtls ${m}`),
  pick(['installed', 'none']).map((m) => `anyconnect keep-installer ${m}`),
  pick(['enable', 'disable']).map((m) => `anyconnect ssl df-bit-ignore ${m}`),
  fc.subarray(['vpngina', 'dart', 'nam', 'posture', 'nvm', 'umbrella', 'zta'], { minLength: 1 }).map((m) => `anyconnect modules value ${m.join(',')}`),
  fc.constant('anyconnect modules none'),
  fc.constant('anyconnect profiles none'),
  ...(w.profiles.length ? [fc.tuple(pick(w.profiles), pick(['vpn', 'user'])).map(([p, t]) => `anyconnect profiles value ${p} type ${t}`)] : []),
  fc.oneof(fc.constant('anyconnect ask none default anyconnect'), fc.tuple(pick(['anyconnect', 'webvpn']), fc.integer({ min: 1, max: 1800 }))
    .map(([d, t]) => `anyconnect ask enable default ${d} timeout ${t}`)),
);

const gpAttr = (w: World): fc.Arbitrary<string> => fc.oneof(
  fc.oneof(fc.integer({ min: 1, max: 35791394 }).map(String), fc.constant('none')).map((v) => `vpn-idle-timeout ${v}`),
  fc.oneof(fc.integer({ min: 1, max: 35791394 }).map(String), fc.constant('none')).map((v) => `vpn-session-timeout ${v}`),
  fc.integer({ min: 0, max: 2147483647 }).map((n) => `vpn-simultaneous-logins ${n}`),
  fc.uniqueArray(ip, { minLength: 1, maxLength: 2 }).map((a) => `dns-server value ${a.join(' ')}`),
  fc.constant('dns-server none'),
  word.map((d) => `default-domain value ${d}.example.com`),
  pick(['tunnelall', 'tunnelspecified', 'excludespecified']).map((p) => `split-tunnel-policy ${p}`),
  fc.subarray(['ikev1', 'ikev2', 'l2tp-ipsec', 'ssl-client', 'ssl-clientless'], { minLength: 1 }).map((p) => `vpn-tunnel-protocol ${p.join(' ')}`),
  text.map((t) => `banner value ${t}`),
  fc.constant('banner none'),
  pick(['vpn-filter value VF', 'vpn-filter none', 'ipv6-vpn-filter value VF', 'ipv6-vpn-filter none']),
  ...(w.acls.length ? [pick(w.acls).map((a) => `split-tunnel-network-list value ${a}`)] : []),
  ...(w.pools.length ? [fc.subarray(w.pools, { minLength: 1, maxLength: Math.min(3, w.pools.length) }).map((p) => `address-pools value ${p.join(' ')}`)] : []),
  ...(w.v6pools.length ? [pick(w.v6pools).map((p) => `ipv6-address-pools value ${p}`)] : []),
  ...[...w.data.entries()].map(([type, names]) => pick(names).map((n) => `anyconnect-custom ${type} value ${n}`)),
);

/** attributes, then possibly the `no` form of one of them (removed, so inherited again) */
const attrBlock = (attr: fc.Arbitrary<string>, indent: string) => fc.tuple(fc.array(attr, { maxLength: 6 }), fc.boolean())
  .map(([xs, withNo]) => {
    const lines = xs.map((x) => indent + x);
    if (withNo && xs.length) {
      // the `no` form names the words its declaration requires (e.g. `no anyconnect ssl rekey method`)
      const m = matchLine(xs[0], indent.length === 1 ? 'config-group-policy' : 'config-group-webvpn').res;
      if (!m.ok) throw new Error(`generated line does not parse: ${xs[0]}`);
      lines.push(`${indent}${commandText({ ...m.cmd, no: true, path: m.cmd.path.slice(0, m.cmd.decl.noMin) })}`);
    }
    return lines;
  });

interface Plan { lines: string[] }

const configArb: fc.Arbitrary<Plan> = fc.record({
  hostname: word,
  domain: fc.option(word.map((d) => `${d}.example.net`), { nil: undefined }),
  enablePw: fc.option(fc.stringMatching(/^[A-Za-z0-9]{8,16}$/), { nil: undefined }),
  nPools: fc.integer({ min: 0, max: 4 }),
  poolSizes: fc.array(fc.integer({ min: 2, max: 250 }), { minLength: 4, maxLength: 4 }),
  poolMask: fc.boolean(),
  nV6: fc.integer({ min: 0, max: 2 }),
  ifaces: fc.array(fc.record({ sec: fc.integer({ min: 0, max: 100 }), addr: ip, mask, desc: fc.option(text, { nil: undefined }), shut: fc.boolean(), v6: fc.boolean() }), { maxLength: 3 }),
  acls: fc.array(fc.array(fc.tuple(pick(['permit', 'deny']), ip, mask), { minLength: 1, maxLength: 3 }), { maxLength: 2 }),
  extAcl: fc.array(fc.tuple(ip, ip), { maxLength: 2 }),
  aces: fc.array(fc.tuple(pick(['permit', 'deny']), pick(['tcp', 'udp', 'icmp', 'ip', 'gre']), aclAddr, aclAddr,
    fc.option(fc.tuple(pick(['eq', 'lt', 'gt', 'neq', 'range']), pick([22, 53, 80, 443, 1024, 8080])), { nil: undefined }),
    pick(['', ' log', ' log disable', ' log 4 interval 30', ' inactive'])), { maxLength: 4 }),
  images: fc.subarray(IMAGES),
  profiles: fc.subarray(PROFILES),
  webvpn: fc.record({ port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }), dtls: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    acEnable: fc.boolean(), list: fc.boolean(), tlsOnly: fc.boolean() }),
  customAttrs: fc.array(fc.tuple(fc.constantFrom('DeferredUpdateAllowed', 'DeferredUpdateDismissTimeout', 'DSCPPreservationAllowed', 'dynamic-split-exclude-domains'),
    fc.option(text, { nil: undefined }), fc.array(fc.tuple(word, text), { maxLength: 2 })), { maxLength: 3 }),
  nGps: fc.integer({ min: 0, max: 3 }),
  gpSeeds: fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
  nTgs: fc.integer({ min: 0, max: 3 }),
  nUsers: fc.integer({ min: 0, max: 3 }),
  pass: fc.array(fc.oneof(
    fc.constant(['logging enable']),
    ip.map((a) => [`ntp server ${a}`]),
    fc.tuple(word, ip).map(([n, a]) => [`object network obj_${n}`, ` host ${a}`]),
    fc.tuple(ip, ip).map(([a, b]) => [`route outside ${a} 255.255.255.255 ${b} 1`]),
    fc.constant(['timeout xlate 3:00:00']),
    fc.constant(['policy-map global_policy', ' class inspection_default', '  inspect dns preset_dns_map', '  inspect ftp']),
    ip.map((a) => [`http ${a} 255.255.255.255 outside`]),
    fc.integer({ min: 1, max: 60 }).map((n) => [`ssh timeout ${n}`]),
    ip.map((a) => [`ssh ${a} 255.255.255.255 outside`]),
    fc.constant(['aaa authentication ssh console LOCAL']),
    fc.integer({ min: 1, max: 16 }).map((n) => [`aaa local authentication attempts max-fail ${n}`]),
    fc.integer({ min: 0, max: 200 }).map((n) => [`pager lines ${n}`]),
    fc.constant(['compression svc']),
    fc.constant(['no compression']),
    fc.array(text, { minLength: 1, maxLength: 3 }).map((ts) => ts.map((t) => `banner motd ${t}`)),
    fc.constant(['call-home', ' profile CiscoTAC-1', '  no active', '  destination transport-method http']),
    fc.tuple(word, word).map(([tp, cn]) => [`crypto ca trustpoint ${tp}`, ' enrollment self', ` subject-name CN=${cn}`, ' crl configure']),
  ), { maxLength: 8 }),
}).chain((r) => {
  const lines: string[] = [`hostname ${r.hostname}`];
  if (r.domain) lines.push(`domain-name ${r.domain}`);
  if (r.enablePw) lines.push(`enable password ${r.enablePw}`);
  const w: World = { pools: [], v6pools: [], gps: ['DfltGrpPolicy'], ifnames: [], acls: [], profiles: [], attrs: [], data: new Map() };
  for (let i = 0; i < r.nPools; i++) {
    w.pools.push(`pool${i}`);
    lines.push(`ip local pool pool${i} 10.${i}.0.1-10.${i}.0.${r.poolSizes[i]}${r.poolMask ? ' mask 255.255.255.0' : ''}`);
  }
  for (let i = 0; i < r.nV6; i++) { w.v6pools.push(`v6pool${i}`); lines.push(`ipv6 local pool v6pool${i} 2001:db8:${i + 1}::1/64 ${50 + i}`); }
  r.ifaces.forEach((f, i) => {
    w.ifnames.push(`if${i}`);
    lines.push(`interface GigabitEthernet0/${i}`);
    if (f.desc) lines.push(` description ${f.desc}`);
    if (f.shut) lines.push(' shutdown');
    lines.push(` nameif if${i}`, ` security-level ${f.sec}`, ` ip address ${f.addr} ${f.mask}`);
    if (f.v6) lines.push(` ipv6 address 2001:db8:${i}::1/64`, ' ipv6 enable');
  });
  r.acls.forEach((entries, i) => {
    w.acls.push(`ACL${i}`);
    for (const [act, a, m] of entries) lines.push(`access-list ACL${i} standard ${act} ${a} ${m}`);
  });
  r.extAcl.forEach(([a, b]) => lines.push(`access-list OUT extended permit ip host ${a} host ${b}`));
  for (const [act, proto, src, dst, port, opt] of r.aces) {
    // ports as show-run prints them: by the ASA's name where the protocol has one
    const names: Record<string, Record<number, string>> = { tcp: { 22: 'ssh', 53: 'domain', 80: 'www', 443: 'https' }, udp: { 53: 'domain', 80: 'www' } };
    const pn = (n: number) => names[proto]?.[n] ?? String(n);
    const ports = port && (proto === 'tcp' || proto === 'udp') ? ` ${port[0]} ${pn(port[1])}${port[0] === 'range' ? ` ${pn(port[1] + 10)}` : ''}` : '';
    const icmp = proto === 'icmp' && port ? ' echo' : '';
    lines.push(`access-list VF extended ${act} ${proto} ${src} ${dst}${ports}${icmp}${opt}`);
  }
  lines.push('webvpn');
  if (r.webvpn.port) lines.push(` port ${r.webvpn.port}`);
  if (r.webvpn.dtls) lines.push(` dtls port ${r.webvpn.dtls}`);
  if (w.ifnames.length) lines.push(` enable ${w.ifnames[0]}${r.webvpn.tlsOnly ? ' tls-only' : ''}`);
  r.images.forEach((f, i) => lines.push(` anyconnect image disk0:/${f} ${i + 1}`));
  for (const [n, f] of r.profiles) { w.profiles.push(n); lines.push(` anyconnect profiles ${n} disk0:/${f}`); }
  if (r.webvpn.acEnable) lines.push(' anyconnect enable');
  if (r.webvpn.list) lines.push(' tunnel-group-list enable');
  const seen = new Set<string>();
  for (const [type, desc] of r.customAttrs) {
    if (seen.has(type)) continue;
    seen.add(type);
    lines.push(` anyconnect-custom-attr ${type}${desc ? ` description ${desc}` : ''}`);
  }
  const data: string[] = [];
  for (const [type, , vals] of r.customAttrs) {
    for (const [n, v] of vals) {
      // the deferred-update and DSCP types take only their documented values
      const val = type === 'DeferredUpdateDismissTimeout' ? String(v.length * 7 % 301) : type === 'dynamic-split-exclude-domains' ? v : (v.length % 2 ? 'true' : 'false');
      data.push(`anyconnect-custom-data ${type} ${n} ${val}`);
      w.data.set(type, [...new Set([...(w.data.get(type) ?? []), n])]);
    }
  }
  for (const p of r.pass) lines.push(...p);
  lines.push(...data);
  const gpNames = Array.from({ length: r.nGps }, (_, i) => `gp${i}`);
  return fc.tuple(
    fc.array(fc.tuple(attrBlock(gpAttr(w), ' '), attrBlock(webvpnAttr(w), '  ')), { minLength: gpNames.length + 1, maxLength: gpNames.length + 1 }),
    fc.array(fc.record({ pool: fc.option(pick(w.pools.length ? w.pools : ['-']), { nil: undefined }), gp: pick([...w.gps, ...gpNames]),
      alias: fc.option(word, { nil: undefined }), url: fc.option(word, { nil: undefined }), tgType: fc.boolean() }), { minLength: r.nTgs, maxLength: r.nTgs }),
    fc.array(fc.record({ pw: fc.option(fc.stringMatching(/^[A-Za-z0-9]{6,12}$/), { nil: undefined }), priv: fc.option(fc.integer({ min: 0, max: 15 }), { nil: undefined }),
      gp: fc.option(pick([...w.gps, ...gpNames]), { nil: undefined }), service: fc.option(pick(['admin', 'remote-access', 'nas-prompt']), { nil: undefined }),
      web: attrBlock(webvpnAttr(w), '  ') }), { minLength: r.nUsers, maxLength: r.nUsers }),
  ).map(([gps, tgs, users]) => {
    // DfltGrpPolicy first, then each new group-policy
    ['DfltGrpPolicy', ...gpNames].forEach((g, i) => {
      const [attrs, web] = gps[i];
      if (g !== 'DfltGrpPolicy') lines.push(`group-policy ${g} internal`);
      lines.push(`group-policy ${g} attributes`, ...attrs);
      if (web.length) lines.push(' webvpn', ...web);
    });
    tgs.forEach((t, i) => {
      lines.push(`tunnel-group tg${i} type remote-access`, `tunnel-group tg${i} general-attributes`);
      if (t.pool && t.pool !== '-') lines.push(` address-pool ${t.pool}`);
      lines.push(` default-group-policy ${t.gp}`, ' authentication-server-group LOCAL');
      if (t.alias || t.url) {
        lines.push(`tunnel-group tg${i} webvpn-attributes`);
        if (t.alias) lines.push(` group-alias ${t.alias} enable`);
        if (t.url) lines.push(` group-url https://vpn.example.com/${t.url} enable`);
      }
    });
    users.forEach((u, i) => {
      lines.push(`username user${i} ${u.pw ? `password ${u.pw}` : 'nopassword'}${u.priv !== undefined ? ` privilege ${u.priv}` : ''}`);
      const attrs = [...(u.gp ? [` vpn-group-policy ${u.gp}`] : []), ...(u.service ? [` service-type ${u.service}`] : [])];
      if (attrs.length || u.web.length) {
        lines.push(`username user${i} attributes`, ...attrs);
        if (u.web.length) lines.push(' webvpn', ...u.web);
      }
    });
    return { lines };
  });
});

const MUST_SHOW = new RegExp('^(ip local pool |ipv6 local pool |interface |access-list |group-policy \\S+ internal$|tunnel-group \\S+ type |' +
  'anyconnect-custom-data |hostname |domain-name |object network |policy-map |ntp server |route |http |' +
  ' (anyconnect image |anyconnect profiles \\S+ disk0:|anyconnect-custom-attr |nameif |security-level |ip address |description |host |class |' +
  'ipv6 address |group-alias |group-url |authentication-server-group )|  inspect )');

const unindented = (lines: string[]): string[] => lines.map((l) => l.trimStart());

/** every block closed by `exit` (one per level), and `end` + `configure terminal` between top-level blocks */
function withExits(lines: string[]): string[] {
  const out: string[] = [];
  const open: number[] = [];
  const depth = (l: string) => /^ */.exec(l)![0].length;
  lines.forEach((l, i) => {
    if (l.trim() === '!' || l.trim() === '') return;
    const d = depth(l);
    while (open.length && open[open.length - 1] >= d) { open.pop(); out.push('exit'); }
    if (d === 0 && out.length) out.push('end', 'configure terminal');
    out.push(l.trimStart());
    const next = lines.slice(i + 1).find((x) => x.trim() !== '!' && x.trim() !== '');
    if (next !== undefined && depth(next) > d) open.push(d);
  });
  while (open.length) { open.pop(); out.push('exit'); }
  return out;
}

describe('render → paste → render', () => {
  it('is the identity on random valid configurations, and rendering is stable', async () => {
    let cases = 0;
    await fc.assert(fc.asyncProperty(configArb, async ({ lines }) => {
      const dirs: string[] = [];
      try {
        const a = await freshApp(dirs);
        const r1 = await a.loadText(lines.join('\n'), 'test');
        expect(r1.errors, lines.join('\n')).toEqual([]);
        const first = renderBody(a.config.model, { secrets: true });
        expect(renderBody(a.config.model, { secrets: true })).toEqual(first);
        // the lines no later line can replace are there as typed, with their indentation
        for (const l of lines.filter((x) => MUST_SHOW.test(x))) expect(first, l).toContain(l);
        const b = await freshApp(dirs);
        const r2 = await b.loadText(first.join('\n'), 'test');
        expect(r2.errors, first.join('\n')).toEqual([]);
        const second = renderBody(b.config.model, { secrets: true });
        expect(second).toEqual(first);
        expect(checksum(b.config.model)).toBe(checksum(a.config.model));
        // leading whitespace is not syntax (issue 12): the render with no indentation at all, and
        // the render with `exit` closing every sub-block and `end` + `configure terminal` between
        // top-level blocks, give the same running-config
        for (const variant of [unindented(first), withExits(first)]) {
          const c = await freshApp(dirs);
          const r3 = await c.loadText(variant.join('\n'), 'test');
          expect(r3.errors, variant.join('\n')).toEqual([]);
          expect(renderBody(c.config.model, { secrets: true }), variant.join('\n')).toEqual(first);
        }
        cases++;
      } finally {
        for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
      }
    }), { numRuns: 150, seed: Number(process.env.HEADEND_FC_SEED ?? 20261123), endOnFailure: true });
    expect(cases).toBe(150);
  }, 300_000);
});
