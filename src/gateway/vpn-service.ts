// The gateway as the shell sees it (App['vpn']): session records, counters, the certificate, logoff
// and pool use, as data. The `show` texts are the shell's (src/shell/show/). Kept apart from
// gateway.ts so that what the rest of the process may ask of the gateway is this narrow interface.
import type { Gateway } from './gateway.ts';
import type { VpnService } from './api.ts';
import type { GatewayView } from './view.ts';

/** `view`: the gateway's view, whose packet filters hold the vpn-filter hit counters */
export function vpnService(gw: Gateway, view?: Pick<GatewayView, 'packetFilter'>): VpnService {
  const NONE: ReadonlyMap<string, number> = new Map();
  return {
    sessions: () => gw.sessions(),
    stats: () => gw.stats(),
    logoff: (filter, reason) => gw.logoff(filter, reason),
    certificate() {
      const c = gw.certificate();
      return { serial: c.serial, bits: c.bits, subject: c.subject, validFrom: c.validFrom, validTo: c.validTo, pin: c.pin };
    },
    certPin: () => gw.certPin(),
    poolInUse: (pool) => gw.poolInUse(pool),
    poolTaken: (pool) => gw.poolTaken(pool),
    forwarding: () => gw.forwarding(),
    accessListHits: (name) => view?.packetFilter?.(name)?.hits?.() ?? NONE,
    clearAccessListHits: (name) => view?.packetFilter?.(name)?.clearHits?.(),
  };
}
