// tunnel-group sub-modes: general-attributes, webvpn-attributes, and the ipsec/ppp blocks, whose
// lines headend keeps verbatim.
import { decl, ifc, int, name, ref, text, url, type Mode } from './syntax.ts';

const T: Mode[] = ['config-tunnel-general'];
const TW: Mode[] = ['config-tunnel-webvpn'];

export const tunnelGroup = {
  addressPool: decl({ kind: 'tg.address-pool', syntax: 'address-pool [IFC] POOL ...', modes: T, noUpTo: 1,
    args: { IFC: ifc('Interface name in parentheses'), POOL: ref('Address pool name', 'ip-pool') },
    help: { 'address-pool': 'Enter a list of address pools to assign addresses from' } }),
  ipv6AddressPool: decl({ kind: 'tg.ipv6-address-pool', syntax: 'ipv6-address-pool [IFC] POOL ...', modes: T, noUpTo: 1,
    args: { IFC: ifc('Interface name in parentheses'), POOL: ref('IPv6 address pool name', 'ipv6-pool') },
    help: { 'ipv6-address-pool': 'Enter a list of IPv6 address pools' } }),
  authenticationServerGroup: decl({ kind: 'tg.authentication-server-group', syntax: 'authentication-server-group [IFC] SERVER [=LOCAL]', modes: T, noUpTo: 1,
    args: { IFC: ifc('Interface name in parentheses'), SERVER: name('LOCAL or an AAA server group') },
    help: { 'authentication-server-group': 'Enter the name of the authentication server group' } }),
  authorizationServerGroup: decl({ kind: 'tg.authorization-server-group', syntax: 'authorization-server-group SERVER', modes: T, noUpTo: 1, args: { SERVER: name('AAA server group') },
    help: { 'authorization-server-group': 'Enter the name of the authorization server group' } }),
  // a failed authorization (`authorization-server-group`) fails the login (Cisco ASA command reference, authorization-required)
  authorizationRequired: decl({ kind: 'tg.authorization-required', syntax: 'authorization-required', modes: T, noUpTo: 1,
    help: { 'authorization-required': 'Require users to authorize successfully in order to connect' } }),
  accountingServerGroup: decl({ kind: 'tg.accounting-server-group', syntax: 'accounting-server-group SERVER', modes: T, noUpTo: 1, args: { SERVER: name('AAA server group') },
    help: { 'accounting-server-group': 'Enter the name of the accounting server group' } }),
  defaultGroupPolicy: decl({ kind: 'tg.default-group-policy', syntax: 'default-group-policy GP', modes: T, noUpTo: 1,
    args: { GP: ref('Group policy name', 'group-policy') }, help: { 'default-group-policy': 'Enter the name of the default group policy' } }),
  // the 14 days without the keyword: Cisco ASA Series CLI Configuration Guide, "Configuring Connection
  // Profiles": "warn a user that the current password is due to expire in a specified number of days
  // (the default is 14 days)"
  passwordManagement: decl({ kind: 'tg.password-management', syntax: 'password-management [password-expire-in-days DAYS]', modes: T, noUpTo: 1,
    argDefaults: { DAYS: 14 },
    args: { DAYS: int(0, 180, 'Number of days before expiry to warn the user') },
    help: { 'password-management': 'Enable password management', 'password-expire-in-days': 'Warn the user this many days before the password expires' } }),
  other: decl({ kind: 'tg.other', syntax: '{dhcp-server | strip-realm | strip-group | annotation | scep-enrollment | override-account-disable | username-from-certificate | secondary-authentication-server-group | nat-assigned-to-public-ip} [TEXT]', modes: T, key: 'TEXT',
    args: { TEXT: text('Parameters') },
    help: { 'dhcp-server': 'Enter a list of DHCP servers', 'strip-realm': 'Strip the realm from the username',
      'strip-group': 'Strip the group from the username', annotation: 'Enter an annotation for this tunnel group', 'scep-enrollment': 'Enable SCEP enrollment for this tunnel group',
      'override-account-disable': 'Override the account-disabled indication from the AAA server', 'username-from-certificate': 'Specify the certificate fields to use as the username',
      'secondary-authentication-server-group': 'Enter the name of the secondary authentication server group',
      'nat-assigned-to-public-ip': 'NAT the assigned address to the public address of the client' } }),
  webvpnAuthentication: decl({ kind: 'tw.authentication', syntax: 'authentication TEXT', modes: TW, noUpTo: 1, args: { TEXT: text('aaa, certificate, saml, ...') },
    help: { authentication: 'Enter the authentication method' } }),
  webvpnCustomization: decl({ kind: 'tw.customization', syntax: 'customization NAME', modes: TW, noUpTo: 1, args: { NAME: name('Customization') },
    help: { customization: 'Enter the customization object of this tunnel group' } }),
  webvpnGroupAlias: decl({ kind: 'tw.group-alias', syntax: 'group-alias ALIAS {enable | disable}', modes: TW, key: 'ALIAS',
    args: { ALIAS: name('Alias shown in the group list', undefined, 31) }, help: { 'group-alias': 'Enter an alias for the tunnel group' } }),
  webvpnGroupUrl: decl({ kind: 'tw.group-url', syntax: 'group-url URL {enable | disable}', modes: TW, key: 'URL',
    args: { URL: url('URL that selects this tunnel group') }, help: { 'group-url': 'Enter a URL for the tunnel group' } }),
  webvpnOther: decl({ kind: 'tw.other', syntax: '{dns-group | without-csd | pre-fill-username | secondary-pre-fill-username | saml | radius-reject-message | proxy-auth | nbns-server | password-management | deny-message | anyconnect} TEXT', modes: TW, key: 'TEXT',
    args: { TEXT: text('Parameters') },
    help: { 'dns-group': 'Enter the DNS server group', 'without-csd': 'Bypass Secure Desktop and HostScan for this tunnel group',
      'pre-fill-username': 'Take the username from the client certificate', 'secondary-pre-fill-username': 'Take the secondary username from the client certificate',
      saml: 'Configure SAML authentication', 'radius-reject-message': 'Show the RADIUS reject message on the login page', 'proxy-auth': 'Configure proxy authentication',
      'nbns-server': 'Enter the NBNS server', 'password-management': 'Enable password management', 'deny-message': 'Enter the message shown to users denied access',
      anyconnect: 'Configure AnyConnect client' } }),
  line: decl({ kind: 'tg.line', syntax: 'LINE', modes: ['config-tunnel-ipsec', 'config-tunnel-ppp', 'config-passthrough'], keepNo: true, key: 'LINE', noUpTo: 1,
    args: { LINE: text('Any line of this block') } }),
};

export const tunnelGroupDecls = Object.values(tunnelGroup);
