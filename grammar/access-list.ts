// `access-list NAME ...` in global configuration mode: extended entries and remarks are interpreted
// (vpn-filter applies them to VPN traffic); standard entries feed split tunnelling; webtype and
// ethertype entries are kept as entered. `line N` inserts an entry before line N, as on an ASA;
// show-run prints entries without it.
import { isIP } from 'node:net';
import { decl, int, ipv4, ipv6prefix, mask, name, text, word, type ArgSpec, type Mode } from './syntax.ts';
import { anyIcmpName, anyPortName, logLevels, protocolByName, protocolName } from './acl-names.ts';

const C: Mode[] = ['config'];

const spec = <T>(s: Omit<ArgSpec<T>, 'format'> & { format?: (v: T) => string }): ArgSpec<T> => ({ format: (v: T) => String(v), ...s }) as ArgSpec<T>;

/** a protocol by name or number; `ip` is 0 and prints as `ip` */
const protocol = (help: string): ArgSpec<number> => spec<number>({
  type: 'word', help, label: '<0-255>',
  parse: (w) => (/^\d+$/.test(w) ? (+w <= 255 ? +w : undefined) : protocolByName.get(w.toLowerCase())),
  format: (n) => protocolName.get(n) ?? String(n),
});

/** a TCP/UDP port by number or by any ASA port name; which names fit is checked against the protocol */
const port = (help: string): ArgSpec<string> => spec<string>({
  type: 'word', help, label: '<0-65535>',
  parse: (w) => (/^\d+$/.test(w) ? (+w <= 65535 ? String(+w) : undefined) : anyPortName.has(w.toLowerCase()) ? w.toLowerCase() : undefined),
});

const icmpType = (help: string): ArgSpec<string> => spec<string>({
  type: 'word', help, label: '<0-255>',
  parse: (w) => (/^\d+$/.test(w) ? (+w <= 255 ? String(+w) : undefined) : anyIcmpName.has(w.toLowerCase()) ? w.toLowerCase() : undefined),
});

const hostAddr = (help: string): ArgSpec<string> => spec<string>({
  type: 'word', help, label: 'A.B.C.D', parse: (w) => (isIP(w) ? w.toLowerCase() : undefined),
});

const level = (help: string): ArgSpec<string> => spec<string>({
  type: 'word', help, label: '<0-7>',
  parse: (w) => (/^[0-7]$/.test(w) ? w : logLevels.includes(w.toLowerCase()) ? w.toLowerCase() : undefined),
});

const address = (p: string): string =>
  `{any | any4 | any6 | host ${p}HOST | ${p}ADDR ${p}MASK | ${p}PREFIX | object-group ${p}GROUP | object ${p}OBJECT | interface ${p}IF}`;
const ports = (p: string): string =>
  `{eq ${p}PORT | lt ${p}PORT | gt ${p}PORT | neq ${p}PORT | range ${p}LO ${p}HI | object-group ${p}SERVICE}`;
const addressArgs = (p: string, what: string) => ({
  [`${p}HOST`]: hostAddr(`${what} host address`), [`${p}ADDR`]: ipv4(`${what} network address`), [`${p}MASK`]: mask(`${what} network mask`),
  [`${p}PREFIX`]: ipv6prefix(`${what} IPv6 prefix`), [`${p}GROUP`]: name(`${what} network object-group`), [`${p}OBJECT`]: name(`${what} network object`),
  [`${p}IF`]: name(`${what} interface name`, 'interface-name'),
});
const portArgs = (p: string, what: string) => ({
  [`${p}PORT`]: port(`${what} port`), [`${p}LO`]: port(`${what} port, start of the range`), [`${p}HI`]: port(`${what} port, end of the range`),
  [`${p}SERVICE`]: name(`${what} service object-group`),
});

const aclName = name('Access list identifier', 'access-list', 241);
const lineArg = int(1, 2147483647, 'Line number at which to insert the entry');

const aceHelp = {
  'access-list': 'Configure an access control element', line: 'Use this to specify line number at which ACE should be entered',
  extended: 'Configure access policy for IP traffic through the system', permit: 'Specify packets to forward', deny: 'Specify packets to reject',
  'object-group': 'Specify an object-group', object: 'Specify a network or service object', any: 'Abbreviation for source and destination address of 0.0.0.0 0.0.0.0 and ::/0',
  any4: 'Abbreviation for an IPv4 address of 0.0.0.0 0.0.0.0', any6: 'Abbreviation for an IPv6 address of ::/0', host: 'Use this keyword for a single host',
  interface: 'Use the address of an interface', eq: 'Port equal to operator', lt: 'Port less than operator', gt: 'Port greater than operator',
  neq: 'Port not equal to operator', range: 'Port range operator', log: 'Keyword for enabling log option on this ACE',
  disable: 'Disable log option on this ACE', default: 'Default log option on this ACE', interval: 'Configure log interval, default value is 300 sec',
  'time-range': 'Specify a time-range', inactive: 'Keyword for disabling an ACL element',
};

// Built as a plain string: the notation is long, and the handlers read the entry by position
// (src/config/access-list.ts), not through typed argument names.
const extendedSyntax: string = `access-list NAME [line LINE] extended {permit | deny} {PROTOCOL | object-group PROTOGROUP | object SERVICEOBJECT} `
  + `${address('S')} [${ports('S')}] ${address('D')} [{${ports('D')} | ICMPTYPE [ICMPCODE]}] `
  + '[log [{LEVEL | disable | default}] [interval SECS]] [time-range TIMERANGE] [inactive]';

export const accessList = {
  extended: decl({ kind: 'acl.extended', syntax: extendedSyntax, modes: C, noUpTo: 2,
    args: {
      NAME: aclName, LINE: lineArg, PROTOCOL: protocol('Protocol by name (ip, tcp, udp, icmp, icmp6, ...) or number'),
      PROTOGROUP: name('Protocol or service object-group'), SERVICEOBJECT: name('Service object'),
      ...addressArgs('S', 'Source'), ...portArgs('S', 'Source'), ...addressArgs('D', 'Destination'), ...portArgs('D', 'Destination'),
      ICMPTYPE: icmpType('ICMP message type'), ICMPCODE: int(0, 255, 'ICMP message code'),
      LEVEL: level('Logging level'), SECS: int(1, 600, 'Log interval in seconds'), TIMERANGE: name('Time-range name'),
    },
    help: aceHelp }),
  remark: decl({ kind: 'acl.remark', syntax: 'access-list NAME [line LINE] remark TEXT', modes: C, noUpTo: 2,
    args: { NAME: aclName, LINE: lineArg, TEXT: text('Comment, up to 100 characters', 'LINE') },
    help: { ...aceHelp, remark: 'Specify a comment (remark) for the access-list' } }),
  standard: decl({ kind: 'acl.standard', syntax: 'access-list NAME [line LINE] standard {permit | deny} {ADDR MASK | host HOST | any4 | any}', modes: C, noUpTo: 2,
    args: { NAME: aclName, LINE: lineArg, ADDR: ipv4('Network address'), MASK: mask('Network mask'), HOST: ipv4('Host address') },
    help: { ...aceHelp, standard: 'Specify a standard access list', any: 'Any address' } }),
  /** kept as entered: headend does not filter web or ethernet traffic */
  other: decl({ kind: 'acl.other', syntax: 'access-list NAME [line LINE] {webtype | ethertype} TEXT', modes: C, noUpTo: 2,
    args: { NAME: aclName, LINE: lineArg, TEXT: text('Access list entry') },
    help: { ...aceHelp, webtype: 'Specify a webtype access list', ethertype: 'Specify an ethertype access list' } }),
  clear: decl({ kind: 'acl.clear-configure', syntax: 'clear configure access-list [ACL]', modes: C, no: false,
    args: { ACL: word('Access list name', { max: 241, source: 'access-list' }) },
    help: { clear: 'Reset functions', configure: 'Clear configuration', 'access-list': 'Clear all access lists, or one' } }),
};

/** EXEC: the entries with their vpn-filter hit counters */
export const accessListExec = {
  show: decl({ kind: 'x.show-access-list', syntax: 'show access-list [ACL]', modes: ['priv'], no: false,
    args: { ACL: word('Access list name', { max: 241, source: 'access-list' }) },
    help: { show: 'Show running system information', 'access-list': 'Show hit counters for access policies' } }),
  clear: decl({ kind: 'x.clear-access-list', syntax: 'clear access-list [ACL] counters', modes: ['priv'], no: false,
    args: { ACL: word('Access list name', { max: 241, source: 'access-list' }) },
    help: { clear: 'Reset functions', 'access-list': 'Clear access list counters', counters: 'Clear access list counters' } }),
};

export const accessListDecls = [...Object.values(accessList), ...Object.values(accessListExec)];
