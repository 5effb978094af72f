// Interface sub-mode, `(config-if)#`. Lines are rendered in declaration order. `dflt`: the line an
// ASA prints for the attribute when it is unset (` no nameif`, ` no security-level`, ` no ip address`).
import { decl, int, ipv4, ipv6prefix, mask, text, word, type Mode } from './syntax.ts';

const I: Mode[] = ['config-if'];

export const iface = {
  description: decl({ kind: 'if.description', syntax: 'description TEXT', modes: I, args: { TEXT: text('Up to 200 characters describing this interface') } }),
  other: decl({ kind: 'if.other', syntax: '{switchport | mac-address | speed | duplex | vlan | mtu | channel-group | flowcontrol | media-type | member-interface | lacp | pppoe | dhcp | dhcprelay | ospf | rip | igmp | pim | zone-member | delay | authentication} TEXT', modes: I, key: 'TEXT', keepNo: true,
    args: { TEXT: text('Parameters') },
    help: { switchport: 'Set switching mode characteristics', 'mac-address': 'Configure MAC address', speed: 'Configure speed operation', duplex: 'Configure duplex operation', vlan: 'Configure VLAN', mtu: 'Specify MTU',
      'channel-group': 'Etherchannel/port bundling configuration', flowcontrol: 'Configure flow control operation', 'media-type': 'Interface media type',
      'member-interface': 'Configure a member interface of a redundant interface', lacp: 'LACP interface subcommands', pppoe: 'Configure PPPoE client',
      dhcp: 'Configure parameters for DHCP client', dhcprelay: 'Configure DHCP relay agent', ospf: 'OSPF interface commands', rip: 'RIP interface commands',
      igmp: 'IGMP interface subcommands', pim: 'PIM interface subcommands', 'zone-member': 'Configure traffic zone membership',
      delay: 'Specify interface throughput delay', authentication: 'Configure EIGRP authentication' } }),
  shutdown: decl({ kind: 'if.shutdown', syntax: 'shutdown', modes: I, help: { shutdown: 'Shutdown the selected interface' } }),
  // ASA prints ` management-only` before ` nameif`
  managementOnly: decl({ kind: 'if.management-only', syntax: 'management-only', modes: I, help: { 'management-only': 'Dedicate this interface to management' } }),
  nameif: decl({ kind: 'if.nameif', syntax: 'nameif NAME', modes: I, keepNo: true, dflt: 'no nameif',
    args: { NAME: word('Name of the interface, up to 48 characters', { max: 48 }) }, help: { nameif: 'Assign name to interface' } }),
  securityLevel: decl({ kind: 'if.security-level', syntax: 'security-level LEVEL', modes: I, keepNo: true, dflt: 'no security-level',
    args: { LEVEL: int(0, 100, 'Security level') }, help: { 'security-level': 'Specify this interface\'s security level' } }),
  ipAddress: decl({ kind: 'if.ip-address', syntax: 'ip address {ADDR MASK [standby STANDBY] | dhcp [setroute] | pppoe [setroute]}', modes: I, keepNo: true, noUpTo: 2, dflt: 'no ip address',
    args: { ADDR: ipv4('IP address'), MASK: mask('Subnet mask'), STANDBY: ipv4('Standby IP address') },
    help: { ip: 'Configure IP address', address: 'Configure the IP address', standby: 'Standby address', dhcp: 'Obtain the address by DHCP', setroute: 'Install the default route from DHCP', pppoe: 'Obtain the address by PPPoE' } }),
  ipv6Address: decl({ kind: 'if.ipv6-address', syntax: 'ipv6 address PREFIX [standby STANDBY]', modes: I, key: 'PREFIX',
    args: { PREFIX: ipv6prefix('IPv6 address and prefix length'), STANDBY: word('Standby address') }, help: { ipv6: 'Configure IPv6', address: 'Configure the IPv6 address', standby: 'Standby address' } }),
  // ASA prints `ipv6 address` before `ipv6 enable`
  ipv6Enable: decl({ kind: 'if.ipv6-enable', syntax: 'ipv6 enable', modes: I, help: { ipv6: 'Configure IPv6', enable: 'Enable IPv6 on this interface' } }),
  ipv6Other: decl({ kind: 'if.ipv6-other', syntax: 'ipv6 {nd | ospf | dhcp | mtu} TEXT', modes: I, key: 'TEXT', args: { TEXT: text('Parameters') },
    help: { ipv6: 'Configure IPv6', nd: 'IPv6 interface neighbor discovery subcommands', ospf: 'OSPFv3 interface commands', dhcp: 'Configure IPv6 DHCP client and server', mtu: 'Specify the IPv6 MTU' } }),
};

export const interfaceDecls = Object.values(iface);
