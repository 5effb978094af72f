// The sections of `show running-config`, one entry each: the words that select it, their help, and
// what it prints. The entries generate the show-run declaration's syntax and help (grammar/sections.ts,
// used by grammar/exec.ts), the lookup of `show running-config SECTION [NAME]`, and both the full
// render and the per-section one (render.ts), so none of these can disagree. A new section is one
// entry here plus its model. This module must not import grammar/registry.ts or grammar/matcher.ts:
// the grammar imports it back (test/architecture/sections.test.ts).
import { config as G } from '../../grammar/config.ts';
import { iface as IF } from '../../grammar/interface.ts';
import type { AnyDecl, NameSource } from '../../grammar/syntax.ts';
import { passthrough, sectionRank } from '../../grammar/passthrough.ts';
import { commandText } from './command-text.ts';
import { argDefault, defaultOf } from './defaults.ts';
import { configuredPrivileges, privLine, type Interface, type RunningConfig, type Secret } from './model.ts';
import { ipToNum } from './ip.ts';
import { loggingLines } from './logging.ts';
import {
  customDataLines, globalLine, groupPolicyBlock, interfaceBlock, ipv6PoolLine, lineOf, poolLine, tunnelGroupBlock,
  userBlock, webvpnBlock, type RenderOptions,
} from './render/blocks.ts';
import { aaaServerBlocks, ldapMapBlocks } from './render/aaa-server.ts';
import { loadBalancingBlock } from './render/load-balancing.ts';
import { vpnSessiondb as VS } from '../../grammar/vpn-sessiondb.ts';

/** one object's lines within a section; `name` is what `show running-config SECTION NAME` selects */
export interface Block { name?: string; lines: string[] }

export interface SectionEntry {
  /** the words after `show running-config`, also the section's rank key in ASA's order */
  words: string;
  /** help of each of those words */
  help: Record<string, string>;
  /** takes an optional name: where `?` and Tab find the configured ones */
  named?: NameSource;
  /** names compare without case (interfaces) */
  foldCase?: boolean;
  /** listed in the full config only, not selectable (ASA has no `show running-config domain-name`) */
  hidden?: boolean;
  /** a kept-verbatim section: optional further words select the blocks whose head starts with them
   * (`show running-config crypto map`, `show running-config object network`) */
  verbatim?: boolean;
  /** printed after kept-verbatim lines of the same rank (`aaa`, `ssh` lines headend interprets) */
  late?: boolean;
  blocks(c: RunningConfig, o: RenderOptions): Block[];
}

const lines = (l: string[]): Block[] => (l.length ? [{ lines: l }] : []);

/** a global setting an ASA prints even when it is at its default: the set line, else the grammar's `dflt` */
const shownLine = (c: RunningConfig, d: typeof G.pager | typeof G.sshTimeout | typeof VS.maxAnyconnect | typeof VS.maxOther): string[] => {
  const l = globalLine(c, d);
  return l.length ? l : [commandText(defaultOf(d))];
};

/**
 * an ASA 5505-style switch port (a `switchport` line, or an `EthernetN/M` port beside `Vlan`
 * interfaces) has no layer-3 lines at all: no ` no nameif` / ` no ip address` defaults
 */
function isSwitchPort(c: RunningConfig, i: Interface): boolean {
  if (i.attrs.ordered().some((x) => x.decl === IF.other && x.kws.has('switchport'))) return true;
  return /^Ethernet\d+\/\d+$/i.test(i.hw) && [...c.interfaces.keys()].some((k) => /^vlan\d+$/i.test(k));
}

/** the enable line takes a hash as pbkdf2 or encrypted only (an NT hash is a user's, never enable's) */
const enableLine = (s: Secret): string => lineOf(G.enablePassword, { PW: s.hash }, s.form === 'nt-encrypted' ? [] : [s.form]);

/** `mtu NAME N` for every named interface, in interface order: its set value, else the grammar's default */
function mtuLines(c: RunningConfig): string[] {
  const out: string[] = [];
  for (const i of c.interfaces.values()) {
    const n = i.attrs.get(IF.nameif);
    if (!n || n.no) continue;
    const name: string = n.args.NAME;
    const set = c.global.get(`${G.mtu.kind}\u0000${name.toLowerCase()}`);
    out.push(lineOf(G.mtu, { IFNAME: name, BYTES: (set?.args.BYTES as number | undefined) ?? argDefault(G.mtu, 'BYTES') }));
  }
  return out;
}

const AAA = new Set<AnyDecl>([G.aaaAuthentication, G.aaaAuthorizationExec, G.aaaAuthorizationCommand, G.aaaMaxFail]);

/** in ASA's section order */
const interpreted: SectionEntry[] = [
  { words: 'hostname', help: { hostname: 'Show hostname configuration' }, blocks: (c) => lines([lineOf(G.hostname, { NAME: c.hostname })]) },
  { words: 'domain-name', help: { 'domain-name': 'Show domain-name configuration' }, hidden: true,
    blocks: (c) => lines(c.domainName ? [lineOf(G.domainName, { NAME: c.domainName })] : []) },
  { words: 'enable', help: { enable: 'Show enable password configuration' }, blocks: (c) => lines(c.enable ? [enableLine(c.enable)] : []) },
  { words: 'ip local pool', help: { ip: 'Show ip configuration', local: 'Show local address pools', pool: 'Show local address pools' }, named: 'ip-pool',
    blocks: (c) => [...c.ipPools.values()].sort((a, b) => ipToNum(a.range.from) - ipToNum(b.range.from)).map((p) => ({ name: p.name, lines: [poolLine(p)] })) },
  { words: 'ipv6 local pool', help: { ipv6: 'Show ipv6 configuration', local: 'Show local address pools', pool: 'Show local address pools' }, named: 'ipv6-pool',
    blocks: (c) => [...c.ipv6Pools.values()].map((p) => ({ name: p.name, lines: [ipv6PoolLine(p)] })) },
  { words: 'interface', help: { interface: 'Show interface configuration' }, named: 'interface-name', foldCase: true,
    blocks: (c) => [...c.interfaces.values()].map((i) => ({ name: i.hw, lines: interfaceBlock(i, isSwitchPort(c, i)) })) },
  { words: 'access-list', help: { 'access-list': 'Show access-list configuration' }, named: 'access-list',
    blocks: (c) => c.acl.all().map((l) => ({ name: l.name, lines: l.entries.map(commandText) })) },
  // ASA prints its pager line even at the default (`pager lines 24`)
  { words: 'pager', help: { pager: 'Show pager configuration' }, blocks: (c) => lines(shownLine(c, G.pager)) },
  // the interpreted `logging` lines; the kept-verbatim ones (asdm, host, class, ...) follow them
  { words: 'logging', help: { logging: 'Show logging configuration' }, blocks: (c) => lines(loggingLines(c)) },
  { words: 'mtu', help: { mtu: 'Show configured MTU' }, blocks: (c) => lines(mtuLines(c)) },
  { words: 'ipv6 route', help: { ipv6: 'Show ipv6 configuration', route: 'Show ipv6 routes' }, blocks: (c) => lines(c.ipv6Routes.map(commandText)) },
  { words: 'aaa-server', help: { 'aaa-server': 'Show aaa-server configuration' }, named: 'aaa-server', blocks: (c) => aaaServerBlocks(c) },
  { words: 'aaa', help: { aaa: 'Show aaa configuration' }, late: true,
    blocks: (c) => lines(c.global.ordered().filter((x) => AAA.has(x.decl)).map(commandText)) },
  // and its ssh timeout (`ssh timeout 5`)
  { words: 'ssh', help: { ssh: 'Show ssh configuration' }, late: true,
    blocks: (c) => lines([...c.sshRules.map(commandText), ...shownLine(c, G.sshTimeout), ...globalLine(c, G.sshVersion)]) },
  // the session limits, after the other global VPN lines (vpn-addr-assign); under `all` at the platform's limit
  { words: 'vpn-sessiondb', help: { 'vpn-sessiondb': 'Show vpn-sessiondb configuration' },
    blocks: (c, o) => lines([VS.maxAnyconnect, VS.maxOther].flatMap((d) => (o.all ? shownLine(c, d) : globalLine(c, d)))) },
  { words: 'compression', help: { compression: 'Show compression configuration' }, blocks: (c) => lines(globalLine(c, G.compression)) },
  { words: 'webvpn', help: { webvpn: 'Show webvpn configuration' }, blocks: (c, o) => lines(webvpnBlock(c, o)) },
  { words: 'anyconnect-custom-data', help: { 'anyconnect-custom-data': 'Show AnyConnect custom attribute data' }, blocks: (c) => lines(customDataLines(c)) },
  { words: 'group-policy', help: { 'group-policy': 'Show group-policy configuration' }, named: 'group-policy',
    blocks: (c, o) => [...c.groupPolicies.values()].map((g) => ({ name: g.name, lines: groupPolicyBlock(g, o) })) },
  { words: 'username', help: { username: 'Show the local user database' }, named: 'username',
    blocks: (c) => [...c.usernames.values()].map((u) => ({ name: u.name, lines: userBlock(u) })) },
  { words: 'ldap', help: { ldap: 'Show LDAP configuration' }, blocks: (c) => ldapMapBlocks(c) },
  { words: 'vpn load-balancing', help: { vpn: 'Show VPN configuration', 'load-balancing': 'Show VPN load-balancing configuration' },
    blocks: (c, o) => lines(loadBalancingBlock(c, o)) },
  { words: 'tunnel-group', help: { 'tunnel-group': 'Show tunnel-group configuration' }, named: 'tunnel-group',
    blocks: (c) => [...c.tunnelGroups.values()].map((t) => ({ name: t.name, lines: tunnelGroupBlock(t) })) },
  // selected by its own declaration (exec.showRunPrivilege: `privilege [all | level N | command CMD]`)
  { words: 'privilege', help: { privilege: 'Show privilege level configuration' }, hidden: true,
    blocks: (c) => lines(configuredPrivileges(c).map(privLine)) },
];

// ASA's own help for some of the kept-verbatim sections of `show running-config ?`; the others read
// "Show WORD configuration"
const verbatimHelp: Record<string, string> = {
  'access-group': 'Show access group', crypto: 'Show crypto configuration',
  object: 'Show configured objects', 'object-group': 'Show configured object groups', route: 'Show configured routes',
  nat: 'Show NAT configuration', logging: 'Show logging configuration', http: 'Show http configuration', dns: 'Show DNS configuration',
  ntp: 'Show NTP configuration', 'snmp-server': 'Show snmp-server configuration', 'class-map': 'Show configured class-map',
  'policy-map': 'Show configured policy-map', 'service-policy': 'Show configured service-policy', mtu: 'Show configured MTU',
  timeout: 'Show timeout configuration', names: 'Show configured names', name: 'Show configured names',
};

/** every top-level word headend keeps verbatim (grammar/passthrough.ts) is a section too; its lines
 * are the kept blocks of its rank (render.ts) */
const verbatimSections: SectionEntry[] = Object.keys(passthrough.line.help).map((w) => ({
  words: w, help: { [w]: verbatimHelp[w] ?? `Show ${w} configuration` }, verbatim: true, blocks: () => [],
}));

export const sections: SectionEntry[] = [...interpreted, ...verbatimSections];

export const rankOf = (s: SectionEntry): number => sectionRank(s.words);
