// The vpn-filter packet filter (src/gateway/acl.ts) on raw packets: ns per packet and millions of
// packets per second for access-lists of 10, 100 and 1,000 entries, the packet matching the last
// entry (the worst case: every entry tried) in each direction, IPv4 and IPv6. Baseline: the same
// packets through a one-entry list, i.e. the header parsing every packet pays.
import { PacketFilter, type AclRule } from '../src/gateway/acl.ts';

function v4tcp(src: number[], dst: number[], sport: number, dport: number): Buffer {
  const b = Buffer.alloc(40);
  b[0] = 0x45; b.writeUInt16BE(40, 2); b[8] = 64; b[9] = 6;
  b.set(src, 12); b.set(dst, 16);
  b.writeUInt16BE(sport, 20); b.writeUInt16BE(dport, 22); b[32] = 0x50;
  return b;
}

function v6tcp(src: number, dst: number, sport: number, dport: number): Buffer {
  const b = Buffer.alloc(60);
  b[0] = 0x60; b.writeUInt16BE(20, 4); b[6] = 6; b[7] = 64;
  b.writeUInt32BE(0x20010db8, 8); b.writeUInt32BE(src, 20);
  b.writeUInt32BE(0x20010db8, 24); b.writeUInt32BE(dst, 36);
  b.writeUInt16BE(sport, 40); b.writeUInt16BE(dport, 42); b[52] = 0x50;
  return b;
}

/** `n` entries `permit tcp host 10.0.i.j host 192.168.1.1 eq 1000+i` (IPv4) or the IPv6 equivalent; the packet hits the last */
function rules(n: number, v6: boolean): AclRule[] {
  return Array.from({ length: n }, (_, i): AclRule => ({
    key: String(i), permit: true, proto: 6,
    src: v6 ? { fam: 6, addr: [0x20010db8, 0, 0, i + 1], mask: [~0, ~0, ~0, ~0] } : { fam: 4, addr: [(10 << 24) | (i + 1)], mask: [0xffffffff] },
    dst: v6 ? { fam: 6, addr: [0x20010db8, 0, 0, 0x99], mask: [~0, ~0, ~0, ~0] } : { fam: 4, addr: [(192 << 24) | (168 << 16) | (1 << 8) | 1], mask: [0xffffffff] },
    sport: null, dport: { lo: 1000 + i, hi: 1000 + i, neq: false }, icmpType: -1, icmpCode: -1, inactive: false,
  }));
}

function nsPerPacket(f: PacketFilter, p: Buffer, fromClient: boolean, count: number): number {
  for (let i = 0; i < 10_000; i++) f.permits(p, fromClient);
  const t = process.hrtime.bigint();
  let ok = 0;
  for (let i = 0; i < count; i++) if (f.permits(p, fromClient)) ok++;
  const ns = Number(process.hrtime.bigint() - t) / count;
  if (ok !== count) throw new Error('the packet should have been permitted');
  return ns;
}

export async function benchAclFilter(count = 2_000_000): Promise<void> {
  console.log('\n== acl-filter: vpn-filter permits() on raw packets (first match at the last entry) ==');
  for (const v6 of [false, true]) {
    for (const n of [1, 10, 100, 1000]) {
      const f = new PacketFilter(() => rules(n, v6), () => 1);
      const last = n - 1;
      const up = v6 ? v6tcp(last + 1, 0x99, 40000, 1000 + last) : v4tcp([10, 0, (last + 1) >> 8, (last + 1) & 255], [192, 168, 1, 1], 40000, 1000 + last);
      const down = v6 ? v6tcp(0x99, last + 1, 1000 + last, 40000) : v4tcp([192, 168, 1, 1], [10, 0, (last + 1) >> 8, (last + 1) & 255], 1000 + last, 40000);
      const reps = Math.max(20_000, Math.floor(count / Math.max(1, n / 10)));
      const a = nsPerPacket(f, up, true, reps);
      const b = nsPerPacket(f, down, false, reps);
      if (n === 1) { base[v6 ? 1 : 0] = (a + b) / 2; }
      const ratio = ((a + b) / 2 / base[v6 ? 1 : 0]).toFixed(1);
      console.log(`  IPv${v6 ? 6 : 4} ${String(n).padStart(4)} entries: from client ${a.toFixed(0).padStart(6)} ns (${(1000 / a).toFixed(2)} Mpps), to client ${b.toFixed(0).padStart(6)} ns (${(1000 / b).toFixed(2)} Mpps), ×${ratio} the 1-entry baseline`);
    }
  }
}

const base = [1, 1];

if (import.meta.url === `file://${process.argv[1]}`) await benchAclFilter();
