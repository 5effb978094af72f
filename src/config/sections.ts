// What each section of `show running-config` prints, bound to its grammar entry (grammar/sections.ts
// holds the words and help): the full render and `show running-config SECTION [NAME]` are both made
// of these blocks, so the two can never disagree.
import { config as G } from '../../grammar/config.ts';
import { iface as IF } from '../../grammar/interface.ts';
import type { AnyDecl } from '../../grammar/syntax.ts';
import { section as S, verbatimSections, type SectionWords } from '../../grammar/sections.ts';
import { sectionRank } from '../../grammar/passthrough.ts';
import { commandText } from './command-text.ts';
import { defaultOf } from './defaults.ts';
import { configuredPrivileges, privLine, type Interface, type RunningConfig } from './model.ts';
import { ipToNum } from './ip.ts';
import {
  customDataLines, globalLine, groupPolicyBlock, interfaceBlock, ipv6PoolLine, poolLine, secret, tunnelGroupBlock,
  userBlock, webvpnBlock, type RenderOptions,
} from './render/blocks.ts';
import { aaaServerBlocks, ldapMapBlocks } from './render/aaa-server.ts';
import { loadBalancingBlock } from './render/load-balancing.ts';

/** one object's lines within a section; `name` is what `show running-config SECTION NAME` selects */
export interface Block { name?: string; lines: string[] }

export interface SectionEntry {
  words: SectionWords;
  /** names compare without case (interfaces) */
  foldCase?: boolean;
  /** printed after kept-verbatim lines of the same rank (`aaa`, `ssh` lines headend interprets) */
  late?: boolean;
  blocks(c: RunningConfig, o: RenderOptions): Block[];
}

const lines = (l: string[]): Block[] => (l.length ? [{ lines: l }] : []);

/** a global setting an ASA prints even when it is at its default: the set line, else the grammar's `dflt` */
const shownLine = (c: RunningConfig, d: typeof G.pager | typeof G.sshTimeout): string[] => {
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

const AAA = new Set<AnyDecl>([G.aaaAuthentication, G.aaaAuthorizationExec, G.aaaAuthorizationCommand, G.aaaMaxFail]);
const entry = (words: SectionWords, blocks: SectionEntry['blocks'], o: Pick<SectionEntry, 'foldCase' | 'late'> = {}): SectionEntry => ({ words, blocks, ...o });

/** in ASA's section order; each grammar section bound once (checked by src/bindings.ts) */
export const sections: SectionEntry[] = [
  entry(S.hostname, (c) => lines([`hostname ${c.hostname}`])),
  entry(S.domainName, (c) => lines(c.domainName ? [`domain-name ${c.domainName}`] : [])),
  entry(S.enable, (c) => lines(c.enable ? [`enable password ${secret(c.enable)}`] : [])),
  entry(S.ipPool, (c) => [...c.ipPools.values()].sort((a, b) => ipToNum(a.range.from) - ipToNum(b.range.from)).map((p) => ({ name: p.name, lines: [poolLine(p)] }))),
  entry(S.ipv6Pool, (c) => [...c.ipv6Pools.values()].map((p) => ({ name: p.name, lines: [ipv6PoolLine(p)] }))),
  entry(S.interface, (c) => [...c.interfaces.values()].map((i) => ({ name: i.hw, lines: interfaceBlock(i, isSwitchPort(c, i)) })), { foldCase: true }),
  entry(S.accessList, (c) => c.acl.all().map((l) => ({ name: l.name, lines: l.entries.map(commandText) }))),
  // ASA prints its pager line even at the default (`pager lines 24`)
  entry(S.pager, (c) => lines(shownLine(c, G.pager))),
  entry(S.ipv6Route, (c) => lines(c.ipv6Routes.map(commandText))),
  entry(S.aaaServer, (c) => aaaServerBlocks(c)),
  entry(S.aaa, (c) => lines(c.global.ordered().filter((x) => AAA.has(x.decl)).map(commandText)), { late: true }),
  // and its ssh timeout (`ssh timeout 5`)
  entry(S.ssh, (c) => lines([...c.sshRules.map(commandText), ...shownLine(c, G.sshTimeout), ...globalLine(c, G.sshVersion)]), { late: true }),
  entry(S.compression, (c) => lines(globalLine(c, G.compression))),
  entry(S.webvpn, (c, o) => lines(webvpnBlock(c, o))),
  entry(S.customData, (c) => lines(customDataLines(c))),
  entry(S.groupPolicy, (c, o) => [...c.groupPolicies.values()].map((g) => ({ name: g.name, lines: groupPolicyBlock(g, o) }))),
  entry(S.username, (c) => [...c.usernames.values()].map((u) => ({ name: u.name, lines: userBlock(u) }))),
  entry(S.tunnelGroup, (c) => [...c.tunnelGroups.values()].map((t) => ({ name: t.name, lines: tunnelGroupBlock(t) }))),
  entry(S.ldap, (c) => ldapMapBlocks(c)),
  entry(S.loadBalancing, (c, o) => lines(loadBalancingBlock(c, o))),
  entry(S.privilege, (c) => lines(configuredPrivileges(c).map(privLine))),
  // kept verbatim: their lines are the kept blocks of their rank (src/config/render.ts)
  ...verbatimSections.map((w) => entry(w, () => [])),
];

export const rankOf = (s: SectionEntry): number => sectionRank(s.words.words);

const byWords = new Map<SectionWords, SectionEntry>(sections.map((s) => [s.words, s]));

/** the render of a section the grammar names */
export function sectionEntry(w: SectionWords): SectionEntry | undefined {
  return byWords.get(w);
}
