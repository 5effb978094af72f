// Words every configuration mode understands.
import { decl, type Mode } from './syntax.ts';

export const configModes: Mode[] = [
  'config', 'config-if', 'config-webvpn', 'config-webvpn-cache', 'config-group-policy', 'config-group-webvpn',
  'config-tunnel-general', 'config-tunnel-webvpn', 'config-tunnel-ipsec', 'config-tunnel-ppp',
  'config-username', 'config-username-webvpn', 'config-passthrough',
  'config-aaa-server-group', 'config-aaa-server-host', 'config-ldap-attribute-map',
];

export const common = {
  exit: decl({ kind: 'exit', priv: 1, syntax: 'exit', modes: [...configModes, 'user', 'priv'], no: false,
    help: { exit: 'Exit from the current mode' } }),
  end: decl({ kind: 'end', priv: 1, syntax: 'end', modes: configModes, no: false,
    help: { end: 'Exit from configure mode' } }),
  quit: decl({ kind: 'quit', priv: 0, syntax: 'quit', modes: ['user', 'priv'], no: false, help: { quit: 'Exit from the EXEC' } }),
  logout: decl({ kind: 'logout', priv: 0, syntax: 'logout', modes: ['user', 'priv'], no: false, help: { logout: 'Exit from the EXEC' } }),
};

export const commonDecls = Object.values(common);
