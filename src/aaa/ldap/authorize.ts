// LDAP authorization as an ASA does it for a tunnel-group's `authorization-server-group`: the user
// was authenticated elsewhere (LOCAL, RADIUS), so there is no user bind. Bind as `ldap-login-dn`
// (anonymous without one), search `ldap-base-dn` at `ldap-scope` for `(ldap-naming-attribute=USER)`
// and put the entry's attributes through the host's `ldap attribute-map`. No entry is a reject
// (the user is unknown to the directory); a host that cannot be reached counts a failure.
import { ResultCodeError } from 'ldapts';
import { aaaServer as A } from '../../../grammar/aaa-server.ts';
import { argDefault } from '../../config/defaults.ts';
import type { RunningConfig } from '../../config/model.ts';
import type { AaaServers, HostView } from '../servers.ts';
import type { GroupVerdict } from '../radius/auth.ts';
import { certificateFailure, findUser, mappedAttributes, newClient } from './auth.ts';

export async function authorizeLdapHost(servers: AaaServers, config: () => RunningConfig, v: HostView, user: string): Promise<GroupVerdict | undefined> {
  const h = v.host.attrs;
  const timeoutMs = (h.get(A.timeout)?.args.SECONDS ?? argDefault(A.timeout, 'SECONDS')) * 1000;
  v.state.stats.authzRequests++;
  v.state.pending++;
  const t0 = Date.now();
  const client = newClient(config, v, timeoutMs);
  try {
    const { searchEntries, map } = await findUser(client, config, v, user);
    servers.answered(v, Date.now() - t0);
    if (searchEntries.length !== 1) {
      v.state.stats.rejects++;
      return { kind: 'reject', host: v.host.addr, message: searchEntries.length ? 'more than one entry' : 'no such user' };
    }
    v.state.stats.accepts++;
    return { kind: 'accept', host: v.host.addr, attributes: mappedAttributes(searchEntries[0] as Record<string, unknown>, map) };
  } catch (e) {
    if (e instanceof ResultCodeError) {
      // the server answered with an error (the login DN's bind refused, no such base DN, more entries than the size limit)
      servers.answered(v, Date.now() - t0);
      v.state.stats.rejects++;
      return { kind: 'reject', host: v.host.addr, message: e.message };
    }
    // an ldaps certificate that does not verify: logged (717009) and no answer, as for authentication
    const bad = certificateFailure(e);
    if (bad) servers.certInvalid(v, bad);
    servers.noAnswer(v);
    return undefined;
  } finally {
    v.state.pending--;
    await client.unbind().catch(() => undefined);
  }
}
