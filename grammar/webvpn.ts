// `webvpn` under global configuration, `(config-webvpn)#`, and its `cache` sub-mode.
import { decl, flash, int, name, text, word, type Mode } from './syntax.ts';

const W: Mode[] = ['config-webvpn'];

export const webvpn = {
  port: decl({ kind: 'w.port', syntax: 'port PORT', modes: W, noUpTo: 1, dflt: 'port 443',
    args: { PORT: int(1, 65535, 'The port for SSL VPN connections') }, help: { port: 'Configure the port for SSL VPN connections' } }),
  enable: decl({ kind: 'w.enable', syntax: 'enable IFNAME [tls-only]', modes: W, key: 'IFNAME',
    args: { IFNAME: name('The name of the interface', 'interface-name') },
    help: { enable: 'Enable WebVPN and AnyConnect on an interface', 'tls-only': 'Disable DTLS on this interface' } }),
  dtlsPort: decl({ kind: 'w.dtls-port', syntax: 'dtls port PORT', modes: W, noUpTo: 2, dflt: 'dtls port 443',
    args: { PORT: int(1, 65535, 'The UDP port for DTLS') }, help: { dtls: 'Configure DTLS', port: 'Configure the DTLS port' } }),
  essentials: decl({ kind: 'w.essentials', syntax: 'anyconnect-essentials', modes: W, help: { 'anyconnect-essentials': 'Enable AnyConnect Essentials' } }),
  image: decl({ kind: 'w.image', syntax: 'anyconnect image PATH [ORDER] [regex REGEX]', modes: W, key: 'PATH',
    args: { PATH: flash('The location of the AnyConnect package on flash'), ORDER: int(1, 65535, 'The order of the image: the lowest is offered first'), REGEX: word('User-agent regular expression') },
    help: { image: 'Configure an AnyConnect client image', regex: 'Match the browser user-agent' } }),
  profile: decl({ kind: 'w.profile', syntax: 'anyconnect profiles NAME PATH', modes: W, key: 'NAME',
    args: { NAME: name('Name of the profile package', 'profile'), PATH: flash('The XML profile on flash') },
    help: { profiles: 'Configure an AnyConnect client profile package' } }),
  anyconnectEnable: decl({ kind: 'w.anyconnect-enable', syntax: 'anyconnect enable', modes: W, help: { enable: 'Enable AnyConnect connections' } }),
  tunnelGroupList: decl({ kind: 'w.tunnel-group-list', syntax: 'tunnel-group-list enable', modes: W,
    help: { 'tunnel-group-list': 'Show the group-alias list on the login page', enable: 'Enable the list' } }),
  customAttr: decl({ kind: 'w.custom-attr', syntax: 'anyconnect-custom-attr TYPE [description DESCRIPTION]', modes: W, key: 'TYPE',
    args: { TYPE: name('Custom attribute type', 'custom-attr'), DESCRIPTION: text('Description of the attribute') },
    help: { 'anyconnect-custom-attr': 'Configure an AnyConnect custom attribute type', description: 'Describe the attribute' } }),
  csdImage: decl({ kind: 'w.csd-image', syntax: 'csd image PATH', modes: W, noUpTo: 2, args: { PATH: flash('Secure Desktop image') },
    help: { csd: 'Configure Cisco Secure Desktop', image: 'Secure Desktop image' } }),
  csdHostscan: decl({ kind: 'w.csd-hostscan', syntax: 'csd hostscan image PATH', modes: W, noUpTo: 3, args: { PATH: flash('HostScan image') },
    help: { hostscan: 'Configure HostScan' } }),
  csdEnable: decl({ kind: 'w.csd-enable', syntax: 'csd enable', modes: W }),
  keepout: decl({ kind: 'w.keepout', syntax: 'keepout TEXT', modes: W, noUpTo: 1, args: { TEXT: text('Message shown to clientless users') },
    help: { keepout: 'Keep clientless users out with a message' } }),
  other: decl({ kind: 'w.other', syntax: '{http-headers | hsts-server | certificate-group-map | onscreen-keyboard | internal-password | portal-access-rule | file-encoding | apcf | smart-tunnel | logout-url | mus | rewrite | auto-signon | character-encoding | default-idle-timeout | session-timeout | max-clientless-sessions | saml | ssl-server-check | cookie-attributes | java-trustpool | xml-config | user-storage} TEXT', modes: W, key: 'TEXT',
    args: { TEXT: text('Parameters') } }),
  cache: decl({ kind: 'w.cache', syntax: 'cache', modes: W, enters: 'config-webvpn-cache', no: false, help: { cache: 'Configure the WebVPN cache' } }),
  errorRecovery: decl({ kind: 'w.error-recovery', syntax: 'error-recovery disable', modes: W, help: { 'error-recovery': 'Configure error recovery' } }),
  cacheDisable: decl({ kind: 'wc.disable', syntax: 'disable', modes: ['config-webvpn-cache'], help: { disable: 'Disable caching' } }),
  cacheOther: decl({ kind: 'wc.other', syntax: '{max-object-size | min-object-size | lmfactor | expiry-time | cache-compressed | cache-static-content} TEXT', modes: ['config-webvpn-cache'], key: 'TEXT',
    args: { TEXT: text('Parameters') } }),
};

export const webvpnDecls = Object.values(webvpn);
