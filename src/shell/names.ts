// Configured names offered by `?` and Tab where a command takes one.
import type { NameSource } from '../../grammar/syntax.ts';
import type { RunningConfig } from '../config/model.ts';
import { webvpn as W } from '../../grammar/webvpn.ts';
import { iface as IF } from '../../grammar/interface.ts';

export function configuredNames(c: RunningConfig, source: NameSource): string[] {
  switch (source) {
    case 'group-policy': return [...c.groupPolicies.keys()];
    case 'tunnel-group': return [...c.tunnelGroups.keys()];
    case 'ip-pool': return [...c.ipPools.keys()];
    case 'ipv6-pool': return [...c.ipv6Pools.keys()];
    case 'profile': return c.webvpn.all(W.profile).map((p) => p.args.NAME);
    case 'custom-attr': return c.webvpn.all(W.customAttr).map((p) => p.args.TYPE);
    case 'custom-data': return [...new Set([...c.customData.values()].flatMap((m) => [...m.keys()]))];
    case 'username': return [...c.usernames.keys()];
    case 'access-list': return c.acl.names();
    case 'interface-name': return [...c.interfaces.values()].flatMap((i) => { const n = i.attrs.get(IF.nameif); return n && !n.no ? [n.args.NAME] : []; });
    case 'flash': return [];
    case 'aaa-server': return [...c.aaaServers.keys()];
    case 'ldap-attribute-map': return [...c.ldapMaps.keys()];
  }
}

export const sourceLabel: Record<NameSource, string> = {
  'group-policy': 'group-policies',
  'tunnel-group': 'tunnel-groups',
  'ip-pool': 'IP address pools',
  'ipv6-pool': 'IPv6 address pools',
  profile: 'profile packages',
  'custom-attr': 'custom attribute types',
  'custom-data': 'custom attribute names',
  username: 'users',
  'access-list': 'access-lists',
  'interface-name': 'interface names',
  flash: 'files',
  'aaa-server': 'AAA server groups',
  'ldap-attribute-map': 'LDAP attribute maps',
};
