// The vpn-filter packet filter (issue 13 item 2) on crafted IPv4/IPv6 packets: access-lists typed
// as an admin types them, compiled through the gateway view, matched first-match with an implicit
// deny; traffic to the client checked with source and destination swapped (Cisco document 99103,
// see src/gateway/acl.ts); hit counters kept across a recompile of unchanged entries; and a
// property against a naive matcher written from the rules' plain meaning.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Shell, bootApp, tempState } from '../shell/helpers.ts';
import { gatewayView } from '../../src/config/gateway-view.ts';
import { PacketFilter, type AclRule } from '../../src/gateway/acl.ts';
import type { HeadendApp } from '../../src/app.ts';

// ---------------------------------------------------------------------------------------------
// packets

const v4bytes = (a: string) => a.split('.').map(Number);
function v6bytes(a: string): number[] {
  const [h, t] = a.includes('::') ? a.split('::') : [a, ''];
  const hs = h ? h.split(':') : [], ts = t ? t.split(':') : [];
  const groups = [...hs, ...new Array(8 - hs.length - ts.length).fill('0'), ...ts].map((x) => parseInt(x, 16));
  return groups.flatMap((g) => [g >> 8, g & 255]);
}

interface Pkt { src: string; dst: string; proto: number; sport?: number; dport?: number; type?: number; code?: number; fragOffset?: number }

function l4(p: Pkt): number[] {
  if (p.proto === 6) return [p.sport! >> 8, p.sport! & 255, p.dport! >> 8, p.dport! & 255, 0, 0, 0, 0, 0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff, 0, 0, 0, 0];
  if (p.proto === 17) return [p.sport! >> 8, p.sport! & 255, p.dport! >> 8, p.dport! & 255, 0, 8, 0, 0];
  if (p.proto === 1 || p.proto === 58) return [p.type ?? 8, p.code ?? 0, 0, 0, 0, 1, 0, 1];
  return [0, 0, 0, 0];
}

function packet(p: Pkt): Buffer {
  const body = l4(p);
  if (p.src.includes(':')) {
    const h = [0x60, 0, 0, 0, body.length >> 8, body.length & 255, p.proto, 64, ...v6bytes(p.src), ...v6bytes(p.dst)];
    return Buffer.from([...h, ...body]);
  }
  const total = 20 + body.length;
  const frag = p.fragOffset ?? 0;
  const h = [0x45, 0, total >> 8, total & 255, 0, 1, (frag >> 8) & 0x1f, frag & 255, 64, p.proto, 0, 0, ...v4bytes(p.src), ...v4bytes(p.dst)];
  return Buffer.from([...h, ...body]);
}

const tcp = (src: string, sport: number, dst: string, dport: number): Buffer => packet({ src, dst, proto: 6, sport, dport });
const udp = (src: string, sport: number, dst: string, dport: number): Buffer => packet({ src, dst, proto: 17, sport, dport });
const icmp = (src: string, dst: string, type: number, code = 0): Buffer => packet({ src, dst, proto: src.includes(':') ? 58 : 1, type, code });

// ---------------------------------------------------------------------------------------------

async function configured(lines: string[]): Promise<{ app: HeadendApp; sh: Shell; filter: (n: string) => PacketFilter }> {
  const app = await bootApp(tempState(), { empty: true });
  const sh = new Shell(app);
  await sh.feed(['configure terminal', ...lines].join('\n'));
  const view = gatewayView(app.config, app.store.flash, app.aaa);
  return { app, sh, filter: (n) => view.packetFilter!(n) as PacketFilter };
}

const CLIENT = '10.10.10.5';
const SERVER = '192.168.1.10';

describe('PacketFilter', () => {
  it('first match wins, implicit deny at the end, counts each rule', async () => {
    const { filter } = await configured([
      `access-list F extended deny tcp host ${CLIENT} host ${SERVER} eq 23`,
      `access-list F extended permit tcp host ${CLIENT} 192.168.1.0 255.255.255.0 range 20 23`,
      `access-list F extended permit udp any4 host ${SERVER} eq domain`,
      `access-list F extended permit tcp any4 any4 gt 1023`,
      `access-list F extended permit tcp any4 any4 neq 80`,
    ]);
    const f = filter('F');
    expect(f.permits(tcp(CLIENT, 40000, SERVER, 23), true)).toBe(false); // the deny comes first
    expect(f.permits(tcp(CLIENT, 40000, SERVER, 22), true)).toBe(true);
    expect(f.permits(tcp(CLIENT, 40000, '192.168.1.99', 20), true)).toBe(true);
    expect(f.permits(tcp('10.10.10.6', 40000, SERVER, 22), true)).toBe(true); // not the host: reaches `neq 80`
    expect(f.permits(tcp('10.10.10.6', 40000, SERVER, 80), true)).toBe(false); // implicit deny
    expect(f.permits(udp(CLIENT, 5353, SERVER, 53), true)).toBe(true);
    expect(f.permits(udp(CLIENT, 5353, SERVER, 54), true)).toBe(false);
    expect(f.permits(tcp(CLIENT, 40000, '8.8.8.8', 1024), true)).toBe(true); // gt 1023
    expect(f.permits(icmp(CLIENT, SERVER, 8), true)).toBe(false);
    expect(f.permits(Buffer.from([0x45, 0, 0]), true)).toBe(false); // truncated
    const hits = [...f.hits().values()];
    expect(hits).toEqual([1, 2, 1, 1, 1]);
  });

  it('checks traffic to the client with source and destination swapped', async () => {
    const { filter } = await configured([
      `access-list F extended permit tcp host ${CLIENT} host ${SERVER} eq www`,
      // Cisco's example: the inside network may telnet to the client
      `access-list F extended permit tcp host ${CLIENT} eq telnet 192.168.1.0 255.255.255.0`,
      `access-list F extended permit icmp host ${CLIENT} any4 echo`,
    ]);
    const f = filter('F');
    expect(f.permits(tcp(CLIENT, 40000, SERVER, 80), true)).toBe(true); // the request
    expect(f.permits(tcp(SERVER, 80, CLIENT, 40000), false)).toBe(true); // its reply
    expect(f.permits(tcp(SERVER, 40000, CLIENT, 80), false)).toBe(false); // not a reply: swapped it is the client's port 80
    expect(f.permits(tcp(SERVER, 80, CLIENT, 40000), true)).toBe(false); // the same packet from the client is not permitted
    expect(f.permits(tcp('192.168.1.77', 50000, CLIENT, 23), false)).toBe(true); // telnet to the client
    expect(f.permits(tcp(CLIENT, 23, '192.168.1.77', 50000), true)).toBe(true); // and the client's answers
    expect(f.permits(icmp(CLIENT, SERVER, 8), true)).toBe(true); // ping from the client
    expect(f.permits(icmp(SERVER, CLIENT, 0), false)).toBe(true); // its echo-reply
    // the entry works both ways, as on an ASA: a ping to the client passes, another ICMP type does not
    expect(f.permits(icmp(SERVER, CLIENT, 8), false)).toBe(true);
    expect(f.permits(icmp(SERVER, CLIENT, 13), false)).toBe(false);
  });

  it('matches IPv6 addresses, prefixes and ICMPv6; any4 and any6 keep to their family', async () => {
    const { filter } = await configured([
      'access-list F extended permit tcp host 2001:db8::5 2001:db8:1::/48 eq https',
      'access-list F extended permit icmp6 2001:db8::/64 any6 echo',
      'access-list F extended permit udp any4 any4 eq 53',
      'access-list F extended permit udp any6 any eq 123',
    ]);
    const f = filter('F');
    expect(f.permits(tcp('2001:db8::5', 40000, '2001:db8:1:2::9', 443), true)).toBe(true);
    expect(f.permits(tcp('2001:db8::5', 40000, '2001:db8:2::9', 443), true)).toBe(false);
    expect(f.permits(tcp('2001:db8::6', 40000, '2001:db8:1::9', 443), true)).toBe(false);
    expect(f.permits(icmp('2001:db8::77', '2001:db8:ffff::1', 128), true)).toBe(true);
    expect(f.permits(icmp('2001:db8:0:1::77', '2001:db8:ffff::1', 128), true)).toBe(false);
    expect(f.permits(udp('2001:db8::5', 5000, '2001:db8::53', 53), true)).toBe(false); // any4 is IPv4 only
    expect(f.permits(udp('10.0.0.1', 5000, '10.0.0.2', 53), true)).toBe(true);
    expect(f.permits(udp('2001:db8::5', 5000, '2001:db8::53', 123), true)).toBe(true);
    expect(f.permits(udp('10.0.0.1', 5000, '10.0.0.2', 123), true)).toBe(false); // any6 is IPv6 only
  });

  it('resolves object-groups and objects; a group that does not exist matches nothing', async () => {
    const { filter } = await configured([
      'object network SRV', ' host 192.168.1.10',
      'object network RANGE', ' range 10.10.10.1 10.10.10.9',
      'object-group network INSIDE', ' network-object object SRV', ' network-object 172.16.0.0 255.255.0.0',
      'object-group service WEB tcp', ' port-object eq www', ' port-object range 8000 8080',
      'object-group service DNS', ' service-object udp destination eq domain', ' service-object tcp destination eq domain',
      'access-list F extended permit tcp object RANGE object-group INSIDE object-group WEB',
      'access-list F extended permit object-group DNS any4 object-group INSIDE',
      'access-list F extended permit ip object-group NOSUCH any',
    ]);
    const f = filter('F');
    expect(f.permits(tcp('10.10.10.3', 40000, '192.168.1.10', 8080), true)).toBe(true);
    expect(f.permits(tcp('10.10.10.3', 40000, '172.16.5.5', 80), true)).toBe(true);
    expect(f.permits(tcp('10.10.10.3', 40000, '172.16.5.5', 443), true)).toBe(false);
    expect(f.permits(tcp('10.10.10.10', 40000, '172.16.5.5', 80), true)).toBe(false); // outside the range
    expect(f.permits(udp('10.99.0.1', 3000, '172.16.0.53', 53), true)).toBe(true);
    expect(f.permits(tcp('10.99.0.1', 3000, '192.168.1.10', 53), true)).toBe(true);
    expect(f.permits(udp('10.99.0.1', 3000, '192.168.1.11', 53), true)).toBe(false);
    expect(f.size).toBe(2 * 2 + 2 * 2);
  });

  it('applies a changed access-list or object-group at the next packet; unchanged entries keep their counts', async () => {
    const { sh, filter } = await configured([
      'object-group network NET', ' network-object host 192.168.1.10',
      `access-list F extended permit tcp host ${CLIENT} object-group NET eq 22`,
      `access-list F extended permit udp host ${CLIENT} any4 eq 53`,
    ]);
    const f = filter('F');
    for (let i = 0; i < 3; i++) f.permits(udp(CLIENT, 5000, '8.8.8.8', 53), true);
    expect(f.permits(tcp(CLIENT, 5000, '192.168.1.11', 22), true)).toBe(false);
    await sh.feed(['object-group network NET', ' network-object host 192.168.1.11'].join('\n'));
    expect(filter('F')).toBe(f); // the same filter object: a session that holds it sees the change
    expect(f.permits(tcp(CLIENT, 5000, '192.168.1.11', 22), true)).toBe(true);
    await sh.feed(`access-list F line 1 extended deny udp host ${CLIENT} host 8.8.4.4 eq 53`);
    expect(f.permits(udp(CLIENT, 5000, '8.8.4.4', 53), true)).toBe(false);
    const hits = f.hits();
    const udpKey = [...hits.keys()].find((k) => k.includes('permit udp'))!;
    expect(hits.get(udpKey)).toBe(3); // kept across two recompiles
    await sh.feed(`no access-list F extended permit udp host ${CLIENT} any4 eq 53`);
    await sh.feed(`access-list F extended permit udp host ${CLIENT} any4 eq 53`);
    f.permits(udp(CLIENT, 5000, '8.8.8.8', 53), true);
    // removed and entered again it is a new entry, as on an ASA: its count starts again
    expect([...f.hits().entries()].find(([k]) => k.includes('permit udp'))![1]).toBe(1);
    f.clearHits();
    expect([...f.hits().values()].every((n) => n === 0)).toBe(true);
    await sh.feed('clear configure access-list F');
    expect(f.permits(udp(CLIENT, 5000, '8.8.8.8', 53), true)).toBe(false); // gone: everything denied
    expect(filter('NOSUCH').permits(udp(CLIENT, 5000, '8.8.8.8', 53), true)).toBe(false);
  });

  it('a non-first fragment matches entries without ports only; inactive entries never match', async () => {
    const { filter } = await configured([
      `access-list F extended permit tcp host ${CLIENT} any4 eq 80 inactive`,
      `access-list F extended permit tcp host ${CLIENT} any4 eq 80`,
      `access-list F extended permit udp host ${CLIENT} any4`,
    ]);
    const f = filter('F');
    expect(f.permits(packet({ src: CLIENT, dst: SERVER, proto: 6, sport: 1, dport: 80, fragOffset: 100 }), true)).toBe(false);
    expect(f.permits(packet({ src: CLIENT, dst: SERVER, proto: 17, sport: 1, dport: 80, fragOffset: 100 }), true)).toBe(true);
    expect(f.permits(tcp(CLIENT, 1, SERVER, 80), true)).toBe(true);
    expect([...f.hits().values()]).toEqual([0, 1, 1]);
  });
});

// ---------------------------------------------------------------------------------------------
// property: the compiled filter agrees with a naive reading of the rules

const ADDRS = ['10.0.0.1', '10.0.0.2', '10.0.1.1', '192.168.1.1', '2001:db8::1', '2001:db8::2', '2001:db8:1::1'];
const toBig = (a: string): bigint => (a.includes(':') ? BigInt('0x' + v6bytes(a).map((b) => b.toString(16).padStart(2, '0')).join('')) : BigInt(v4bytes(a).reduce((x, o) => x * 256 + o, 0)));

interface Net { fam: 0 | 4 | 6; addr?: string; len?: number }
const net = fc.oneof(
  fc.constant<Net>({ fam: 0 }), fc.constant<Net>({ fam: 4 }), fc.constant<Net>({ fam: 6 }),
  fc.record({ a: fc.constantFrom(...ADDRS), len: fc.integer({ min: 0, max: 128 }) }).map(({ a, len }): Net => (a.includes(':') ? { fam: 6, addr: a, len } : { fam: 4, addr: a, len: len % 33 })),
);
const portCond = fc.option(fc.oneof(
  fc.integer({ min: 0, max: 3 }).map((p) => ({ lo: p, hi: p, neq: false })),
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })).map(([a, b]) => ({ lo: Math.min(a, b), hi: Math.max(a, b), neq: false })),
  fc.integer({ min: 0, max: 3 }).map((p) => ({ lo: p, hi: p, neq: true })),
), { nil: null });

function aclNet(n: Net) {
  if (!n.addr) return { fam: n.fam, addr: [0, 0, 0, 0], mask: [0, 0, 0, 0] };
  const bits = n.fam === 4 ? 32 : 128;
  const a = toBig(n.addr);
  const m = n.len === 0 ? 0n : ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - n.len!)) - 1n);
  const words = (x: bigint) => (n.fam === 4 ? [Number(x)] : [3, 2, 1, 0].map((i) => Number((x >> BigInt(32 * i)) & 0xffffffffn)));
  return { fam: n.fam, addr: words(a), mask: words(m) };
}

const rule = fc.record({
  permit: fc.boolean(), proto: fc.constantFrom(0, 6, 17), src: net, dst: net, sport: portCond, dport: portCond, inactive: fc.boolean(),
});
const pkt = fc.record({ src: fc.constantFrom(...ADDRS), dst: fc.constantFrom(...ADDRS), proto: fc.constantFrom(6, 17), sport: fc.integer({ min: 0, max: 3 }), dport: fc.integer({ min: 0, max: 3 }), fromClient: fc.boolean() })
  .filter((p) => p.src.includes(':') === p.dst.includes(':'));

type R = typeof rule extends fc.Arbitrary<infer T> ? T : never;

function naive(rules: R[], p: { src: string; dst: string; proto: number; sport: number; dport: number; fromClient: boolean }): boolean {
  const [s, d, sp, dp] = p.fromClient ? [p.src, p.dst, p.sport, p.dport] : [p.dst, p.src, p.dport, p.sport];
  const inNet = (a: string, n: Net) => {
    const fam = a.includes(':') ? 6 : 4;
    if (n.fam !== 0 && n.fam !== fam) return false;
    if (!n.addr) return true;
    const bits = fam === 4 ? 32 : 128;
    const shift = BigInt(bits - n.len!);
    return (toBig(a) >> shift) === (toBig(n.addr) >> shift);
  };
  const inPorts = (x: number, c: R['sport']) => !c || (c.neq ? x !== c.lo : x >= c.lo && x <= c.hi);
  for (const r of rules) {
    if (r.inactive) continue;
    if (r.proto !== 0 && r.proto !== p.proto) continue;
    if (!inNet(s, r.src) || !inNet(d, r.dst)) continue;
    if (!inPorts(sp, r.sport) || !inPorts(dp, r.dport)) continue;
    return r.permit;
  }
  return false;
}

describe('PacketFilter against a naive matcher', () => {
  it('gives the same verdict on random rules and packets', () => {
    fc.assert(fc.property(fc.array(rule, { maxLength: 8 }), fc.array(pkt, { minLength: 1, maxLength: 10 }), (rs, ps) => {
      const rules: AclRule[] = rs.map((r, i) => ({
        key: String(i), permit: r.permit, proto: r.proto, src: aclNet(r.src) as AclRule['src'], dst: aclNet(r.dst) as AclRule['dst'],
        sport: r.sport, dport: r.dport, icmpType: -1, icmpCode: -1, inactive: r.inactive,
      }));
      const f = new PacketFilter(() => rules, () => 1);
      for (const p of ps) {
        const buf = (p.proto === 6 ? tcp : udp)(p.src, p.sport, p.dst, p.dport);
        expect(f.permits(buf, p.fromClient)).toBe(naive(rs, p));
      }
    }), { numRuns: 400 });
  });
});
