// Words every configuration mode understands.
import { decl, type Mode } from './syntax.ts';

export const configModes: Mode[] = [
  'config', 'config-if', 'config-webvpn', 'config-webvpn-cache', 'config-group-policy', 'config-group-webvpn',
  'config-tunnel-general', 'config-tunnel-webvpn', 'config-tunnel-ipsec', 'config-tunnel-ppp',
  'config-username', 'config-username-webvpn', 'config-passthrough',
];

export const commonDecls = [
  decl({ kind: 'exit', syntax: 'exit', modes: [...configModes, 'user', 'priv'], no: false,
    help: { exit: 'Exit from the current mode' } }),
  decl({ kind: 'end', syntax: 'end', modes: configModes, no: false,
    help: { end: 'Exit from configure mode' } }),
  decl({ kind: 'quit', syntax: 'quit', modes: ['user', 'priv'], no: false, help: { quit: 'Exit from the EXEC' } }),
  decl({ kind: 'logout', syntax: 'logout', modes: ['user', 'priv'], no: false, help: { logout: 'Exit from the EXEC' } }),
];
