// Access-list entries read as an ASA reads them: an extended entry's words become protocol,
// source, ports, destination, ICMP type and options; object-groups and objects (kept verbatim as
// blocks, grammar/passthrough.ts) are resolved to their members; each entry expands into the
// concrete elements `show access-list` prints under it and the packet filter matches.
import { isIPv4, isIPv6 } from 'node:net';
import type { Command, PathItem } from '../../grammar/matcher.ts';
import { accessList as A } from '../../grammar/access-list.ts';
import { icmpNumber, icmpText, portNumber, portText, protocolName } from '../../grammar/acl-names.ts';
import type { AclNet, AclPorts, AclRule } from '../gateway/acl.ts';
import { maskBits } from '../../grammar/syntax.ts';
import { commandText } from './command-text.ts';
import { ipToNum } from './ip.ts';
import type { RunningConfig } from './model.ts';

const INVALID = "ERROR: % Invalid input detected at '^' marker.";
/** at most this many elements per access-list once object-groups are expanded (bounded memory) */
export const MAX_ELEMENTS = 100_000;

type PortKind = 'tcp' | 'udp' | 'tcp-udp' | 'sctp';

interface Cursor { items: PathItem[]; i: number }
const kwAt = (c: Cursor): string | undefined => { const p = c.items[c.i]; return p && 'kw' in p ? p.kw : undefined; };
type ArgItem = Extract<PathItem, { arg: string }>;
const argAt = (c: Cursor): ArgItem | undefined => { const p = c.items[c.i]; return p && 'arg' in p ? p : undefined; };

export type AddrTerm =
  | { k: 'any'; fam: 0 | 4 | 6 } | { k: 'host'; a: string } | { k: 'net'; a: string; m: string } | { k: 'v6'; a: string; len: number }
  | { k: 'group'; name: string } | { k: 'object'; name: string } | { k: 'if'; name: string };
export type PortTerm = { op: 'eq' | 'lt' | 'gt' | 'neq'; p: number } | { op: 'range'; lo: number; hi: number } | { op: 'group'; name: string };
export type ProtoTerm = { k: 'num'; n: number } | { k: 'group'; name: string } | { k: 'object'; name: string };

export interface Ace {
  permit: boolean;
  proto: ProtoTerm;
  src: AddrTerm; sport: PortTerm | null;
  dst: AddrTerm; dport: PortTerm | null;
  icmp: { type: number; code: number } | { group: string } | null;
  log: { level?: string; disable?: boolean; dflt?: boolean; interval?: number } | null;
  timeRange: string | null;
  inactive: boolean;
}

// ---------------------------------------------------------------------------------------------
// object-groups and objects, from the kept-verbatim blocks

interface Group { type: string; proto?: string; children: string[] }

/** the `object-group TYPE NAME [PROTO]` and `object TYPE NAME` blocks, by name */
export interface Objects { groups: Map<string, Group>; objects: Map<string, Group> }

export function objectsOf(c: RunningConfig): Objects {
  const groups = new Map<string, Group>(), objects = new Map<string, Group>();
  for (const b of c.passthrough.values()) {
    const g = /^object-group\s+(\S+)\s+(\S+)(?:\s+(\S+))?\s*$/i.exec(b.head);
    if (g) { groups.set(g[2], { type: g[1].toLowerCase(), proto: g[3]?.toLowerCase(), children: b.children.map((x) => x.trim()) }); continue; }
    const o = /^object\s+(network|service)\s+(\S+)\s*$/i.exec(b.head);
    if (o) objects.set(o[2], { type: o[1].toLowerCase(), children: b.children.map((x) => x.trim()) });
  }
  return { groups, objects };
}

const isPortGroup = (o: Objects, name: string): boolean => {
  const g = o.groups.get(name);
  return !!g && g.type === 'service' && !!g.proto;
};

// ---------------------------------------------------------------------------------------------
// reading an entry's path

function readAddr(c: Cursor): AddrTerm | undefined {
  const k = kwAt(c);
  if (k === 'any' || k === 'any4' || k === 'any6') { c.i++; return { k: 'any', fam: k === 'any' ? 0 : k === 'any4' ? 4 : 6 }; }
  if (k === 'host' || k === 'object-group' || k === 'object' || k === 'interface') {
    c.i++;
    const a = argAt(c);
    if (!a) return undefined;
    c.i++;
    const v = String(a.value);
    return k === 'host' ? { k: 'host', a: v } : k === 'object-group' ? { k: 'group', name: v } : k === 'object' ? { k: 'object', name: v } : { k: 'if', name: v };
  }
  const a = argAt(c);
  if (!a) return undefined;
  if (/PREFIX$/.test(a.arg)) { c.i++; const p = a.value as { addr: string; len: number }; return { k: 'v6', a: p.addr, len: p.len }; }
  if (/ADDR$/.test(a.arg)) {
    c.i++;
    const m = argAt(c);
    if (!m) return undefined;
    c.i++;
    return { k: 'net', a: String(a.value), m: String(m.value) };
  }
  return undefined;
}

/** a port word's number for the entry's protocol; undefined when that protocol has no such port */
function readPorts(c: Cursor, kind: PortKind | null, rewrite: (at: number, text: string) => void): PortTerm | 'bad' | undefined {
  const k = kwAt(c);
  if (k === 'eq' || k === 'lt' || k === 'gt' || k === 'neq' || k === 'range') {
    if (!kind) return 'bad';
    c.i++;
    const nums: number[] = [];
    for (let n = k === 'range' ? 2 : 1; n > 0; n--) {
      const a = argAt(c);
      if (!a) return 'bad';
      const p = portNumber(String(a.value), kind);
      if (p === undefined) return 'bad';
      rewrite(c.i, portText(p, kind));
      nums.push(p);
      c.i++;
    }
    if (k === 'range') return nums[0] <= nums[1] ? { op: 'range', lo: nums[0], hi: nums[1] } : 'bad';
    if ((k === 'lt' && nums[0] === 0) || (k === 'gt' && nums[0] === 65535)) return 'bad';
    return { op: k, p: nums[0] };
  }
  return undefined;
}

export interface ParsedAce { ace: Ace; cmd: Command; line?: number }

/**
 * An extended entry's meaning and its canonical command (ports by their ASA names, no `line N`),
 * or the error an ASA gives. Object-groups may be named before they exist (a paste defines them in
 * any order); one that never exists matches nothing.
 */
export function parseExtended(c: RunningConfig, cmd: Command, objs: Objects = objectsOf(c)): ParsedAce | { error: string } {
  const items = cmd.path.slice();
  const cur: Cursor = { items, i: 0 };
  while (cur.i < items.length && kwAt(cur) !== 'extended') cur.i++;
  cur.i++;
  const permit = kwAt(cur) === 'permit';
  cur.i++;
  let proto: ProtoTerm;
  const pk = kwAt(cur);
  if (pk === 'object-group' || pk === 'object') {
    cur.i++;
    proto = { k: pk === 'object' ? 'object' : 'group', name: String(argAt(cur)?.value) };
  } else proto = { k: 'num', n: Number(argAt(cur)?.value) };
  cur.i++;
  const kind: PortKind | null = proto.k !== 'num' ? 'tcp-udp' : proto.n === 6 ? 'tcp' : proto.n === 17 ? 'udp' : proto.n === 132 ? 'sctp' : null;
  const rewrite = (at: number, text: string) => { const p = items[at]; if ('arg' in p) items[at] = { ...p, text }; };

  const src = readAddr(cur);
  if (!src) return { error: INVALID };
  let sport: PortTerm | null = null;
  const sp = readPorts(cur, kind, rewrite);
  if (sp === 'bad') return { error: INVALID };
  if (sp) sport = sp;
  else if (kwAt(cur) === 'object-group') {
    // `object-group X` here is a source port group when X is one (ASA tells them apart by type)
    const next = items[cur.i + 1];
    const nm = next && 'arg' in next ? String(next.value) : '';
    const after = items[cur.i + 2];
    if (isPortGroup(objs, nm) || (!objs.groups.has(nm) && next && 'arg' in next && next.arg === 'SSERVICE' && after !== undefined)) {
      if (!kind) return { error: INVALID };
      sport = { op: 'group', name: nm };
      cur.i += 2;
    }
  }
  const dst = readAddr(cur);
  if (!dst) return { error: INVALID };
  let dport: PortTerm | null = null;
  let icmp: Ace['icmp'] = null;
  const dp = readPorts(cur, kind, rewrite);
  if (dp === 'bad') return { error: INVALID };
  if (dp) dport = dp;
  else if (kwAt(cur) === 'object-group') {
    cur.i++;
    const nm = String(argAt(cur)?.value);
    cur.i++;
    const g = objs.groups.get(nm);
    if (g?.type === 'icmp-type') icmp = { group: nm };
    else { if (!kind) return { error: INVALID }; dport = { op: 'group', name: nm }; }
  } else if (argAt(cur)?.arg === 'ICMPTYPE') {
    const icmpProto = proto.k === 'num' ? proto.n : -1;
    if (proto.k === 'num' && icmpProto !== 1 && icmpProto !== 58) return { error: INVALID };
    const t = String(argAt(cur)!.value);
    const n = icmpProto === 1 || icmpProto === 58 ? icmpNumber(t, icmpProto) : /^\d+$/.test(t) ? +t : undefined;
    if (n === undefined) return { error: INVALID };
    if (icmpProto === 1 || icmpProto === 58) rewrite(cur.i, icmpText(n, icmpProto));
    cur.i++;
    let code = -1;
    if (argAt(cur)?.arg === 'ICMPCODE') { code = Number(argAt(cur)!.value); cur.i++; }
    icmp = { type: n, code };
  }
  let log: Ace['log'] = null;
  let timeRange: string | null = null;
  let inactive = false;
  for (; cur.i < items.length; cur.i++) {
    const k = kwAt(cur);
    if (k === 'log') log = {};
    else if (k === 'disable' && log) log.disable = true;
    else if (k === 'default' && log) log.dflt = true;
    else if (k === 'interval' && log) { cur.i++; log.interval = Number(argAt(cur)?.value); }
    else if (k === 'time-range') { cur.i++; timeRange = String(argAt(cur)?.value); }
    else if (k === 'inactive') inactive = true;
    else { const a = argAt(cur); if (a?.arg === 'LEVEL' && log) log.level = String(a.value); }
  }
  // IPv4 networks must be networks: host bits under the mask are refused
  for (const t of [src, dst]) {
    if (t.k === 'net' && (ipToNum(t.a) & ~maskNum(t.m)) >>> 0 !== 0) return { error: `ERROR: IP address,mask <${t.a},${t.m}> doesn't pair` };
  }
  const out = stripLine(cmd, items);
  return { ace: { permit, proto, src, sport, dst, dport, icmp, log, timeRange, inactive }, ...out };
}

const maskNum = (m: string): number => ipToNum(m) >>> 0;

/** the command without `line N` (show-run never prints it) and the line it asked for */
export function stripLine(cmd: Command, items: PathItem[] = cmd.path): { cmd: Command; line?: number } {
  const at = items.findIndex((p) => 'kw' in p && p.kw === 'line');
  const line = at >= 0 ? Number((items[at + 1] as { value: unknown }).value) : undefined;
  const path = at >= 0 ? [...items.slice(0, at), ...items.slice(at + 2)] : items;
  if (path === cmd.path) return { cmd };
  const args = { ...cmd.args };
  delete args.LINE;
  return { cmd: { ...cmd, path, args, kws: { has: (w: string) => path.some((p) => 'kw' in p && p.kw === w) } }, line };
}

// ---------------------------------------------------------------------------------------------
// expansion into elements

interface AddrE { net: AclNet; text: string; unresolved?: boolean }
interface PortE { ports: AclPorts; text: string }
interface ProtoE { proto: number; sport?: PortE | null; dport?: PortE | null; icmpType?: number; icmpCode?: number; text: string }

const NEVER: AclNet = { fam: -1, addr: [], mask: [] };

function v4(a: string, bits: number): AclNet {
  const m = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { fam: 4, addr: [ipToNum(a) >>> 0], mask: [m] };
}

function v6words(a: string): number[] {
  const [head, tail] = a.includes('::') ? a.split('::') : [a, undefined];
  const parse = (s: string): number[] => (s ? s.split(':').flatMap((x) => (x.includes('.') ? [((ipToNum(x) >>> 16) & 0xffff), ipToNum(x) & 0xffff] : [parseInt(x, 16)])) : []);
  const h = parse(head), t = tail === undefined ? [] : parse(tail);
  const groups = tail === undefined ? h : [...h, ...new Array(8 - h.length - t.length).fill(0), ...t];
  return [0, 1, 2, 3].map((i) => ((groups[2 * i] << 16) | groups[2 * i + 1]) >>> 0);
}

function v6(a: string, len: number): AclNet {
  const mask = [0, 1, 2, 3].map((i) => {
    const bits = Math.max(0, Math.min(32, len - 32 * i));
    return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  });
  return { fam: 6, addr: v6words(a), mask };
}

const hostNet = (a: string): AclNet => (isIPv4(a) ? v4(a, 32) : v6(a, 128));

function ports(t: { op: string; p?: number; lo?: number; hi?: number }, kind: PortKind): PortE {
  const name = (n: number) => portText(n, kind);
  switch (t.op) {
    case 'eq': return { ports: { lo: t.p!, hi: t.p!, neq: false }, text: `eq ${name(t.p!)}` };
    case 'lt': return { ports: { lo: 0, hi: t.p! - 1, neq: false }, text: `lt ${name(t.p!)}` };
    case 'gt': return { ports: { lo: t.p! + 1, hi: 65535, neq: false }, text: `gt ${name(t.p!)}` };
    case 'neq': return { ports: { lo: t.p!, hi: t.p!, neq: true }, text: `neq ${name(t.p!)}` };
    default: return { ports: { lo: t.lo!, hi: t.hi!, neq: false }, text: `range ${name(t.lo!)} ${name(t.hi!)}` };
  }
}

/** `eq P`, `range A B`, ... of an object-group's line, for `kind` */
function portWords(w: string[], kind: PortKind): PortE | undefined {
  const op = w[0]?.toLowerCase();
  if (op === 'range') {
    const lo = portNumber(w[1] ?? '', kind), hi = portNumber(w[2] ?? '', kind);
    return lo !== undefined && hi !== undefined ? ports({ op, lo, hi }, kind) : undefined;
  }
  if (op === 'eq' || op === 'lt' || op === 'gt' || op === 'neq') {
    const p = portNumber(w[1] ?? '', kind);
    return p !== undefined ? ports({ op, p }, kind) : undefined;
  }
  return undefined;
}

class Expander {
  constructor(private readonly o: Objects) {}

  /** members of a network object-group or object; `seen` stops a group that contains itself */
  addrs(t: AddrTerm, seen = new Set<string>()): AddrE[] {
    switch (t.k) {
      case 'any': return [{ net: { fam: t.fam, addr: [0, 0, 0, 0], mask: [0, 0, 0, 0] }, text: t.fam === 0 ? 'any' : `any${t.fam}` }];
      case 'host': return [{ net: hostNet(t.a), text: `host ${t.a}` }];
      case 'net': return [{ net: v4(t.a, maskBits(t.m) ?? 32), text: `${t.a} ${t.m}` }];
      case 'v6': return [{ net: v6(t.a, t.len), text: `${t.a}/${t.len}` }];
      case 'if': return [{ net: NEVER, text: `interface ${t.name}` }];
      case 'object': return this.object(t.name);
      case 'group': {
        if (seen.has(t.name)) return [];
        seen.add(t.name);
        const g = this.o.groups.get(t.name);
        if (!g || g.type !== 'network') return [];
        return g.children.flatMap((line) => this.networkLine(line, seen));
      }
    }
  }

  private networkLine(line: string, seen: Set<string>): AddrE[] {
    const w = line.split(/\s+/);
    if (w[0] === 'group-object') return this.addrs({ k: 'group', name: w[1] }, seen);
    if (w[0] !== 'network-object') return [];
    if (w[1] === 'host' && w[2]) return [{ net: hostNet(w[2]), text: `host ${w[2]}` }];
    if (w[1] === 'object' && w[2]) return this.object(w[2]);
    return this.netWords(w.slice(1));
  }

  /** `A MASK` or `X::/N` */
  private netWords(w: string[]): AddrE[] {
    if (isIPv4(w[0] ?? '') && maskBits(w[1] ?? '') !== undefined) return [{ net: v4(w[0], maskBits(w[1])!), text: `${w[0]} ${w[1]}` }];
    const p = /^([0-9a-f:.]+)\/(\d+)$/i.exec(w[0] ?? '');
    if (p && isIPv6(p[1]) && +p[2] <= 128) return [{ net: v6(p[1], +p[2]), text: `${p[1]}/${p[2]}` }];
    return [];
  }

  private object(name: string): AddrE[] {
    const ob = this.o.objects.get(name);
    if (!ob || ob.type !== 'network') return [];
    const out: AddrE[] = [];
    for (const line of ob.children) {
      const w = line.split(/\s+/);
      if (w[0] === 'host' && w[1]) out.push({ net: hostNet(w[1]), text: `host ${w[1]}` });
      else if (w[0] === 'subnet') out.push(...this.netWords(w.slice(1)));
      else if (w[0] === 'range' && isIPv4(w[1] ?? '') && isIPv4(w[2] ?? '')) {
        out.push({ net: { fam: 4, addr: [], mask: [], range: [ipToNum(w[1]) >>> 0, ipToNum(w[2]) >>> 0] }, text: `range ${w[1]} ${w[2]}` });
      } else if (w[0] === 'fqdn') out.push({ net: NEVER, text: `fqdn ${w[w.length - 1]} (unresolved)`, unresolved: true });
    }
    return out;
  }

  /** the protocols of the protocol position, each with the ports or ICMP type a service gives */
  protos(t: ProtoTerm, seen = new Set<string>()): ProtoE[] {
    if (t.k === 'num') return [{ proto: t.n, text: protocolName.get(t.n) ?? String(t.n) }];
    if (t.k === 'object') {
      const ob = this.o.objects.get(t.name);
      if (!ob || ob.type !== 'service') return [];
      return ob.children.flatMap((line) => { const w = line.split(/\s+/); return w[0] === 'service' ? this.service(w.slice(1)) : []; });
    }
    if (seen.has(t.name)) return [];
    seen.add(t.name);
    const g = this.o.groups.get(t.name);
    if (!g) return [];
    const out: ProtoE[] = [];
    for (const line of g.children) {
      const w = line.split(/\s+/);
      if (w[0] === 'group-object') out.push(...this.protos({ k: 'group', name: w[1] }, seen));
      else if (g.type === 'protocol' && w[0] === 'protocol-object') out.push(...this.protos(protoTerm(w[1])));
      else if (g.type === 'service' && w[0] === 'service-object') {
        if (w[1] === 'object') out.push(...this.protos({ k: 'object', name: w[2] }));
        else out.push(...this.service(w.slice(1)));
      }
    }
    return out;
  }

  /** `PROTO [source OP P] [destination OP P]` or `icmp [TYPE [CODE]]` of a service object */
  private service(w: string[]): ProtoE[] {
    const pt = protoTerm(w[0]);
    if (pt.k !== 'num' || Number.isNaN(pt.n)) {
      if (w[0]?.toLowerCase() !== 'tcp-udp') return [];
      return [6, 17].flatMap((n) => this.service([protocolName.get(n)!, ...w.slice(1)]));
    }
    const base: ProtoE = { proto: pt.n, text: protocolName.get(pt.n) ?? String(pt.n) };
    if (pt.n === 1 || pt.n === 58) {
      const type = w[1] !== undefined ? icmpNumber(w[1], pt.n) : undefined;
      return [{ ...base, icmpType: type ?? -1, icmpCode: w[2] !== undefined && /^\d+$/.test(w[2]) ? +w[2] : -1 }];
    }
    const kind: PortKind | null = pt.n === 6 ? 'tcp' : pt.n === 17 ? 'udp' : pt.n === 132 ? 'sctp' : null;
    if (!kind) return [base];
    const e: ProtoE = { ...base };
    for (let i = 1; i < w.length; i++) {
      const side = w[i];
      if (side !== 'source' && side !== 'destination') {
        // `service-object tcp eq 80` is the destination port, as on older ASA releases
        const p = portWords(w.slice(i), kind);
        if (p) e.dport = p;
        break;
      }
      const p = portWords(w.slice(i + 1), kind);
      if (!p) break;
      if (side === 'source') e.sport = p; else e.dport = p;
      i += p.text.startsWith('range') ? 3 : 2;
    }
    return [e];
  }

  /** the members of a port group (`object-group service NAME tcp`), for `kind` */
  portGroup(name: string, kind: PortKind, seen = new Set<string>()): PortE[] {
    if (seen.has(name)) return [];
    seen.add(name);
    const g = this.o.groups.get(name);
    if (!g || g.type !== 'service') return [];
    const out: PortE[] = [];
    for (const line of g.children) {
      const w = line.split(/\s+/);
      if (w[0] === 'group-object') out.push(...this.portGroup(w[1], kind, seen));
      else if (w[0] === 'port-object') { const p = portWords(w.slice(1), kind); if (p) out.push(p); }
    }
    return out;
  }

  icmpGroup(name: string, proto: number): number[] {
    const g = this.o.groups.get(name);
    if (!g || g.type !== 'icmp-type') return [];
    return g.children.flatMap((line) => {
      const w = line.split(/\s+/);
      const n = w[0] === 'icmp-object' ? icmpNumber(w[1] ?? '', proto === 58 ? 58 : 1) : undefined;
      return n === undefined ? [] : [n];
    });
  }
}

function protoTerm(w: string | undefined): ProtoTerm {
  const x = (w ?? '').toLowerCase();
  const n = /^\d+$/.test(x) ? +x : [...protocolName.entries()].find(([, name]) => name === x)?.[0]
    ?? ({ pptp: 47, ipsec: 50 } as Record<string, number>)[x];
  return { k: 'num', n: n ?? NaN };
}

// ---------------------------------------------------------------------------------------------
// show access-list's view of an access-list, and the packet filter's rules

/** `key` names the element's hit counter: the entry's identity and the element's text */
export interface Element { text: string; key: string; rule: AclRule | null; inactive: boolean }

export interface ShownEntry {
  /** the entry as `show access-list` prints it after `access-list NAME line N ` */
  text: string;
  /** remarks carry no counter */
  remark: boolean;
  inactive: boolean;
  /** the concrete elements, shown under the entry when it names objects or object-groups */
  elements: Element[];
  expanded: boolean;
}

/** how `show access-list` prints an entry's options: `log` with its level and interval */
function optionsText(a: Ace): string {
  const out: string[] = [];
  if (a.log) {
    if (a.log.disable) out.push('log disable');
    else if (a.log.dflt) out.push('log default');
    else out.push(`log ${a.log.level ?? 'informational'} interval ${a.log.interval ?? 300}`);
  }
  if (a.timeRange) out.push(`time-range ${a.timeRange}`);
  if (a.inactive) out.push('inactive');
  return out.length ? ' ' + out.join(' ') : '';
}

/** the words of an entry after `access-list NAME `, with show access-list's log options */
function entryText(cmd: Command, a?: Ace): string {
  const words = commandText(cmd).split(' ').slice(2);
  if (!a) return words.join(' ');
  const cut = words.findIndex((w, i) => (w === 'log' || w === 'time-range' || w === 'inactive') && i > 3);
  return (cut < 0 ? words : words.slice(0, cut)).join(' ') + optionsText(a);
}

const named = (t: AddrTerm | PortTerm | ProtoTerm | null): boolean =>
  !!t && (('k' in t && (t.k === 'group' || t.k === 'object')) || ('op' in t && t.op === 'group'));

function elementsOf(x: Expander, a: Ace, aceKey: string, budget: { left: number }): Element[] {
  const out: Element[] = [];
  const protos = x.protos(a.proto);
  const srcs = x.addrs(a.src);
  const dsts = x.addrs(a.dst);
  const opts = optionsText(a);
  for (const p of protos) {
    const kind: PortKind | null = p.proto === 6 ? 'tcp' : p.proto === 17 ? 'udp' : p.proto === 132 ? 'sctp' : null;
    const portList = (t: PortTerm | null, fromService: PortE | null | undefined): (PortE | null)[] => {
      if (!t) return [fromService ?? null];
      if (!kind) return [];
      if (t.op === 'group') return x.portGroup(t.name, kind);
      return [ports(t, kind)];
    };
    const sps = portList(a.sport, p.sport);
    const dps = portList(a.dport, p.dport);
    let icmps: { type: number; code: number }[] = [{ type: p.icmpType ?? -1, code: p.icmpCode ?? -1 }];
    if (a.icmp) {
      if (p.proto !== 1 && p.proto !== 58) continue;
      icmps = 'group' in a.icmp ? x.icmpGroup(a.icmp.group, p.proto).map((type) => ({ type, code: -1 })) : [a.icmp];
    }
    for (const s of srcs) for (const sp of sps) for (const d of dsts) for (const dp of dps) for (const ic of icmps) {
      if (budget.left <= 0) return out;
      budget.left--;
      const icmpWords = ic.type < 0 ? '' : ` ${p.proto === 1 || p.proto === 58 ? icmpText(ic.type, p.proto) : ic.type}${ic.code >= 0 ? ` ${ic.code}` : ''}`;
      const text = `${a.permit ? 'permit' : 'deny'} ${p.text} ${s.text}${sp ? ' ' + sp.text : ''} ${d.text}${dp ? ' ' + dp.text : ''}${icmpWords}${opts}`;
      const dead = !!(s.unresolved || d.unresolved);
      out.push({
        text, key: `${aceKey}\u0000${text}`, inactive: a.inactive || dead,
        rule: dead ? null : {
          key: `${aceKey}\u0000${text}`, permit: a.permit, proto: p.proto, src: s.net, dst: d.net,
          sport: sp?.ports ?? null, dport: dp?.ports ?? null, icmpType: ic.type, icmpCode: ic.code, inactive: a.inactive,
        },
      });
    }
  }
  return out;
}

/** every entry of an access-list as `show access-list` lists it, with its elements */
export function shownEntries(c: RunningConfig, name: string, objs: Objects = objectsOf(c)): ShownEntry[] {
  const l = c.acl.get(name);
  if (!l) return [];
  const x = new Expander(objs);
  const budget = { left: MAX_ELEMENTS };
  return l.entries.map((cmd): ShownEntry => {
    const hit = plain.get(cmd);
    if (hit) {
      budget.left -= hit.elements.length;
      return budget.left >= 0 ? hit : { ...hit, elements: [] };
    }
    const e = shownEntry(c, cmd, x, objs, budget);
    if (!e.expanded && budget.left > 0) plain.set(cmd, e);
    return e;
  });
}

/**
 * entries that name no object or object-group, by their stored command: they never change, so a
 * recompile after any config change (a paste into a list in use) reads them instead of parsing
 * every entry again
 */
const plain = new WeakMap<Command, ShownEntry>();

function shownEntry(c: RunningConfig, cmd: Command, x: Expander, objs: Objects, budget: { left: number }): ShownEntry {
  const key = `${c.acl.idOf(cmd)}\u0000${commandText(cmd)}`;
  if (cmd.decl === A.remark) return { text: entryText(cmd), remark: true, inactive: false, elements: [], expanded: false };
  if (cmd.decl !== A.extended) {
    budget.left--;
    return { text: entryText(cmd), remark: false, inactive: false, elements: [{ text: entryText(cmd), key, rule: null, inactive: false }], expanded: false };
  }
  const p = parseExtended(c, cmd, objs);
  if ('error' in p) return { text: entryText(cmd), remark: false, inactive: false, elements: [], expanded: false };
  const a = p.ace;
  const expanded = named(a.proto) || named(a.src) || named(a.dst) || named(a.sport) || named(a.dport) || (!!a.icmp && 'group' in a.icmp);
  return { text: entryText(cmd, a), remark: false, inactive: a.inactive, elements: elementsOf(x, a, key, budget), expanded };
}

/** the packet filter's rules of an access-list, in order (none when it does not exist) */
export function aclRules(c: RunningConfig, name: string): AclRule[] {
  const out: AclRule[] = [];
  for (const e of shownEntries(c, name)) for (const el of e.elements) if (el.rule) out.push(el.rule);
  return out;
}
