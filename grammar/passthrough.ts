// Valid ASA top-level commands that headend does not interpret. They are kept verbatim, with their
// indented children, in their section's place, and rendered back unchanged. Only the words listed
// here pass: a misspelt command is still an error.
import { decl, text } from './syntax.ts';

/**
 * ASA's section order of `show running-config`, as observed on 9.x (asa-cli.md §5.2). Interpreted
 * sections use the same table, so passthrough lines land between them where an ASA puts them.
 */
export const sectionOrder = [
  'command-alias', 'hostname', 'domain-name', 'enable', 'xlate', 'passwd', 'names', 'name', 'mac-address',
  'ip local pool', 'ipv6 local pool', 'interface', 'banner', 'boot', 'ftp', 'clock', 'dns', 'same-security-traffic',
  'object', 'object-group', 'access-list', 'pager', 'logging', 'mtu', 'failover', 'monitor-interface', 'ip', 'icmp',
  'asdm', 'arp', 'nat', 'access-group', 'router', 'route', 'ipv6 route', 'ipv6', 'timeout', 'dynamic-access-policy-record',
  'user-identity', 'aaa-server', 'aaa', 'filter', 'http', 'snmp-server', 'sysopt', 'service', 'crypto', 'telnet',
  'ssh', 'console', 'vpn-addr-assign', 'dhcpd', 'dhcprelay', 'threat-detection', 'ntp', 'ssl', 'tls-proxy',
  'compression', 'webvpn', 'anyconnect-custom-data', 'group-policy', 'username', 'tunnel-group', 'class-map',
  'policy-map', 'service-policy', 'prompt', 'call-home', 'license', 'jumbo-frame', 'firewall', 'vpn',
  'time-range', 'regex', 'ldap', 'tftp-server', 'management-access', 'sla', 'track', 'smtp-server', 'auth-prompt',
  'group-delimiter', 'vpdn', 'priority-queue', 'wccp', 'scansafe', 'flow-export', 'quota', 'multicast-routing',
  'virtual', 'ipsec', 'isakmp', 'dhcp', 'mac-list', 'global', 'static', 'fixup', 'url-server', 'url-block',
  'established', 'privilege', 'ddns', 'dynamic-filter', 'eigrp', 'webvpn-passthrough',
];

const flat = [
  'command-alias', 'xlate', 'passwd', 'names', 'name', 'mac-address', 'banner', 'boot', 'ftp', 'clock', 'dns',
  'same-security-traffic', 'object', 'object-group', 'logging', 'mtu', 'failover', 'monitor-interface', 'icmp',
  'asdm', 'arp', 'nat', 'access-group', 'router', 'route', 'timeout', 'dynamic-access-policy-record', 'user-identity',
  'aaa-server', 'filter', 'http', 'snmp-server', 'sysopt', 'service', 'crypto', 'telnet', 'console',
  'vpn-addr-assign', 'dhcpd', 'dhcprelay', 'threat-detection', 'ntp', 'ssl', 'tls-proxy', 'class-map', 'policy-map',
  'service-policy', 'prompt', 'call-home', 'license', 'jumbo-frame', 'firewall', 'vpn', 'time-range', 'regex',
  'ldap', 'tftp-server', 'management-access', 'sla', 'track', 'smtp-server', 'auth-prompt', 'group-delimiter',
  'vpdn', 'priority-queue', 'wccp', 'scansafe', 'flow-export', 'quota', 'multicast-routing', 'isakmp',
  'privilege', 'ddns', 'dynamic-filter', 'eigrp', 'mac-list', 'established', 'fixup', 'global', 'static',
  'url-server', 'url-block',
];

/** first words whose unindented following lines are children (object network X / host A) */
export const blockOpeners = new Set([
  'object', 'object-group', 'class-map', 'policy-map', 'call-home', 'aaa-server', 'crypto', 'license',
  'dynamic-access-policy-record', 'router', 'time-range', 'ldap', 'tls-proxy', 'sla', 'dns', 'vpn', 'failover',
  'priority-queue', 'flow-export', 'webvpn-passthrough',
]);

export const passthroughDecls = [
  decl({ kind: 'p.line', syntax: `{${flat.join(' | ')}} [TEXT]`, modes: ['config'], keepNo: true, key: 'TEXT', noUpTo: 1,
    enters: 'config-passthrough', args: { TEXT: text('Parameters') },
    help: Object.fromEntries(flat.map((w) => [w, `Configure ${w} (kept verbatim)`])) }),
  decl({ kind: 'p.ip', syntax: 'ip {verify | audit | domain-name | name-server | dns | icmp | http | ssh | telnet} TEXT', modes: ['config'], keepNo: true, key: 'TEXT', noUpTo: 2,
    enters: 'config-passthrough', args: { TEXT: text('Parameters') } }),
  decl({ kind: 'p.ipv6', syntax: 'ipv6 {icmp | access-list | nd | dhcp | unicast-routing | router | prefix-list} TEXT', modes: ['config'], keepNo: true, key: 'TEXT', noUpTo: 2,
    enters: 'config-passthrough', args: { TEXT: text('Parameters') } }),
  decl({ kind: 'p.aaa', syntax: 'aaa {accounting | authorization | authentication | proxy-limit | mac-exempt} TEXT', modes: ['config'], keepNo: true, key: 'TEXT', noUpTo: 2,
    enters: 'config-passthrough', args: { TEXT: text('Parameters') } }),
  decl({ kind: 'p.ssh', syntax: 'ssh {scopy | key-exchange | cipher | stricthostkeycheck | pubkey-chain | stack | quiet | notify} [TEXT]', modes: ['config'], keepNo: true, key: 'TEXT', noUpTo: 2,
    enters: 'config-passthrough', args: { TEXT: text('Parameters') } }),
  decl({ kind: 'p.crypto-key', syntax: 'crypto key {generate | zeroize | import | export} TEXT', modes: ['config'], no: false,
    args: { TEXT: text('Parameters') }, help: { key: 'Manage key pairs (an action, not stored)' } }),
];
