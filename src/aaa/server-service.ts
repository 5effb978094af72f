// What the CLI may ask of the server groups: each host's state and counters (`show aaa-server`),
// and one authentication against one host (`test aaa-server authentication`), which counts in the
// host's statistics and failures as any request does.
import { aaaServer as A } from '../../grammar/aaa-server.ts';
import type { AaaServerRecord, AaaServerService, AaaTestResult } from '../app-types.ts';
import { argDefault } from '../config/defaults.ts';
import type { RunningConfig } from '../config/model.ts';
import type { AaaServers, HostView } from './servers.ts';
import { askHost, hostDestination, hostTiming } from './radius/auth.ts';
import { isIP } from 'node:net';
import { hostUrl } from './ldap/url.ts';

function record(servers: AaaServers, v: HostView): AaaServerRecord {
  const s = v.state.stats;
  // a name not (yet) resolved shows no address
  const named = !isIP(v.host.addr);
  return {
    group: v.group.name, protocol: v.group.protocol, address: named ? servers.resolver.cached(v.host.addr) ?? '0.0.0.0' : v.host.addr,
    ...(named ? { hostname: v.host.addr } : {}), status: v.state.status,
    port: v.group.protocol === 'ldap' ? Number(/:(\d+)$/.exec(hostUrl(v))![1]) : hostDestination(v).port,
    ...(v.state.status === 'FAILED' ? { since: new Date(v.state.failedAt) } : v.state.lastTransaction ? { since: v.state.lastTransaction } : {}),
    pending: v.state.pending, averageRttMs: s.rttCount ? Math.round(s.rttSum / s.rttCount) : 0,
    authRequests: s.authRequests, authzRequests: s.authzRequests, acctRequests: s.acctRequests, retransmissions: s.retransmissions,
    accepts: s.accepts, rejects: s.rejects, challenges: s.challenges, malformed: s.malformed, badAuthenticators: s.badAuthenticators,
    timeouts: s.timeouts, unrecognized: s.unrecognized,
  };
}

export function serverService(servers: AaaServers, config: () => RunningConfig): AaaServerService {
  const view = (group: string, host: string): HostView | 'no-group' | 'no-host' => {
    const g = config().aaaServers.get(group);
    if (!g) return 'no-group';
    const h = g.hosts.get(host.toLowerCase());
    return h ? { group: g, host: h, state: servers.state(g, h) } : 'no-host';
  };
  return {
    records: (group) => { servers.prune(); return servers.list(group).map((v) => record(servers, v)); },
    async resolveNames(group) {
      await Promise.all(servers.list(group).filter((v) => !isIP(v.host.addr)).map((v) => servers.resolver.resolve(v.host.addr, hostTiming(v).timeoutMs)));
    },
    async hostAddress(group, host) {
      const v = view(group, host);
      if (typeof v === 'string') return undefined;
      const r = await servers.resolver.resolve(v.host.addr, hostTiming(v).timeoutMs);
      return 'address' in r ? r.address : undefined;
    },
    hostTimeoutSec: (group, host) => {
      const v = view(group, host);
      return typeof v === 'string' ? undefined : v.host.attrs.get(A.timeout)?.args.SECONDS ?? argDefault(A.timeout, 'SECONDS');
    },
    async test(group, host, user, password): Promise<AaaTestResult> {
      const v = view(group, host);
      if (v === 'no-group' || v === 'no-host') return { result: v };
      if (v.group.protocol !== 'radius' && v.group.protocol !== 'ldap') return { result: 'unsupported', protocol: v.group.protocol };
      // an ASA does not ask a FAILED host: the test fails at once and the host is ACTIVE again
      // (CalebSargeant/docs, source/networking/cisco/asa.rst: "flags the aaa-server as ACTIVE again
      // after the first authentication test fails")
      servers.activeHosts(v.group);
      if (v.state.status === 'FAILED') { servers.reactivateHost(v); return { result: 'removed' }; }
      const r = v.group.protocol === 'ldap' ? (password ? await (await import('./ldap/auth.ts')).askLdapHost(servers, config, v, user, password) : { kind: 'reject' as const, host: v.host.addr })
        : await askHost(servers, v, { user, password, source: v.host.addr });
      if (!r || r.kind === 'down') return { result: 'timeout' };
      if (r.kind === 'accept') return { result: 'accepted' };
      if (r.kind === 'challenge') return { result: 'challenged', message: r.message };
      return { result: 'rejected', ...(r.message ? { message: r.message } : {}) };
    },
  };
}
