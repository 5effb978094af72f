// What the gateway offers the rest of the process (App['vpn']): plain data and two actions. The
// session records and counters behind `show vpn-sessiondb`, the certificate behind `show webvpn
// certificate`, logoff, and the pool check the config layer makes before a pool is removed.
// The gateway formats none of it: the `show` texts are made in src/shell/show/.
//
// This is the one gateway module other layers may name: app-types.ts re-exports VpnService, and the
// shell imports these types (type-only) for its formatters. It imports only from src/gateway/, so
// the gateway depends on neither (test/architecture/imports.test.ts holds both rules).
import type { LogoffFilter, SessionRecord, SessionStats } from './sessions.ts';

export type { Counters, LogoffFilter, SessionProtocol, SessionRecord, SessionStats, TunnelInfo } from './sessions.ts';

/** The gateway's TLS certificate, as `show webvpn certificate` prints it. */
export interface CertificateInfo {
  /** hexadecimal, as X509Certificate.serialNumber gives it */
  serial: string;
  /** RSA modulus length */
  bits: number;
  /** e.g. `CN=headend` */
  subject: string;
  /** X509Certificate.validFrom / validTo, e.g. `Nov 23 19:20:02 2026 GMT` */
  validFrom: string;
  validTo: string;
  /** the RFC 7469 pin, as openconnect --servercert takes it */
  pin: string;
}

/** The forwarding plane's device as `show interface` and `show route` print it. */
export interface ForwardingStatus {
  device: string;
  mtu: number;
  /** the gateway side of each pool, CIDR (IPv4 and IPv6) */
  addresses: string[];
  /** host routes for addresses outside every pool subnet (framed addresses), CIDR */
  hostRoutes: string[];
  packetsIn: number; bytesIn: number; packetsOut: number; bytesOut: number;
  /** read from the device for an address no session holds */
  dropsNoSession: number;
  /** refused by the kernel on write */
  dropsWrite: number;
}

export interface VpnService {
  /** a snapshot of every session, by index */
  sessions(): SessionRecord[];
  stats(): SessionStats;
  /** ends the matching sessions, telling each client `reason`; the number ended */
  logoff(filter: LogoffFilter, reason: string): number;
  certificate(): CertificateInfo;
  certPin(): string;
  poolInUse(pool: string): boolean;
  /** the IPv4 addresses of a pool a new session cannot get: leased, or the gateway's own */
  poolTaken(pool: string): string[];
  /** the forwarding plane, or null when the gateway has none */
  forwarding(): ForwardingStatus | null;
  /** the vpn-filter hit counters of an access-list, by rule key (`show access-list`); empty when never compiled */
  accessListHits(name: string): ReadonlyMap<string, number>;
  /** `clear access-list NAME counters` */
  clearAccessListHits(name: string): void;
}
