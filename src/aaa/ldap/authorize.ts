// LDAP authorization as an ASA does it for a tunnel-group's `authorization-server-group`: the user
// was authenticated elsewhere (LOCAL, RADIUS), so there is no user bind. Bind as `ldap-login-dn`
// (anonymous without one), search `ldap-base-dn` at `ldap-scope` for `(ldap-naming-attribute=USER)`
// and put the entry's attributes through the host's `ldap attribute-map`. No entry is a reject
// (the user is unknown to the directory); a host that cannot be reached counts a failure.
import type { RunningConfig } from '../../config/model.ts';
import type { AaaServers, HostView } from '../servers.ts';
import type { GroupVerdict } from '../radius/auth.ts';
import { findUser, mappedAttributes, onLdapHost } from './auth.ts';

export async function authorizeLdapHost(servers: AaaServers, config: () => RunningConfig, v: HostView, user: string): Promise<GroupVerdict | undefined> {
  v.state.stats.authzRequests++;
  return onLdapHost(servers, config, v, async (client, _timeoutMs, answered) => {
    const { searchEntries, map } = await findUser(client, config, v, user);
    answered();
    if (searchEntries.length !== 1) {
      v.state.stats.rejects++;
      return { kind: 'reject', host: v.host.addr, message: searchEntries.length ? 'more than one entry' : 'no such user' };
    }
    v.state.stats.accepts++;
    return { kind: 'accept', host: v.host.addr, attributes: mappedAttributes(searchEntries[0] as Record<string, unknown>, map) };
  });
}
