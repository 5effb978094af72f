// The session limits the running-config sets (grammar/vpn-sessiondb.ts), with the grammar's
// defaults (the platform's limit) when no `vpn-sessiondb max-...` line is given.
import { vpnSessiondb as VS } from '../../grammar/vpn-sessiondb.ts';
import { defaultOf } from './defaults.ts';
import type { RunningConfig } from './model.ts';

export interface SessionLimits {
  /** AnyConnect sessions this device takes: a login past it is refused; a cluster member's capacity */
  anyconnect: number;
  /** other VPN sessions (headend has none) */
  other: number;
  /** `Device Total VPN Capacity`: the platform's limit, whatever is configured */
  platform: number;
}

export function sessionLimits(c: RunningConfig): SessionLimits {
  return {
    anyconnect: (c.global.get(VS.maxAnyconnect) ?? defaultOf(VS.maxAnyconnect)).args.LIMIT,
    other: (c.global.get(VS.maxOther) ?? defaultOf(VS.maxOther)).args.LIMIT,
    platform: defaultOf(VS.maxAnyconnect).args.LIMIT,
  };
}
