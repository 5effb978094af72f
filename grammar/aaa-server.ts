// AAA server groups and their hosts, as an ASA 9.x configures them: `aaa-server NAME protocol P`
// (`(config-aaa-server-group)#`), `aaa-server NAME (IFNAME) host ADDR [KEY] [timeout S]`
// (`(config-aaa-server-host)#`), and `ldap attribute-map NAME` (`(config-ldap-attribute-map)#`).
// Defaults are ASA's (Cisco ASA command reference, aaa-server / authentication-port / timeout).
import { decl, ifc, int, name, text, word, type Mode } from './syntax.ts';

const C: Mode[] = ['config'];
const GRP: Mode[] = ['config-aaa-server-group'];
const HOST: Mode[] = ['config-aaa-server-host'];
const MAP: Mode[] = ['config-ldap-attribute-map'];

export const aaaServer = {
  group: decl({ kind: 'as.group', syntax: 'aaa-server NAME protocol {radius | ldap | tacacs+ | kerberos | sdi | nt | http-form}', modes: C, key: 'NAME', noUpTo: 1,
    enters: 'config-aaa-server-group', args: { NAME: name('Name of the AAA server group', 'aaa-server') },
    help: { 'aaa-server': 'Configure a AAA server group or a AAA server', protocol: 'The protocol the servers of this group speak',
      radius: 'Protocol RADIUS', ldap: 'Protocol LDAP', 'tacacs+': 'Protocol TACACS+', kerberos: 'Protocol Kerberos', sdi: 'Protocol SDI',
      nt: 'Protocol NT', 'http-form': 'Protocol HTTP form-based' } }),
  host: decl({ kind: 'as.host', syntax: 'aaa-server NAME [IFC] host ADDR [[key] KEY] [timeout SECONDS]', modes: C, key: 'ADDR', noUpTo: 4,
    enters: 'config-aaa-server-host',
    args: { NAME: name('Name of the AAA server group', 'aaa-server'), IFC: ifc('Interface name in parentheses'), ADDR: word('IP address or name of the server', { max: 128 }),
      KEY: word('Server secret key', { max: 127 }), SECONDS: int(1, 300, 'Timeout in seconds') },
    help: { 'aaa-server': 'Configure a AAA server group or a AAA server', host: 'Enter this keyword to specify the IP address for the server', key: 'Server secret key',
      timeout: 'Specify the timeout interval for the server' } }),
  attributeMap: decl({ kind: 'as.ldap-attribute-map', syntax: 'ldap attribute-map NAME', modes: C, key: 'NAME', enters: 'config-ldap-attribute-map',
    args: { NAME: name('Name of the LDAP attribute map', 'ldap-attribute-map') },
    help: { ldap: 'Configure LDAP mapping', 'attribute-map': 'Create an attribute map' } }),

  // (config-aaa-server-group)#
  maxFailedAttempts: decl({ kind: 'as.max-failed-attempts', syntax: 'max-failed-attempts ATTEMPTS', modes: GRP, noUpTo: 1, dflt: 'max-failed-attempts 3',
    args: { ATTEMPTS: int(1, 5, 'Number of failed attempts') },
    help: { 'max-failed-attempts': 'Specify the maximum number of failures that will be allowed for any server in the group before that server is deactivated' } }),
  reactivationMode: decl({ kind: 'as.reactivation-mode', syntax: 'reactivation-mode {depletion [deadtime MINUTES] | timed}', modes: GRP, noUpTo: 1,
    dflt: 'reactivation-mode depletion deadtime 10', args: { MINUTES: int(0, 1440, 'Number of minutes') },
    help: { 'reactivation-mode': 'Specify the method by which failed servers are reactivated',
      depletion: 'Reactivate failed servers only after all servers in the group are inactive',
      deadtime: 'Specify the amount of time that will elapse between the disabling of the last server in the group and the subsequent re-enabling of all servers',
      timed: 'Reactivate failed servers after 30 seconds of down time' } }),
  accountingMode: decl({ kind: 'as.accounting-mode', syntax: 'accounting-mode {single | simultaneous}', modes: GRP, noUpTo: 1, dflt: 'accounting-mode single',
    help: { 'accounting-mode': 'Specify the accounting mode', single: 'Send accounting messages to a single server in the group',
      simultaneous: 'Send accounting messages to all servers in the group' } }),
  // `periodic` without HOURS: every 24 hours (Cisco ASA command reference)
  interimUpdate: decl({ kind: 'as.interim-accounting-update', syntax: 'interim-accounting-update [periodic [HOURS]]', modes: GRP, noUpTo: 1,
    argDefaults: { HOURS: 24 },
    args: { HOURS: int(1, 120, 'Interval in hours') },
    help: { 'interim-accounting-update': 'Send interim accounting records to the server', periodic: 'Send interim records periodically' } }),
  groupOther: decl({ kind: 'as.group-other', syntax: '{merge-dacl | dynamic-authorization | authorize-only | ad-agent-mode | kerberos-realm | sdi-pre-5-slave} [TEXT]', modes: GRP, key: 'TEXT',
    args: { TEXT: text('Parameters') },
    help: { 'merge-dacl': 'Merge a downloadable ACL with the ACL of the Cisco AV pair', 'dynamic-authorization': 'Enable RADIUS dynamic authorization (CoA)',
      'authorize-only': 'Authorize only, do not authenticate', 'ad-agent-mode': 'Use this group for the AD agent', 'kerberos-realm': 'Specify the Kerberos realm',
      'sdi-pre-5-slave': 'Specify an SDI pre-5 replica server' } }),

  // (config-aaa-server-host)#
  timeout: decl({ kind: 'as.timeout', syntax: 'timeout SECONDS', modes: HOST, noUpTo: 1, dflt: 'timeout 10',
    args: { SECONDS: int(1, 300, 'Timeout in seconds') }, help: { timeout: 'Specify the timeout interval for the server' } }),
  key: decl({ kind: 'as.key', syntax: 'key KEY', modes: HOST, noUpTo: 1, args: { KEY: word('Server secret key', { max: 127 }) },
    help: { key: 'Server secret key' } }),
  authenticationPort: decl({ kind: 'as.authentication-port', syntax: 'authentication-port PORT', modes: HOST, noUpTo: 1, dflt: 'authentication-port 1645',
    args: { PORT: int(1, 65535, 'Authentication port') }, help: { 'authentication-port': 'Specify the port number of the server for authentication' } }),
  accountingPort: decl({ kind: 'as.accounting-port', syntax: 'accounting-port PORT', modes: HOST, noUpTo: 1, dflt: 'accounting-port 1646',
    args: { PORT: int(1, 65535, 'Accounting port') }, help: { 'accounting-port': 'Specify the port number of the server for accounting' } }),
  retryInterval: decl({ kind: 'as.retry-interval', syntax: 'retry-interval SECONDS', modes: HOST, noUpTo: 1, dflt: 'retry-interval 10',
    args: { SECONDS: int(1, 10, 'Retry interval in seconds') }, help: { 'retry-interval': 'Specify the interval between retries of a request' } }),
  ldapBaseDn: decl({ kind: 'as.ldap-base-dn', syntax: 'ldap-base-dn DN', modes: HOST, noUpTo: 1, args: { DN: word('Distinguished name of the search base', { max: 128 }) },
    help: { 'ldap-base-dn': 'Specify the location in the LDAP hierarchy where the server should begin searching' } }),
  ldapScope: decl({ kind: 'as.ldap-scope', syntax: 'ldap-scope {onelevel | subtree}', modes: HOST, noUpTo: 1, dflt: 'ldap-scope onelevel',
    help: { 'ldap-scope': 'Specify the extent of the search in the LDAP hierarchy', onelevel: 'Search only one level beneath the base DN', subtree: 'Search all levels beneath the base DN' } }),
  // unset on an ASA the search has no attribute; headend then searches the common `uid`
  ldapNamingAttribute: decl({ kind: 'as.ldap-naming-attribute', syntax: 'ldap-naming-attribute ATTR', modes: HOST, noUpTo: 1, argDefaults: { ATTR: 'uid' }, args: { ATTR: word('Naming attribute', { max: 128 }) },
    help: { 'ldap-naming-attribute': 'Specify the relative distinguished name attribute that uniquely identifies an entry' } }),
  ldapLoginPassword: decl({ kind: 'as.ldap-login-password', syntax: 'ldap-login-password PW', modes: HOST, noUpTo: 1, args: { PW: word('Password of the login DN', { max: 64 }) },
    help: { 'ldap-login-password': 'Specify the password of the login DN' } }),
  ldapLoginDn: decl({ kind: 'as.ldap-login-dn', syntax: 'ldap-login-dn DN', modes: HOST, noUpTo: 1, args: { DN: word('Distinguished name of the login user', { max: 128 }) },
    help: { 'ldap-login-dn': 'Specify the name of the directory object the system should bind as' } }),
  // LDAP over SSL is ldaps (TLS from the first byte, port 636 unless `server-port`). An ASA has no
  // StartTLS: it supports "Simple LDAP authentication with an unencrypted password on port 389,
  // Secure LDAP (LDAP-S) on port 636, SASL MD5, SASL Kerberos" (Cisco ASA 5500 Series Configuration
  // Guide using ASDM, Configuring AAA Servers). `starttls` is headend's own word beside `enable`
  // (a directory that offers only StartTLS on 389, RFC 4513): the same certificate check, and what
  // needs LDAP over SSL (password-management) takes either. An ASA refuses the word.
  ldapOverSsl: decl({ kind: 'as.ldap-over-ssl', syntax: 'ldap-over-ssl {enable | starttls}', modes: HOST, noUpTo: 1,
    help: { 'ldap-over-ssl': 'Secure the connection to the server with SSL', enable: 'Enable LDAP over SSL',
      starttls: 'Upgrade a plain LDAP connection (port 389) with StartTLS (headend; not on an ASA)' } }),
  serverPort: decl({ kind: 'as.server-port', syntax: 'server-port PORT', modes: HOST, noUpTo: 1, args: { PORT: int(1, 65535, 'Server port') },
    help: { 'server-port': 'Specify the port number of the server' } }),
  serverType: decl({ kind: 'as.server-type', syntax: 'server-type {auto-detect | microsoft | novell | openldap | sun | generic}', modes: HOST, noUpTo: 1, dflt: 'server-type auto-detect',
    help: { 'server-type': 'Specify the LDAP server type', 'auto-detect': 'Detect the server type automatically', microsoft: 'Microsoft Active Directory',
      novell: 'Novell eDirectory', openldap: 'OpenLDAP', sun: 'Sun directory server', generic: 'Generic LDAPv3 server' } }),
  ldapAttributeMap: decl({ kind: 'as.ldap-attribute-map-use', syntax: 'ldap-attribute-map MAP', modes: HOST, noUpTo: 1,
    args: { MAP: name('Name of the LDAP attribute map', 'ldap-attribute-map') }, help: { 'ldap-attribute-map': 'Apply an LDAP attribute map to this server' } }),
  hostOther: decl({ kind: 'as.host-other', syntax: '{radius-common-pw | sasl-mechanism | group-search-timeout | nt-auth-domain-controller | acl-netmask-convert | mschapv2-capable | ldap-group-base-dn | kerberos-realm-name | hsi-server} [TEXT]', modes: HOST, key: 'TEXT',
    args: { TEXT: text('Parameters') },
    help: { 'radius-common-pw': 'Specify a common password for all users', 'sasl-mechanism': 'Specify the SASL mechanism', 'group-search-timeout': 'Specify the timeout of group searches',
      'nt-auth-domain-controller': 'Specify the NT domain controller', 'acl-netmask-convert': 'Convert the netmasks of downloadable ACLs', 'mschapv2-capable': 'Use MS-CHAPv2 for this server',
      'ldap-group-base-dn': 'Specify the base DN of group searches', 'kerberos-realm-name': 'Specify the Kerberos realm', 'hsi-server': 'Specify the HSI server' } }),

  // (config-ldap-attribute-map)#
  mapName: decl({ kind: 'as.map-name', syntax: 'map-name LDAP CISCO', modes: MAP, key: 'LDAP', noUpTo: 2,
    args: { LDAP: word('Name of the LDAP attribute', { max: 128 }), CISCO: word('Name of the Cisco attribute (e.g. Group-Policy)', { max: 64 }) },
    help: { 'map-name': 'Map a user-defined LDAP attribute name to a Cisco attribute name' } }),
  mapValue: decl({ kind: 'as.map-value', syntax: 'map-value LDAP VALUE CISCOVALUE', modes: MAP, noUpTo: 3,
    args: { LDAP: word('Name of the LDAP attribute', { max: 128 }), VALUE: word('LDAP value (in double quotes when it holds spaces)', { max: 512 }), CISCOVALUE: word('Cisco value', { max: 512 }) },
    help: { 'map-value': 'Map a user-defined LDAP attribute value to a Cisco attribute value' } }),
};

export const aaaServerDecls = Object.values(aaaServer);
