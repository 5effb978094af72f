// A tunnel-group's `authorization-server-group`: once the user is authenticated (LOCAL, RADIUS or
// LDAP), the group is asked for the user's attributes, which are applied to the session as an
// authentication server's are (they replace what the authentication server said).
//  - RADIUS: an Access-Request whose User-Password is the host's `radius-common-pw`, or the username
//    when it has none: "A RADIUS authorization server requires a password and username for each
//    connecting user" (Cisco ASDM 6.0 User Guide OL-12180-01, AAA Server Groups, Common Password;
//    Cisco ASA command reference, radius-common-pw: without one, the username is the password).
//  - LDAP: a search with the login DN, no user bind (src/aaa/ldap/authorize.ts).
// Hosts are asked in order and fail over as for authentication (src/aaa/servers.ts). Whether a
// failed authorization fails the login is the caller's (`authorization-required`).
import { aaaServer as A } from '../../grammar/aaa-server.ts';
import type { AaaHost, AaaServerGroup, RunningConfig } from '../config/model.ts';
import type { AaaServers } from './servers.ts';
import { askHost, type GroupVerdict } from './radius/auth.ts';
import type { ServerAttributes } from './types.ts';

export type AuthzVerdict =
  | { kind: 'accept'; host: string; attributes: ServerAttributes }
  | { kind: 'reject'; host?: string; message: string }
  | { kind: 'down'; detail: string };

/** the host's `radius-common-pw`, if it has one */
export function radiusCommonPassword(h: AaaHost): string | undefined {
  const c = h.attrs.all(A.hostOther).find((x) => x.kws.has('radius-common-pw'));
  const pw = c?.args.TEXT?.trim();
  return pw ? pw : undefined;
}

export async function authorizeUser(servers: AaaServers, config: () => RunningConfig, g: AaaServerGroup, user: string, source: string, tunnelGroup?: string): Promise<AuthzVerdict> {
  if (g.protocol !== 'radius' && g.protocol !== 'ldap') return { kind: 'reject', message: `aaa-server group ${g.name} (${g.protocol}) cannot authorize` };
  const hosts = servers.activeHosts(g);
  if (!hosts.length) return { kind: 'down', detail: `no active server in group ${g.name}` };
  for (const v of hosts) {
    let r: GroupVerdict | undefined;
    if (g.protocol === 'ldap') r = await (await import('./ldap/authorize.ts')).authorizeLdapHost(servers, config, v, user);
    else r = await askHost(servers, v, { user, password: radiusCommonPassword(v.host) ?? user, source, ...(tunnelGroup ? { tunnelGroup } : {}) }, true);
    if (!r) continue;
    switch (r.kind) {
      case 'accept': return { kind: 'accept', host: r.host, attributes: r.attributes };
      case 'reject': return { kind: 'reject', host: r.host, message: r.message ?? 'rejected' };
      // an authorization has no second prompt to put a challenge to
      case 'challenge': return { kind: 'reject', host: r.host, message: 'challenged' };
      case 'down': return r;
    }
  }
  return { kind: 'down', detail: `no server of group ${g.name} answered` };
}
