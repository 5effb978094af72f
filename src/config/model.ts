// The typed running-config. Attribute blocks (interface, webvpn, group-policy, tunnel-group,
// username) hold the parsed commands themselves, one per slot, so that `show running-config`
// renders each from its declaration and the gateway reads typed arguments.
import type { Command, CommandOf } from '../../grammar/matcher.ts';
import type { AnyDecl, IpRange, V6Prefix } from '../../grammar/syntax.ts';
import { config as G } from '../../grammar/config.ts';
import { argDefault } from './defaults.ts';
import { commandFor } from '../../grammar/threads.ts';
import { commandText } from './command-text.ts';
import { AccessLists } from './acl-store.ts';

const slotKey = (x: string | AnyDecl): string => (typeof x === 'string' ? x : x.kind);

export class Attrs {
  private readonly slots = new Map<string, { cmd: Command; seq: number }>();
  private seq = 0;
  /** the command in a single-slot attribute (slot = kind); given its declaration, typed */
  get<D extends AnyDecl>(d: D): CommandOf<D> | undefined;
  get(slot: string): Command | undefined;
  get(slot: string | AnyDecl): Command | undefined {
    return this.slots.get(slotKey(slot))?.cmd;
  }
  set(slot: string, cmd: Command): void {
    const old = this.slots.get(slot);
    this.slots.set(slot, { cmd, seq: old ? old.seq : this.seq++ });
  }
  delete(slot: string | AnyDecl): boolean { return this.slots.delete(slotKey(slot)); }
  has(slot: string | AnyDecl): boolean { return this.slots.has(slotKey(slot)); }
  /** all of one declaration (or kind), in the order they were entered */
  all<D extends AnyDecl>(d: D): CommandOf<D>[];
  all(kind: string): Command[];
  all(d: string | AnyDecl): Command[] {
    const kind = slotKey(d);
    return [...this.slots.values()].filter((s) => s.cmd.kind === kind).sort((a, b) => a.seq - b.seq).map((s) => s.cmd);
  }
  slotsOf(d: string | AnyDecl): string[] {
    const kind = slotKey(d);
    return [...this.slots.entries()].filter(([, s]) => s.cmd.kind === kind).map(([k]) => k);
  }
  /** render order: the grammar's declaration order, then entry order */
  ordered(): Command[] {
    return [...this.slots.values()].sort((a, b) => a.cmd.decl.order - b.cmd.decl.order || a.seq - b.seq).map((s) => s.cmd);
  }
  get size(): number { return this.slots.size; }
  clear(): void { this.slots.clear(); }
}

/** repeatable whole lines (access-list entries, ssh rules, routes): entry order, no duplicates */
export class Lines {
  private readonly m = new Map<string, Command>();
  add(text: string, cmd: Command): boolean {
    if (this.m.has(text)) return false;
    this.m.set(text, cmd);
    return true;
  }
  remove(text: string): boolean { return this.m.delete(text); }
  removeWhere(pred: (c: Command) => boolean): void { for (const [k, c] of this.m) if (pred(c)) this.m.delete(k); }
  map<T>(fn: (c: Command) => T): T[] { return [...this.m.values()].map(fn); }
  /** the lines of one declaration, typed */
  of<D extends AnyDecl>(d: D): CommandOf<D>[] {
    return [...this.m.values()].filter((c): c is Command & CommandOf<D> => c.decl === d);
  }
  filter(fn: (c: Command) => boolean): Command[] { return [...this.m.values()].filter(fn); }
  [Symbol.iterator](): IterableIterator<Command> { return this.m.values(); }
  get length(): number { return this.m.size; }
}

export interface Secret { hash: string; form: 'pbkdf2' | 'encrypted' | 'nt-encrypted' }

export interface Interface { hw: string; attrs: Attrs }
export interface IpPool { name: string; range: IpRange; mask?: string }
export interface Ipv6Pool { name: string; prefix: V6Prefix; count: number }

export interface GroupPolicy {
  name: string;
  kind: 'internal' | 'external';
  /** the `group-policy NAME internal|external …` line as entered */
  create?: Command;
  attrs: Attrs;
  webvpn: Attrs;
  /** a webvpn sub-block was opened (ASA prints an empty ` webvpn` then) */
  webvpnOpened: boolean;
  attributesOpened: boolean;
}

export interface TunnelGroup {
  name: string;
  type?: 'remote-access' | 'ipsec-l2l' | 'webvpn';
  general: Attrs;
  webvpn: Attrs;
  ipsec: Attrs;
  ppp: Attrs;
  opened: Set<'general' | 'webvpn' | 'ipsec' | 'ppp'>;
}

export interface User {
  name: string;
  password: Secret | 'nopassword';
  privilege?: number;
  attrs: Attrs;
  webvpn: Attrs;
  attributesOpened: boolean;
  webvpnOpened: boolean;
}

/** `aaa-server NAME (IFNAME) host ADDR` and its `(config-aaa-server-host)#` attributes (key, ports, ...) */
export interface AaaHost { addr: string; ifc?: string; attrs: Attrs }

/** `aaa-server NAME protocol P`: its `(config-aaa-server-group)#` attributes and its hosts, in entry order */
export interface AaaServerGroup { name: string; protocol: string; create: Command; attrs: Attrs; hosts: Map<string, AaaHost> }

/** `ldap attribute-map NAME`: its map-name and map-value lines */
export interface LdapMap { name: string; attrs: Attrs }

/** the frame target of a host's sub-mode */
export const hostTarget = (group: string, addr: string): string => `${group}\u0000${addr.toLowerCase()}`;

/** one `privilege {show | clear | cmd} level L [mode {enable | cmd}] command CMD` line */
export interface PrivEntry { variant: 'show' | 'clear' | 'cmd'; level: number; mode?: 'enable' | 'cmd'; command: string }

/** a kept-verbatim top-level command and its children (indented one space per level) */
export interface PassBlock { rank: number; seq: number; head: string; children: string[] }

export interface RunningConfig {
  hostname: string;
  domainName?: string;
  enable?: Secret;
  interfaces: Map<string, Interface>;
  ipPools: Map<string, IpPool>;
  ipv6Pools: Map<string, Ipv6Pool>;
  /** access-lists by name in creation order, each with its entries in order */
  acl: AccessLists;
  /** `ipv6 route`, `ssh` rules and other repeatable global lines */
  ipv6Routes: Lines;
  sshRules: Lines;
  /** single-slot global settings: ssh timeout, aaa, compression, pager, ... */
  global: Attrs;
  webvpn: Attrs;
  webvpnOpened: boolean;
  cache: Attrs | null;
  customData: Map<string, Map<string, string[]>>;
  groupPolicies: Map<string, GroupPolicy>;
  usernames: Map<string, User>;
  tunnelGroups: Map<string, TunnelGroup>;
  /** the command privilege table, keyed by form, mode and command (src/shell/authorize.ts) */
  privileges: Map<string, PrivEntry>;
  aaaServers: Map<string, AaaServerGroup>;
  ldapMaps: Map<string, LdapMap>;
  /** `vpn load-balancing` and its lines; null when never entered */
  loadBalancing: Attrs | null;
  /** by head line, in entry order */
  passthrough: Map<string, PassBlock>;
  passSeq: number;
  /** pools sorted by first address, for overlap checks */
  poolIndex: { from: number; to: number; name: string }[];
}

export const BUILTIN_GP = 'DfltGrpPolicy';
export const BUILTIN_TGS = ['DefaultL2LGroup', 'DefaultRAGroup', 'DefaultWEBVPNGroup'];

export function newGroupPolicy(name: string): GroupPolicy {
  return { name, kind: 'internal', attrs: new Attrs(), webvpn: new Attrs(), webvpnOpened: false, attributesOpened: false };
}

export function newTunnelGroup(name: string, type?: TunnelGroup['type']): TunnelGroup {
  return { name, type, general: new Attrs(), webvpn: new Attrs(), ipsec: new Attrs(), ppp: new Attrs(), opened: new Set() };
}

export function emptyConfig(): RunningConfig {
  const c: RunningConfig = {
    hostname: argDefault(G.hostname, 'NAME'),
    interfaces: new Map(), ipPools: new Map(), ipv6Pools: new Map(), acl: new AccessLists(), ipv6Routes: new Lines(), sshRules: new Lines(), poolIndex: [],
    global: new Attrs(), webvpn: new Attrs(), webvpnOpened: false, cache: null, customData: new Map(),
    groupPolicies: new Map(), usernames: new Map(), tunnelGroups: new Map(), passthrough: new Map(), passSeq: 0, privileges: new Map(),
    aaaServers: new Map(), ldapMaps: new Map(), loadBalancing: null,
  };
  c.groupPolicies.set(BUILTIN_GP, newGroupPolicy(BUILTIN_GP));
  c.tunnelGroups.set('DefaultL2LGroup', newTunnelGroup('DefaultL2LGroup', 'ipsec-l2l'));
  c.tunnelGroups.set('DefaultRAGroup', newTunnelGroup('DefaultRAGroup', 'remote-access'));
  c.tunnelGroups.set('DefaultWEBVPNGroup', newTunnelGroup('DefaultWEBVPNGroup', 'webvpn'));
  return c;
}

export function slotOf(cmd: Command): string {
  const key = cmd.decl.key;
  if (!key) return cmd.kind;
  const v = cmd.args[key];
  const s = typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v ?? '');
  return `${cmd.kind}\u0000${key === 'NAME' || key === 'IFNAME' || key === 'ALIAS' || key === 'TYPE' ? s.toLowerCase() : s}`;
}

/** the slot of a privilege entry: one per form, mode and command */
export const privKey = (e: Pick<PrivEntry, 'variant' | 'mode' | 'command'>): string => `${e.variant}\u0000${e.mode ?? ''}\u0000${e.command}`;

/** a privilege entry as `show running-config` prints it */
export function privLine(e: PrivEntry): string {
  const cmd = commandFor(G.privilege, { LEVEL: e.level, CMD: e.command }, e.mode ? [e.variant, 'mode', e.mode] : [e.variant]);
  if (!cmd) throw new Error(`g.privilege: no line for ${JSON.stringify(e)}`);
  return commandText(cmd);
}

const variantOrder: PrivEntry['variant'][] = ['show', 'clear', 'cmd'];
const modeRank = (e: { mode?: PrivEntry['mode'] }) => (e.mode === undefined ? 0 : e.mode === 'enable' ? 1 : 2);

/** ASA's order: by command, then show, clear, cmd, then no mode, enable, cmd */
export function sortPrivileges<T extends { command: string; variant: PrivEntry['variant']; mode?: PrivEntry['mode'] }>(rows: T[]): T[] {
  return rows.sort((a, b) => (a.command < b.command ? -1 : a.command > b.command ? 1
    : variantOrder.indexOf(a.variant) - variantOrder.indexOf(b.variant) || modeRank(a) - modeRank(b)));
}

/** the configured privilege entries, in that order */
export const configuredPrivileges = (c: RunningConfig): PrivEntry[] => sortPrivileges([...c.privileges.values()]);
