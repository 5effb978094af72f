// What each section of `show running-config` prints, bound to its grammar entry (grammar/sections.ts
// holds the words and help): the full render and `show running-config SECTION [NAME]` are both made
// of these blocks, so the two can never disagree.
import { config as G } from '../../grammar/config.ts';
import type { AnyDecl } from '../../grammar/syntax.ts';
import { section as S, type SectionWords } from '../../grammar/sections.ts';
import { sectionRank } from '../../grammar/passthrough.ts';
import { commandText } from './command-text.ts';
import { configuredPrivileges, privLine, type RunningConfig } from './model.ts';
import { ipToNum } from './ip.ts';
import {
  customDataLines, globalLine, groupPolicyBlock, interfaceBlock, ipv6PoolLine, poolLine, secret, tunnelGroupBlock,
  userBlock, webvpnBlock, type RenderOptions,
} from './render/blocks.ts';

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
const AAA = new Set<AnyDecl>([G.aaaAuthentication, G.aaaAuthorizationExec, G.aaaAuthorizationCommand, G.aaaMaxFail]);
const entry = (words: SectionWords, blocks: SectionEntry['blocks'], o: Pick<SectionEntry, 'foldCase' | 'late'> = {}): SectionEntry => ({ words, blocks, ...o });

/** in ASA's section order; each grammar section bound once (checked by src/bindings.ts) */
export const sections: SectionEntry[] = [
  entry(S.hostname, (c) => lines([`hostname ${c.hostname}`])),
  entry(S.domainName, (c) => lines(c.domainName ? [`domain-name ${c.domainName}`] : [])),
  entry(S.enable, (c, o) => lines(c.enable ? [`enable password ${secret(c.enable, !!o.secrets)}`] : [])),
  entry(S.ipPool, (c) => [...c.ipPools.values()].sort((a, b) => ipToNum(a.range.from) - ipToNum(b.range.from)).map((p) => ({ name: p.name, lines: [poolLine(p)] }))),
  entry(S.ipv6Pool, (c) => [...c.ipv6Pools.values()].map((p) => ({ name: p.name, lines: [ipv6PoolLine(p)] }))),
  entry(S.interface, (c) => [...c.interfaces.values()].map((i) => ({ name: i.hw, lines: interfaceBlock(i) })), { foldCase: true }),
  entry(S.accessList, (c) => c.acl.map((x) => ({ name: String(x.args.NAME), lines: [commandText(x)] }))),
  entry(S.pager, (c) => lines(globalLine(c, G.pager))),
  entry(S.ipv6Route, (c) => lines(c.ipv6Routes.map(commandText))),
  entry(S.aaa, (c) => lines(c.global.ordered().filter((x) => AAA.has(x.decl)).map(commandText)), { late: true }),
  entry(S.ssh, (c) => lines([...c.sshRules.map(commandText), ...globalLine(c, G.sshTimeout), ...globalLine(c, G.sshVersion)]), { late: true }),
  entry(S.compression, (c) => lines(globalLine(c, G.compression))),
  entry(S.webvpn, (c, o) => lines(webvpnBlock(c, o))),
  entry(S.customData, (c) => lines(customDataLines(c))),
  entry(S.groupPolicy, (c, o) => [...c.groupPolicies.values()].map((g) => ({ name: g.name, lines: groupPolicyBlock(g, o) }))),
  entry(S.username, (c, o) => [...c.usernames.values()].map((u) => ({ name: u.name, lines: userBlock(u, o) }))),
  entry(S.tunnelGroup, (c) => [...c.tunnelGroups.values()].map((t) => ({ name: t.name, lines: tunnelGroupBlock(t) }))),
  entry(S.privilege, (c) => lines(configuredPrivileges(c).map(privLine))),
];

export const rankOf = (s: SectionEntry): number => sectionRank(s.words.words);

const byWords = new Map<SectionWords, SectionEntry>(sections.map((s) => [s.words, s]));

/** the render of a section the grammar names */
export function sectionEntry(w: SectionWords): SectionEntry | undefined {
  return byWords.get(w);
}
