// The sections of `show running-config`, one entry each: the words that select it, their help, its
// rank in ASA's section order, and its blocks. The entries generate the `show running-config [all]
// [SECTION [NAME]]` syntax and help (grammar/exec.ts), the full render, and `show running-config
// SECTION [NAME]`, so the two renders can never disagree. A new section is one entry here.
import { config as G } from '../../grammar/config.ts';
import { name, type ArgSpec, type NameSource } from '../../grammar/syntax.ts';
import { sectionRank } from '../../grammar/passthrough.ts';
import { commandText } from './command-text.ts';
import type { RunningConfig } from './model.ts';
import { ipToNum } from './ip.ts';
import {
  customDataLines, globalLine, groupPolicyBlock, interfaceBlock, ipv6PoolLine, poolLine, secret, tunnelGroupBlock,
  userBlock, webvpnBlock, type RenderOptions,
} from './render/blocks.ts';

/** one object's lines within a section; `name` is what `show running-config SECTION NAME` selects */
export interface Block { name?: string; lines: string[] }

export interface SectionEntry {
  /** the words after `show running-config` */
  words: string;
  /** help of each of those words */
  help: Record<string, string>;
  /** takes an optional NAME: where `?` and Tab find the configured names */
  named?: NameSource;
  /** names compare without case (interfaces) */
  foldCase?: boolean;
  /** listed in the full config only, not selectable (ASA has no `show running-config domain-name`) */
  hidden?: boolean;
  /** printed after kept-verbatim lines of the same rank (`aaa`, `ssh` lines headend interprets) */
  late?: boolean;
  blocks(c: RunningConfig, o: RenderOptions): Block[];
}

const lines = (l: string[]): Block[] => (l.length ? [{ lines: l }] : []);

export const sections: SectionEntry[] = [
  { words: 'hostname', help: { hostname: 'Show hostname configuration' }, blocks: (c) => lines([`hostname ${c.hostname}`]) },
  { words: 'domain-name', help: { 'domain-name': 'Show domain-name configuration' }, hidden: true,
    blocks: (c) => lines(c.domainName ? [`domain-name ${c.domainName}`] : []) },
  { words: 'enable', help: { enable: 'Show enable password configuration' },
    blocks: (c, o) => lines(c.enable ? [`enable password ${secret(c.enable, !!o.secrets)}`] : []) },
  { words: 'ip local pool', help: { ip: 'Show ip configuration', local: 'Show local address pools', pool: 'Show local address pools' }, named: 'ip-pool',
    blocks: (c) => [...c.ipPools.values()].sort((a, b) => ipToNum(a.range.from) - ipToNum(b.range.from)).map((p) => ({ name: p.name, lines: [poolLine(p)] })) },
  { words: 'ipv6 local pool', help: { ipv6: 'Show ipv6 configuration', local: 'Show local address pools', pool: 'Show local address pools' }, named: 'ipv6-pool',
    blocks: (c) => [...c.ipv6Pools.values()].map((p) => ({ name: p.name, lines: [ipv6PoolLine(p)] })) },
  { words: 'interface', help: { interface: 'Show interface configuration' }, named: 'interface-name', foldCase: true,
    blocks: (c) => [...c.interfaces.values()].map((i) => ({ name: i.hw, lines: interfaceBlock(i) })) },
  { words: 'access-list', help: { 'access-list': 'Show access-list configuration' }, named: 'access-list',
    blocks: (c) => c.acl.map((x) => ({ name: String(x.args.NAME), lines: [commandText(x)] })) },
  { words: 'pager', help: { pager: 'Show pager configuration' }, blocks: (c) => lines(globalLine(c, G.pager)) },
  { words: 'ipv6 route', help: { ipv6: 'Show ipv6 configuration', route: 'Show ipv6 routes' }, blocks: (c) => lines(c.ipv6Routes.map(commandText)) },
  { words: 'aaa', help: { aaa: 'Show aaa configuration' }, late: true,
    blocks: (c) => lines(c.global.ordered().filter((x) => x.kind.startsWith('g.aaa')).map(commandText)) },
  { words: 'ssh', help: { ssh: 'Show ssh configuration' }, late: true,
    blocks: (c) => lines([...c.sshRules.map(commandText), ...globalLine(c, G.sshTimeout), ...globalLine(c, G.sshVersion)]) },
  { words: 'compression', help: { compression: 'Show compression configuration' }, blocks: (c) => lines(globalLine(c, G.compression)) },
  { words: 'webvpn', help: { webvpn: 'Show webvpn configuration' }, blocks: (c, o) => lines(webvpnBlock(c, o)) },
  { words: 'anyconnect-custom-data', help: { 'anyconnect-custom-data': 'Show AnyConnect custom attribute data' }, blocks: (c) => lines(customDataLines(c)) },
  { words: 'group-policy', help: { 'group-policy': 'Show group-policy configuration' }, named: 'group-policy',
    blocks: (c, o) => [...c.groupPolicies.values()].map((g) => ({ name: g.name, lines: groupPolicyBlock(g, o) })) },
  { words: 'username', help: { username: 'Show the local user database' }, named: 'username',
    blocks: (c, o) => [...c.usernames.values()].map((u) => ({ name: u.name, lines: userBlock(u, o) })) },
  { words: 'tunnel-group', help: { 'tunnel-group': 'Show tunnel-group configuration' }, named: 'tunnel-group',
    blocks: (c) => [...c.tunnelGroups.values()].map((t) => ({ name: t.name, lines: tunnelGroupBlock(t) })) },
];

export const rankOf = (s: SectionEntry): number => sectionRank(s.words);

/** the argument that carries a section's NAME: its own, so `?` and Tab offer that section's names */
export const nameArg = (s: SectionEntry): string => s.words.toUpperCase().replace(/[^A-Z0-9]+/g, '_');

/** `{webvpn | group-policy [GROUP_POLICY] | ...}` for the show-run declaration */
export function sectionSyntax(): string {
  return `{${sections.filter((s) => !s.hidden).map((s) => (s.named ? `${s.words} [${nameArg(s)}]` : s.words)).join(' | ')}}`;
}

export function sectionArgs(): Record<string, ArgSpec<string>> {
  return Object.fromEntries(sections.filter((s) => s.named && !s.hidden).map((s) => [nameArg(s), name(`Name of the ${s.words}`, s.named)]));
}

export function sectionHelp(): Record<string, string> {
  return Object.assign({}, ...sections.filter((s) => !s.hidden).map((s) => s.help));
}

/** the entry a matched `show running-config …` names: the longest whose words all appear in order */
export function sectionFor(has: (word: string) => boolean): SectionEntry | undefined {
  let best: SectionEntry | undefined;
  for (const s of sections) {
    if (s.hidden) continue;
    const words = s.words.split(' ');
    if (words.every(has) && (!best || words.length > best.words.split(' ').length)) best = s;
  }
  return best;
}
