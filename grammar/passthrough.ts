// Valid ASA top-level commands that headend does not interpret. They are kept verbatim, with their
// indented children, in their section's place, and rendered back unchanged. Only the words listed
// here pass: a misspelt command is still an error.
import { decl, text } from './syntax.ts';

/**
 * ASA's top-level words in its `show running-config` section order, as observed on 9.x (asa-cli.md
 * §5.2), each with what headend does with it: i interpreted (its own declarations), l kept verbatim
 * as a line, b kept verbatim as a block whose children may come unindented (`object network X` then
 * `host A`). Interpreted sections rank by the same table, so kept lines land between them where an
 * ASA puts them. This is the one list: the `p.line` syntax, the block openers and the ranks derive from it.
 */
const topLevel: [string, 'i' | 'l' | 'b'][] = [
  ['command-alias', 'l'], ['hostname', 'i'], ['domain-name', 'i'], ['enable', 'i'], ['xlate', 'l'],
  ['passwd', 'l'], ['names', 'l'], ['name', 'l'], ['mac-address', 'l'], ['ip local pool', 'i'],
  ['ipv6 local pool', 'i'], ['interface', 'i'], ['banner', 'l'], ['boot', 'l'], ['ftp', 'l'], ['clock', 'l'],
  ['dns', 'b'], ['same-security-traffic', 'l'], ['object', 'b'], ['object-group', 'b'], ['access-list', 'i'],
  ['pager', 'i'], ['logging', 'i'], ['mtu', 'i'], ['failover', 'b'], ['monitor-interface', 'l'], ['ip', 'i'],
  ['icmp', 'l'], ['asdm', 'l'], ['arp', 'l'], ['nat', 'l'], ['access-group', 'l'], ['router', 'b'],
  ['route', 'l'], ['ipv6 route', 'i'], ['ipv6', 'i'], ['timeout', 'l'], ['ldap', 'i'], ['dynamic-access-policy-record', 'b'],
  ['user-identity', 'l'], ['aaa-server', 'i'], ['aaa', 'i'], ['filter', 'l'], ['http', 'l'],
  ['snmp-server', 'l'], ['sysopt', 'l'], ['service', 'l'], ['crypto', 'b'], ['telnet', 'l'], ['ssh', 'i'],
  ['console', 'l'], ['vpn-addr-assign', 'l'], ['vpn-sessiondb', 'i'], ['dhcpd', 'l'], ['dhcprelay', 'l'], ['threat-detection', 'l'],
  ['ntp', 'l'], ['ssl', 'l'], ['tls-proxy', 'b'], ['compression', 'i'], ['webvpn', 'i'],
  ['anyconnect-custom-data', 'i'], ['group-policy', 'i'], ['username', 'i'], ['tunnel-group', 'i'],
  ['class-map', 'b'], ['policy-map', 'b'], ['service-policy', 'l'], ['prompt', 'l'], ['call-home', 'b'],
  ['license', 'b'], ['jumbo-frame', 'l'], ['firewall', 'l'], ['vpn load-balancing', 'i'], ['time-range', 'b'], ['regex', 'l'],
  ['tftp-server', 'l'], ['management-access', 'l'], ['sla', 'b'], ['track', 'l'],
  ['smtp-server', 'l'], ['auth-prompt', 'l'], ['group-delimiter', 'l'], ['vpdn', 'l'], ['priority-queue', 'b'],
  ['wccp', 'l'], ['scansafe', 'l'], ['flow-export', 'b'], ['quota', 'l'], ['multicast-routing', 'l'],
  ['virtual', 'l'], ['isakmp', 'l'], ['mac-list', 'l'], ['global', 'l'], ['static', 'l'], ['fixup', 'l'],
  ['url-server', 'l'], ['url-block', 'l'], ['established', 'l'], ['privilege', 'i'], ['ddns', 'l'],
  ['dynamic-filter', 'l'], ['eigrp', 'l'],
];

export const sectionOrder = topLevel.map(([w]) => w);
const verbatim = topLevel.filter(([, u]) => u !== 'i').map(([w]) => w);
/** first words whose unindented following lines are children (object network X / host A) */
export const blockOpeners = new Set(topLevel.filter(([, u]) => u === 'b').map(([w]) => w));

/** the render rank of a section key (`ip local pool`, `group-policy`, ...) */
export function sectionRank(key: string): number {
  const i = sectionOrder.indexOf(key);
  return i < 0 ? sectionOrder.length : i;
}

/** the rank of a kept-verbatim line, by its first two words or else its first */
export function lineRank(head: string): number {
  const w = head.replace(/^no\s+/, '').split(/\s+/);
  const two = `${w[0]} ${w[1] ?? ''}`.trim();
  const i = sectionOrder.indexOf(two);
  return i >= 0 ? i : sectionRank(w[0]);
}

/** the `logging` words headend keeps verbatim (grammar/logging.ts has the ones it interprets) */
const LOGGING_KEPT = ['asdm', 'asdm-buffer-size', 'class', 'debug-trace', 'device-id', 'emblem', 'facility', 'flash-bufferwrap',
  'flash-maximum-allocation', 'flash-minimum-free', 'from-address', 'ftp-bufferwrap', 'ftp-server', 'hide', 'history', 'host', 'list',
  'mail', 'message', 'monitor', 'permit-hostdown', 'queue', 'rate-limit', 'recipient-address', 'savelog', 'standby'];

export const passthrough = {
  line: decl({ kind: 'p.line', syntax: `{${verbatim.join(' | ')}} [TEXT]`, modes: ['config'], keepNo: true, key: 'TEXT', noUpTo: 1,
    enters: 'config-passthrough', args: { TEXT: text('Parameters') },
    help: Object.fromEntries(verbatim.map((w) => [w, `Configure ${w} (kept verbatim)`])) }),
  ip: decl({ kind: 'p.ip', syntax: 'ip {verify | audit | domain-name | name-server | dns | icmp | http | ssh | telnet} TEXT', modes: ['config'], keepNo: true, key: 'TEXT', noUpTo: 2,
    enters: 'config-passthrough', args: { TEXT: text('Parameters') },
    help: { verify: 'Configure IP verification (unicast reverse-path forwarding)', audit: 'Configure IDS auditing', 'domain-name': 'Define the default domain name',
      'name-server': 'Specify the address of a name server', dns: 'Configure DNS', icmp: 'Configure ICMP access rules', http: 'Configure HTTP', ssh: 'Configure SSH',
      telnet: 'Configure Telnet' } }),
  ipv6: decl({ kind: 'p.ipv6', syntax: 'ipv6 {icmp | access-list | nd | dhcp | unicast-routing | router | prefix-list} TEXT', modes: ['config'], keepNo: true, key: 'TEXT', noUpTo: 2,
    enters: 'config-passthrough', args: { TEXT: text('Parameters') },
    help: { icmp: 'Configure ICMPv6 access rules', 'access-list': 'Configure an IPv6 access control element', nd: 'Configure IPv6 neighbor discovery',
      dhcp: 'Configure IPv6 DHCP', 'unicast-routing': 'Enable forwarding of IPv6 unicast datagrams', router: 'Enable an IPv6 routing process',
      'prefix-list': 'Build an IPv6 prefix list' } }),
  aaa: decl({ kind: 'p.aaa', syntax: 'aaa {accounting | authorization | authentication | proxy-limit | mac-exempt} TEXT', modes: ['config'], keepNo: true, key: 'TEXT', noUpTo: 2,
    enters: 'config-passthrough', args: { TEXT: text('Parameters') },
    help: { accounting: 'Enable, disable, or view user accounting', authorization: 'Enable, disable, or view user authorization',
      authentication: 'Enable, disable, or view user authentication', 'proxy-limit': 'Configure number of concurrent proxy connections allowed per user',
      'mac-exempt': 'Exempt traffic from authentication and authorization based on MAC address' } }),
  ssh: decl({ kind: 'p.ssh', syntax: 'ssh {scopy | key-exchange | cipher | stricthostkeycheck | pubkey-chain | stack | quiet | notify} [TEXT]', modes: ['config'], keepNo: true, key: 'TEXT', noUpTo: 2,
    enters: 'config-passthrough', args: { TEXT: text('Parameters') },
    help: { scopy: 'Configure SSH secure copy server', 'key-exchange': 'Configure SSH key exchange', cipher: 'Configure SSH cipher encryption and integrity algorithms',
      stricthostkeycheck: 'Enable strict host key checking on SSH client', 'pubkey-chain': 'Configure SSH public key chain', stack: 'Configure SSH stack',
      quiet: 'Suppress SSH status messages', notify: 'Configure SSH notifications' } }),
  logging: decl({ kind: 'p.logging', syntax: `logging {${LOGGING_KEPT.join(' | ')}} [TEXT]`, modes: ['config'], keepNo: true, key: 'TEXT', noUpTo: 2,
    enters: 'config-passthrough', args: { TEXT: text('Parameters') },
    help: { logging: 'Configure logging levels, recipients and other options', ...Object.fromEntries(LOGGING_KEPT.map((w) => [w, `Configure logging ${w} (kept verbatim)`])) } }),
  cryptoKey: decl({ kind: 'p.crypto-key', syntax: 'crypto key {generate | zeroize | import | export} TEXT', modes: ['config'], no: false,
    args: { TEXT: text('Parameters') }, help: { crypto: 'Configure IPSec, ISAKMP, Certification authority, key', key: 'Manage key pairs (an action, not stored)',
      generate: 'Generate new key pairs', zeroize: 'Remove key pairs', import: 'Import a key pair', export: 'Export a key pair' } }),
};

export const passthroughDecls = Object.values(passthrough);
