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

// A compiled list is one Int32Array, STRIDE words per rule, scanned in order: typed-array reads
// keep the per-rule test a few machine instructions (an array of rule objects cost 4× as much).
// Addresses are compared as signed 32-bit words (`x & mask === net`, both sides int32).
const STRIDE = 28;
const F = 0, PROTO = 1, SK = 2, S = 3, SM = 7, DK = 11, D = 12, DM = 16, SLO = 20, SHI = 21, DLO = 22, DHI = 23, ITYPE = 24, ICODE = 25;
/** flag bits */
const PERMIT = 1, INACTIVE = 2, L4 = 4, SPORTS = 8, DPORTS = 16, SNEQ = 32, DNEQ = 64;
/** address kinds: any of either family, IPv4 prefix, IPv4 range, IPv6 prefix, any4, any6, nothing */
const K_ANY = 0, K_V4 = 4, K_V4RANGE = 5, K_V6 = 6, K_ANY4 = 7, K_ANY6 = 8, K_NONE = -1;

/** kind, four address words, four mask words (a range: lo, hi in the first two words) */
function netParts(n: AclNet): number[] {
  const w = (x: number | undefined) => (x ?? 0) | 0;
  if (n.fam === -1) return [K_NONE, 0, 0, 0, 0, 0, 0, 0, 0];
  if (n.fam === 0) return [K_ANY, 0, 0, 0, 0, 0, 0, 0, 0];
  if (n.fam === 4) {
    if (n.range) return [K_V4RANGE, w(n.range[0]), w(n.range[1]), 0, 0, 0, 0, 0, 0];
    const m = w(n.mask[0]);
    return [m === 0 ? K_ANY4 : K_V4, w(n.addr[0]) & m, 0, 0, 0, m, 0, 0, 0];
  }
  if (n.range) return [K_NONE, 0, 0, 0, 0, 0, 0, 0, 0];
  const m = [0, 1, 2, 3].map((i) => w(n.mask[i]));
  if (m.every((x) => x === 0)) return [K_ANY6, 0, 0, 0, 0, 0, 0, 0, 0];
  return [K_V6, ...[0, 1, 2, 3].map((i) => w(n.addr[i]) & m[i]), ...m];
}

function compile(rules: AclRule[]): Int32Array {
  const prog = new Int32Array(rules.length * STRIDE);
  rules.forEach((r, i) => {
    const o = i * STRIDE;
    const l4 = !!r.sport || !!r.dport || r.icmpType !== ANY;
    prog[o + F] = (r.permit ? PERMIT : 0) | (r.inactive ? INACTIVE : 0) | (l4 ? L4 : 0) | (r.sport ? SPORTS : 0) | (r.dport ? DPORTS : 0)
      | (r.sport?.neq ? SNEQ : 0) | (r.dport?.neq ? DNEQ : 0);
    prog[o + PROTO] = r.proto;
    prog.set(netParts(r.src), o + SK);
    prog.set(netParts(r.dst), o + DK);
    prog[o + SLO] = r.sport?.lo ?? 0; prog[o + SHI] = r.sport?.hi ?? 65535;
    prog[o + DLO] = r.dport?.lo ?? 0; prog[o + DHI] = r.dport?.hi ?? 65535;
    prog[o + ITYPE] = r.icmpType; prog[o + ICODE] = r.icmpCode;
  });
  return prog;
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

const word = (p: Buffer, at: number): number => (p[at] << 24) | (p[at + 1] << 16) | (p[at + 2] << 8) | p[at + 3];

/** one side's address against a rule's address term at `o` (kind word first) */
function addrMatch(prog: Int32Array, o: number, v4: boolean, x4: number, x: Int32Array): boolean {
  switch (prog[o]) {
    case K_ANY: return true;
    case K_ANY4: return v4;
    case K_ANY6: return !v4;
    case K_V4: return v4 && (x4 & prog[o + 5]) === prog[o + 1];
    case K_V4RANGE: return v4 && (x4 >>> 0) >= (prog[o + 1] >>> 0) && (x4 >>> 0) <= (prog[o + 2] >>> 0);
    case K_V6: return !v4 && (x[0] & prog[o + 5]) === prog[o + 1] && (x[1] & prog[o + 6]) === prog[o + 2]
      && (x[2] & prog[o + 7]) === prog[o + 3] && (x[3] & prog[o + 8]) === prog[o + 4];
    default: return false;
  }
}

export class PacketFilter {
  private prog: Int32Array = new Int32Array(0);
  private rules: AclRule[] = [];
  private counts = new Float64Array(0);
  private built = -1;
  // scratch for the addresses of the packet being checked: never allocated per packet
  private readonly a6: Int32Array = new Int32Array(4);
  private readonly b6: Int32Array = new Int32Array(4);

  /** `load` gives the current rules; `version` changes whenever they may have (a config change) */
  constructor(private readonly load: () => AclRule[], private readonly version: () => number) {}

  /** rebuilds from `load()` if the config changed since; counters of unchanged rules carry over */
  refresh(): void {
    const v = this.version();
    if (v === this.built) return;
    const old = new Map<string, number>();
    this.rules.forEach((r, i) => { if (!old.has(r.key)) old.set(r.key, this.counts[i]); });
    const rules = this.load();
    const counts = new Float64Array(rules.length);
    rules.forEach((r, i) => {
      const h = old.get(r.key);
      if (h !== undefined) { counts[i] = h; old.delete(r.key); }
    });
    this.prog = compile(rules);
    this.rules = rules;
    this.counts = counts;
    this.built = v;
  }

  /** whether the packet may pass; `fromClient` false checks it with source and destination swapped */
  permits(p: Buffer, fromClient: boolean): boolean {
    if (this.version() !== this.built) this.refresh();
    const len = p.length;
    if (len < 1) return false;
    const ver = p[0] >> 4;
    let proto: number, l4 = -1;
    let s4 = 0, d4 = 0;
    let a6 = this.a6, b6 = this.b6;
    if (ver === 4) {
      if (len < 20) return false;
      const ihl = (p[0] & 15) * 4;
      if (ihl < 20 || ihl > len) return false;
      proto = p[9];
      s4 = word(p, 12); d4 = word(p, 16);
      if ((((p[6] & 0x1f) << 8) | p[7]) === 0) l4 = ihl;
    } else if (ver === 6) {
      if (len < 40) return false;
      a6[0] = word(p, 8); a6[1] = word(p, 12); a6[2] = word(p, 16); a6[3] = word(p, 20);
      b6[0] = word(p, 24); b6[1] = word(p, 28); b6[2] = word(p, 32); b6[3] = word(p, 36);
      proto = p[6];
      let at = 40;
      // a few extension headers at most: each is at least 8 bytes, the loop ends with the packet
      while (EXT_HDR[proto] && at + 8 <= len) { const next = p[at]; at += (p[at + 1] + 1) * 8; proto = next; }
      if (proto === FRAGMENT && at + 8 <= len) {
        const first = ((((p[at + 2] << 8) | p[at + 3]) & 0xfff8) === 0);
        proto = p[at]; at += 8;
        if (first) l4 = at;
      } else if (!EXT_HDR[proto]) l4 = at;
      if (l4 > len) l4 = -1;
    } else return false;

    let sp = -1, dp = -1, type = -1, code = -1;
    if (l4 >= 0) {
      if ((proto === 6 || proto === 17 || proto === 132) && l4 + 4 <= len) { sp = (p[l4] << 8) | p[l4 + 1]; dp = (p[l4 + 2] << 8) | p[l4 + 3]; }
      else if ((proto === 1 || proto === 58) && l4 + 2 <= len) { type = p[l4]; code = p[l4 + 1]; }
    }
    if (!fromClient) {
      let t = s4; s4 = d4; d4 = t;
      const x = a6; a6 = b6; b6 = x;
      t = sp; sp = dp; dp = t;
      if (type >= 0) {
        const req = proto === 1 ? replyOf4[type] : proto === 58 ? replyOf6[type] : -1;
        if (req >= 0) { type = req; code = 0; }
      }
    }
    const v4 = ver === 4;
    const prog = this.prog;
    for (let o = 0; o < prog.length; o += STRIDE) {
      const rp = prog[o + PROTO];
      if (rp !== 0 && rp !== proto) continue;
      const f = prog[o + F];
      if (f & INACTIVE) continue;
      if (!addrMatch(prog, o + SK, v4, s4, a6) || !addrMatch(prog, o + DK, v4, d4, b6)) continue;
      if (f & L4) {
        if (f & SPORTS && (sp < 0 || (f & SNEQ ? sp === prog[o + SLO] : sp < prog[o + SLO] || sp > prog[o + SHI]))) continue;
        if (f & DPORTS && (dp < 0 || (f & DNEQ ? dp === prog[o + DLO] : dp < prog[o + DLO] || dp > prog[o + DHI]))) continue;
        const it = prog[o + ITYPE];
        if (it !== ANY && (type < 0 || type !== it || (prog[o + ICODE] !== ANY && code !== prog[o + ICODE]))) continue;
      }
      this.counts[o / STRIDE]++;
      return (f & PERMIT) !== 0;
    }
    return false;
  }

  /** the hit count of each rule key (rules sharing a key add up) */
  hits(): Map<string, number> {
    this.refresh();
    const m = new Map<string, number>();
    this.rules.forEach((r, i) => m.set(r.key, (m.get(r.key) ?? 0) + this.counts[i]));
    return m;
  }

  clearHits(): void {
    this.refresh();
    this.counts.fill(0);
  }

  get size(): number { this.refresh(); return this.rules.length; }
}

/**
 * The packet filters of one running-config, one per access-list name, each the same object for
 * the life of the table: a session that holds one sees a changed ACL at its next packet.
 */
export class FilterTable {
  private readonly filters = new Map<string, PacketFilter>();
  /**
   * `load(name)` gives the rules of that ACL (none when it does not exist: everything denied);
   * `version(name)` changes whenever they may have
   */
  constructor(private readonly load: (name: string) => AclRule[], private readonly version: (name: string) => number) {}

  get(name: string): PacketFilter {
    let f = this.filters.get(name);
    if (!f) {
      f = new PacketFilter(() => this.load(name), () => this.version(name));
      this.filters.set(name, f);
    }
    return f;
  }

  /** the filter if one was ever asked for (a name no session uses has no counters to show) */
  peek(name: string): PacketFilter | undefined { return this.filters.get(name); }
}
