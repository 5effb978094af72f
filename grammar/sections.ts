// The sections `show running-config` can be asked for, with the help of their words, in one table:
// it generates the show-run declaration's syntax and help (exec.ts). What each section prints is
// bound to its entry, by reference, in src/config/sections.ts (checked complete at start-up).
import { name, text, type ArgSpec, type NameSource } from './syntax.ts';
import { passthrough } from './passthrough.ts';

export interface SectionWords {
  /** the words after `show running-config`, also the section's rank key in ASA's order */
  words: string;
  /** help of each of those words */
  help: Record<string, string>;
  /** takes an optional name: where `?` and Tab find the configured ones */
  named?: NameSource;
  /** listed in the full config only, not selectable (ASA has no `show running-config domain-name`) */
  hidden?: boolean;
  /** a kept-verbatim section: optional further words select the blocks whose head starts with them
   * (`show running-config crypto map`, `show running-config object network`) */
  verbatim?: boolean;
}

export const section = {
  hostname: { words: 'hostname', help: { hostname: 'Show hostname configuration' } },
  domainName: { words: 'domain-name', help: { 'domain-name': 'Show domain-name configuration' }, hidden: true },
  enable: { words: 'enable', help: { enable: 'Show enable password configuration' } },
  ipPool: { words: 'ip local pool', help: { ip: 'Show ip configuration', local: 'Show local address pools', pool: 'Show local address pools' }, named: 'ip-pool' },
  ipv6Pool: { words: 'ipv6 local pool', help: { ipv6: 'Show ipv6 configuration', local: 'Show local address pools', pool: 'Show local address pools' }, named: 'ipv6-pool' },
  interface: { words: 'interface', help: { interface: 'Show interface configuration' }, named: 'interface-name' },
  accessList: { words: 'access-list', help: { 'access-list': 'Show access-list configuration' }, named: 'access-list' },
  pager: { words: 'pager', help: { pager: 'Show pager configuration' } },
  ipv6Route: { words: 'ipv6 route', help: { ipv6: 'Show ipv6 configuration', route: 'Show ipv6 routes' } },
  aaaServer: { words: 'aaa-server', help: { 'aaa-server': 'Show aaa-server configuration' }, named: 'aaa-server' },
  aaa: { words: 'aaa', help: { aaa: 'Show aaa configuration' } },
  ssh: { words: 'ssh', help: { ssh: 'Show ssh configuration' } },
  compression: { words: 'compression', help: { compression: 'Show compression configuration' } },
  webvpn: { words: 'webvpn', help: { webvpn: 'Show webvpn configuration' } },
  customData: { words: 'anyconnect-custom-data', help: { 'anyconnect-custom-data': 'Show AnyConnect custom attribute data' } },
  groupPolicy: { words: 'group-policy', help: { 'group-policy': 'Show group-policy configuration' }, named: 'group-policy' },
  username: { words: 'username', help: { username: 'Show the local user database' }, named: 'username' },
  ldap: { words: 'ldap', help: { ldap: 'Show LDAP configuration' } },
  loadBalancing: { words: 'vpn load-balancing', help: { vpn: 'Show VPN configuration', 'load-balancing': 'Show VPN load-balancing configuration' } },
  tunnelGroup: { words: 'tunnel-group', help: { 'tunnel-group': 'Show tunnel-group configuration' }, named: 'tunnel-group' },
  // selected by its own declaration (exec.showRunPrivilege: `privilege [all | level N | command CMD]`)
  privilege: { words: 'privilege', help: { privilege: 'Show privilege level configuration' }, hidden: true },
} satisfies Record<string, SectionWords>;

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

/** every top-level word headend keeps verbatim (grammar/passthrough.ts) is a section too */
export const verbatimSections: SectionWords[] = Object.keys(passthrough.line.help).map((w) => ({
  words: w, help: { [w]: verbatimHelp[w] ?? `Show ${w} configuration` }, verbatim: true,
}));

export const sectionList: SectionWords[] = [...Object.values(section), ...verbatimSections];

/** the argument that carries a section's name: its own, so `?` and Tab offer that section's names */
export const nameArg = (s: SectionWords): string => s.words.toUpperCase().replace(/[^A-Z0-9]+/g, '_');

const selectable = sectionList.filter((s) => !s.hidden);

/** `{webvpn | group-policy [GROUP_POLICY] | ...}` for the show-run declaration */
export const sectionSyntax = `{${selectable.map((s) => (s.named || s.verbatim ? `${s.words} [${nameArg(s)}]` : s.words)).join(' | ')}}`;

export const sectionArgs: Record<string, ArgSpec<string>> = Object.fromEntries(selectable.flatMap((s) => (
  s.named ? [[nameArg(s), name(`Name of the ${s.words}`, s.named)]]
    : s.verbatim ? [[nameArg(s), text(`Show only the ${s.words} commands that start with these words`)]] : [])));

export const sectionHelp: Record<string, string> = Object.assign({}, ...selectable.map((s) => s.help));

/** the entry a matched `show running-config …` names: the longest whose words it has */
export function sectionFor(has: (word: string) => boolean): SectionWords | undefined {
  let best: SectionWords | undefined;
  for (const s of selectable) {
    const words = s.words.split(' ');
    if (words.every(has) && (!best || words.length > best.words.split(' ').length)) best = s;
  }
  return best;
}
