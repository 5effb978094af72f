// Compiled access-lists as a vpn-filter applies them to the raw IP packets of a session: first
// match wins, implicit deny at the end, a hit counter per rule. The rules come as plain data (the
// config layer resolves names, object-groups and ports); nothing here parses CLI text.
//
// vpn-filter semantics (Cisco, "Configure VPN Filters on Cisco ASA", document 99103,
// https://www.cisco.com/c/en/us/support/docs/security/pix-500-series-security-appliances/99103-pix-asa-vpn-filter.html):
// for remote access the ACL is written with the client's assigned address in the source position
// and the inside network in the destination position; it is applied to post-decrypted traffic
// leaving the tunnel and to pre-encrypted traffic entering it. Traffic from the client is checked
// as it is; traffic to the client is checked with source and destination (addresses and ports)
// swapped, so `permit tcp <client> <server> eq 80` passes the client's requests and the server's
// replies — and, as that document warns, lets the server open connections from port 80 too. An ASA
// lets the replies through by its connection table; headend keeps no state, so for ICMP the reply
// types (echo-reply, timestamp-reply, ...) of traffic to the client are checked as the request
// type the client sent. A non-first IPv4 fragment or an IPv6 packet whose upper-layer header is out
// of reach carries no ports: it matches only entries without ports or ICMP type.
// Hit counters count packets (an ASA counts connections).

/** an address term: `fam` 0 = any address of either family, 4/6 = that family, -1 = matches nothing */
export interface AclNet {
  fam: 0 | 4 | 6 | -1;
  /** IPv4: addr[0]/mask[0] (network and mask), or lo..hi when `range`; IPv6: four 32-bit words each */
  addr: number[];
  mask: number[];
  range?: [number, number];
}

/** a port condition: lo..hi inclusive, or (neq) anything but lo */
export interface AclPorts { lo: number; hi: number; neq: boolean }

export interface AclRule {
  /** identity across recompiles: an unchanged rule keeps its hit count */
  key: string;
  permit: boolean;
  /** IP protocol number; 0 = any (`ip`) */
  proto: number;
  src: AclNet;
  dst: AclNet;
  sport: AclPorts | null;
  dport: AclPorts | null;
  /** ICMP/ICMPv6 type and code; -1 = any */
  icmpType: number;
  icmpCode: number;
  /** `inactive`: kept, never matched */
  inactive: boolean;
}

const ANY = -1;

class Compiled {
  hits = 0;
  readonly permit: boolean;
  readonly proto: number;
  // source and destination: kind 0 any, 4 v4 prefix, 5 v4 range, 6 v6 prefix, 7 any4, 8 any6, -1 never
  readonly sk: number; readonly s0: number; readonly s1: number; readonly s2: number; readonly s3: number;
  readonly sm0: number; readonly sm1: number; readonly sm2: number; readonly sm3: number;
  readonly dk: number; readonly d0: number; readonly d1: number; readonly d2: number; readonly d3: number;
  readonly dm0: number; readonly dm1: number; readonly dm2: number; readonly dm3: number;
  readonly sLo: number; readonly sHi: number; readonly sNeq: boolean; readonly sPorts: boolean;
  readonly dLo: number; readonly dHi: number; readonly dNeq: boolean; readonly dPorts: boolean;
  readonly icmpType: number; readonly icmpCode: number;
  /** needs the upper-layer header */
  readonly l4: boolean;

  constructor(readonly rule: AclRule) {
    this.permit = rule.permit;
    this.proto = rule.proto;
    const s = netParts(rule.src), d = netParts(rule.dst);
    [this.sk, this.s0, this.s1, this.s2, this.s3, this.sm0, this.sm1, this.sm2, this.sm3] = s;
    [this.dk, this.d0, this.d1, this.d2, this.d3, this.dm0, this.dm1, this.dm2, this.dm3] = d;
    this.sPorts = !!rule.sport; this.sLo = rule.sport?.lo ?? 0; this.sHi = rule.sport?.hi ?? 65535; this.sNeq = !!rule.sport?.neq;
    this.dPorts = !!rule.dport; this.dLo = rule.dport?.lo ?? 0; this.dHi = rule.dport?.hi ?? 65535; this.dNeq = !!rule.dport?.neq;
    this.icmpType = rule.icmpType; this.icmpCode = rule.icmpCode;
    this.l4 = this.sPorts || this.dPorts || this.icmpType !== ANY;
  }
}

function netParts(n: AclNet): [number, number, number, number, number, number, number, number, number] {
  const u = (x: number | undefined) => (x ?? 0) >>> 0;
  if (n.fam === -1) return [-1, 0, 0, 0, 0, 0, 0, 0, 0];
  if (n.fam === 0) return [0, 0, 0, 0, 0, 0, 0, 0, 0];
  if (n.fam === 4) {
    if (n.range) return [5, u(n.range[0]), u(n.range[1]), 0, 0, 0, 0, 0, 0];
    const m = u(n.mask[0]);
    return [m === 0 ? 7 : 4, (u(n.addr[0]) & m) >>> 0, 0, 0, 0, m, 0, 0, 0];
  }
  if (n.range) return [-1, 0, 0, 0, 0, 0, 0, 0, 0];
  const m = [0, 1, 2, 3].map((i) => u(n.mask[i]));
  if (m.every((x) => x === 0)) return [8, 0, 0, 0, 0, 0, 0, 0, 0];
  const a = [0, 1, 2, 3].map((i) => (u(n.addr[i]) & m[i]) >>> 0);
  return [6, a[0], a[1], a[2], a[3], m[0], m[1], m[2], m[3]];
}

/** ICMP replies checked, toward the client, as the request the client sent */
const replyOf4 = new Int16Array(256).fill(-1);
replyOf4[0] = 8; replyOf4[14] = 13; replyOf4[16] = 15; replyOf4[18] = 17;
const replyOf6 = new Int16Array(256).fill(-1);
replyOf6[129] = 128;

/** IPv6 extension headers walked to reach the upper layer (hop-by-hop, routing, destination options) */
const EXT_HDR = new Uint8Array(256);
EXT_HDR[0] = 1; EXT_HDR[43] = 1; EXT_HDR[60] = 1;
const FRAGMENT = 44;

/** the words of one side of an IPv6 packet, read without allocating */
const w6 = (p: Buffer, at: number, out: Uint32Array): void => {
  out[0] = p.readUInt32BE(at); out[1] = p.readUInt32BE(at + 4); out[2] = p.readUInt32BE(at + 8); out[3] = p.readUInt32BE(at + 12);
};

export class PacketFilter {
  private rules: Compiled[] = [];
  private built = -1;
  // scratch for the addresses of the packet being checked: never allocated per packet
  private readonly a6 = new Uint32Array(4);
  private readonly b6 = new Uint32Array(4);

  /** `load` gives the current rules; `version` changes whenever they may have (a config change) */
  constructor(private readonly load: () => AclRule[], private readonly version: () => number) {}

  /** rebuilds from `load()` if the config changed since; counters of unchanged rules carry over */
  refresh(): void {
    const v = this.version();
    if (v === this.built) return;
    const old = new Map<string, number>();
    for (const r of this.rules) if (!old.has(r.rule.key)) old.set(r.rule.key, r.hits);
    const next = this.load().map((r) => new Compiled(r));
    for (const r of next) {
      const h = old.get(r.rule.key);
      if (h !== undefined) { r.hits = h; old.delete(r.rule.key); }
    }
    this.rules = next;
    this.built = v;
  }

  /** whether the packet may pass; `fromClient` false checks it with source and destination swapped */
  permits(p: Buffer, fromClient: boolean): boolean {
    if (this.version() !== this.built) this.refresh();
    const len = p.length;
    if (len < 1) return false;
    const ver = p[0] >> 4;
    let proto: number, l4 = -1;
    let sk4 = 0, dk4 = 0;
    let a6 = this.a6, b6 = this.b6;
    if (ver === 4) {
      if (len < 20) return false;
      const ihl = (p[0] & 15) * 4;
      if (ihl < 20 || ihl > len) return false;
      proto = p[9];
      sk4 = p.readUInt32BE(12); dk4 = p.readUInt32BE(16);
      if ((((p[6] & 0x1f) << 8) | p[7]) === 0) l4 = ihl;
    } else if (ver === 6) {
      if (len < 40) return false;
      w6(p, 8, a6); w6(p, 24, b6);
      proto = p[6];
      let at = 40;
      // a few extension headers at most: each is at least 8 bytes, the loop ends with the packet
      while (EXT_HDR[proto] && at + 8 <= len) { const next = p[at]; at += (p[at + 1] + 1) * 8; proto = next; }
      if (proto === FRAGMENT && at + 8 <= len) {
        const first = ((p.readUInt16BE(at + 2) & 0xfff8) === 0);
        proto = p[at]; at += 8;
        if (first) l4 = at;
      } else if (!EXT_HDR[proto]) l4 = at;
      if (l4 > len) l4 = -1;
    } else return false;

    let sp = -1, dp = -1, type = -1, code = -1;
    if (l4 >= 0) {
      if ((proto === 6 || proto === 17 || proto === 132) && l4 + 4 <= len) { sp = p.readUInt16BE(l4); dp = p.readUInt16BE(l4 + 2); }
      else if ((proto === 1 || proto === 58) && l4 + 2 <= len) { type = p[l4]; code = p[l4 + 1]; }
    }
    if (!fromClient) {
      let t = sk4; sk4 = dk4; dk4 = t;
      const x = a6; a6 = b6; b6 = x;
      t = sp; sp = dp; dp = t;
      if (type >= 0) {
        const req = proto === 1 ? replyOf4[type] : proto === 58 ? replyOf6[type] : -1;
        if (req >= 0) { type = req; code = 0; }
      }
    }
    const v4 = ver === 4;
    const rules = this.rules;
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i];
      if (r.proto !== 0 && r.proto !== proto) continue;
      if (!v4 ? !match6(r.sk, r.s0, r.s1, r.s2, r.s3, r.sm0, r.sm1, r.sm2, r.sm3, a6) : !match4(r.sk, r.s0, r.s1, r.sm0, sk4)) continue;
      if (!v4 ? !match6(r.dk, r.d0, r.d1, r.d2, r.d3, r.dm0, r.dm1, r.dm2, r.dm3, b6) : !match4(r.dk, r.d0, r.d1, r.dm0, dk4)) continue;
      if (r.l4) {
        if (r.sPorts && (sp < 0 || (r.sNeq ? sp === r.sLo : sp < r.sLo || sp > r.sHi))) continue;
        if (r.dPorts && (dp < 0 || (r.dNeq ? dp === r.dLo : dp < r.dLo || dp > r.dHi))) continue;
        if (r.icmpType !== ANY && (type < 0 || type !== r.icmpType || (r.icmpCode !== ANY && code !== r.icmpCode))) continue;
      }
      if (r.rule.inactive) continue;
      r.hits++;
      return r.permit;
    }
    return false;
  }

  /** the hit count of each rule key (rules sharing a key add up) */
  hits(): Map<string, number> {
    this.refresh();
    const m = new Map<string, number>();
    for (const r of this.rules) m.set(r.rule.key, (m.get(r.rule.key) ?? 0) + r.hits);
    return m;
  }

  clearHits(): void {
    this.refresh();
    for (const r of this.rules) r.hits = 0;
  }

  get size(): number { this.refresh(); return this.rules.length; }
}

function match4(k: number, a: number, b: number, m: number, x: number): boolean {
  switch (k) {
    case 0: case 7: return true;
    case 4: return ((x & m) >>> 0) === a;
    case 5: return x >= a && x <= b;
    default: return false;
  }
}

function match6(k: number, a0: number, a1: number, a2: number, a3: number, m0: number, m1: number, m2: number, m3: number, x: Uint32Array): boolean {
  switch (k) {
    case 0: case 8: return true;
    case 6: return ((x[0] & m0) >>> 0) === a0 && ((x[1] & m1) >>> 0) === a1 && ((x[2] & m2) >>> 0) === a2 && ((x[3] & m3) >>> 0) === a3;
    default: return false;
  }
}

/**
 * The packet filters of one running-config, one per access-list name, each the same object for
 * the life of the table: a session that holds one sees a changed ACL at its next packet.
 */
export class FilterTable {
  private readonly filters = new Map<string, PacketFilter>();
  /** `load(name)` gives the rules of that ACL (none when it does not exist: everything denied) */
  constructor(private readonly load: (name: string) => AclRule[], private readonly version: () => number) {}

  get(name: string): PacketFilter {
    let f = this.filters.get(name);
    if (!f) {
      f = new PacketFilter(() => this.load(name), this.version);
      this.filters.set(name, f);
    }
    return f;
  }

  /** the filter if one was ever asked for (a name no session uses has no counters to show) */
  peek(name: string): PacketFilter | undefined { return this.filters.get(name); }
}
