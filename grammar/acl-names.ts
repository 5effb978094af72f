// The names an ASA accepts, and prints, in access-list entries: protocols, TCP/UDP ports, ICMP
// types, logging levels. From the ASA 9.x command reference's "Protocols and Applications" and
// "TCP and UDP Ports" tables. A number that has a name is printed by its name (`eq 80` is shown as
// `eq www`), as `show running-config` does on an ASA; where two names share a number the first listed wins.

/** `ip` is protocol 0: any protocol */
export const protocolNames: [string, number][] = [
  ['ip', 0], ['icmp', 1], ['igmp', 2], ['ipinip', 4], ['tcp', 6], ['igrp', 9], ['udp', 17], ['gre', 47], ['pptp', 47],
  ['esp', 50], ['ipsec', 50], ['ah', 51], ['icmp6', 58], ['eigrp', 88], ['ospf', 89], ['nos', 94], ['pim', 103],
  ['pcp', 108], ['snp', 109], ['sctp', 132],
];

export const tcpPorts: [string, number][] = [
  ['aol', 5190], ['bgp', 179], ['chargen', 19], ['cifs', 3020], ['citrix-ica', 1494], ['rsh', 514], ['cmd', 514],
  ['ctiqbe', 2748], ['daytime', 13], ['discard', 9], ['domain', 53], ['echo', 7], ['exec', 512], ['finger', 79],
  ['ftp', 21], ['ftp-data', 20], ['gopher', 70], ['h323', 1720], ['hostname', 101], ['www', 80], ['http', 80],
  ['https', 443], ['ident', 113], ['imap4', 143], ['irc', 194], ['kerberos', 750], ['klogin', 543], ['kshell', 544],
  ['ldap', 389], ['ldaps', 636], ['login', 513], ['lotusnotes', 1352], ['lpd', 515], ['netbios-ssn', 139],
  ['nfs', 2049], ['nntp', 119], ['pcanywhere-data', 5631], ['pim-auto-rp', 496], ['pop2', 109], ['pop3', 110],
  ['pptp', 1723], ['rtsp', 554], ['sip', 5060], ['smtp', 25], ['sqlnet', 1521], ['ssh', 22], ['sunrpc', 111],
  ['tacacs', 49], ['talk', 517], ['telnet', 23], ['uucp', 540], ['whois', 43],
];

export const udpPorts: [string, number][] = [
  ['biff', 512], ['bootpc', 68], ['bootps', 67], ['cifs', 3020], ['discard', 9], ['dnsix', 195], ['domain', 53],
  ['echo', 7], ['www', 80], ['http', 80], ['isakmp', 500], ['kerberos', 750], ['mobile-ip', 434], ['nameserver', 42],
  ['netbios-dgm', 138], ['netbios-ns', 137], ['nfs', 2049], ['ntp', 123], ['pcanywhere-status', 5632],
  ['pim-auto-rp', 496], ['radius', 1645], ['radius-acct', 1646], ['rip', 520], ['secureid-udp', 5510], ['sip', 5060],
  ['snmp', 161], ['snmptrap', 162], ['sunrpc', 111], ['syslog', 514], ['tacacs', 49], ['talk', 517], ['tftp', 69],
  ['time', 37], ['vxlan', 4789], ['who', 513], ['xdmcp', 177],
];

export const icmpTypes: [string, number][] = [
  ['echo-reply', 0], ['unreachable', 3], ['source-quench', 4], ['redirect', 5], ['alternate-address', 6], ['echo', 8],
  ['router-advertisement', 9], ['router-solicitation', 10], ['time-exceeded', 11], ['parameter-problem', 12],
  ['timestamp-request', 13], ['timestamp-reply', 14], ['information-request', 15], ['information-reply', 16],
  ['mask-request', 17], ['mask-reply', 18], ['traceroute', 30], ['conversion-error', 31], ['mobile-redirect', 32],
];

export const icmp6Types: [string, number][] = [
  ['unreachable', 1], ['packet-too-big', 2], ['time-exceeded', 3], ['parameter-problem', 4], ['echo', 128],
  ['echo-reply', 129], ['membership-query', 130], ['membership-report', 131], ['membership-reduction', 132],
  ['router-solicitation', 133], ['router-advertisement', 134], ['neighbor-solicitation', 135],
  ['neighbor-advertisement', 136], ['neighbor-redirect', 137], ['router-renumbering', 138],
];

export const logLevels = ['emergencies', 'alerts', 'critical', 'errors', 'warnings', 'notifications', 'informational', 'debugging'];

const byName = (t: [string, number][]): Map<string, number> => new Map(t);
const byNumber = (t: [string, number][]): Map<number, string> => {
  const m = new Map<number, string>();
  for (const [n, v] of t) if (!m.has(v)) m.set(v, n);
  return m;
};

export const protocolByName = byName(protocolNames);
export const protocolName = byNumber(protocolNames);
const ports = { tcp: [byName(tcpPorts), byNumber(tcpPorts)], udp: [byName(udpPorts), byNumber(udpPorts)] } as const;
const icmps = { 1: [byName(icmpTypes), byNumber(icmpTypes)], 58: [byName(icmp6Types), byNumber(icmp6Types)] } as const;

/** every port name of either table: what the grammar accepts before the protocol is known */
export const anyPortName = new Set([...tcpPorts, ...udpPorts].map(([n]) => n));
export const anyIcmpName = new Set([...icmpTypes, ...icmp6Types].map(([n]) => n));

/** the port a word names for a protocol (6 tcp, 17 udp, 132 sctp takes numbers only); undefined = not valid there */
export function portNumber(word: string, proto: 'tcp' | 'udp' | 'tcp-udp' | 'sctp'): number | undefined {
  if (/^\d+$/.test(word)) return +word <= 65535 ? +word : undefined;
  const w = word.toLowerCase();
  if (proto === 'sctp') return undefined;
  if (proto === 'tcp-udp') {
    const t = ports.tcp[0].get(w), u = ports.udp[0].get(w);
    return t !== undefined && t === u ? t : undefined;
  }
  return ports[proto][0].get(w);
}

/** a port as an ASA prints it for that protocol */
export function portText(n: number, proto: 'tcp' | 'udp' | 'tcp-udp' | 'sctp'): string {
  if (proto === 'sctp') return String(n);
  if (proto === 'tcp-udp') {
    const t = ports.tcp[1].get(n);
    return t !== undefined && t === ports.udp[1].get(n) ? t : String(n);
  }
  return ports[proto][1].get(n) ?? String(n);
}

export function icmpNumber(word: string, proto: 1 | 58): number | undefined {
  if (/^\d+$/.test(word)) return +word <= 255 ? +word : undefined;
  return icmps[proto][0].get(word.toLowerCase());
}

export function icmpText(n: number, proto: 1 | 58): string {
  return icmps[proto][1].get(n) ?? String(n);
}
