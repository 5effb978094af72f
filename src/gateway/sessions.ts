// The session table. A session (the ASA's "AnyConnect-Parent") exists from a successful login until
// logoff, timeout or DPD failure; its SSL tunnel may come and go (rekey new-tunnel, client reconnects)
// while the session keeps its cookie, its addresses and its counters.
import type { EffectivePolicy } from './view.ts';
import type { Lease4, Lease6 } from './pools.ts';
import type { PathDrops, SessionPath } from './session-path.ts';

export type SessionProtocol = 'AnyConnect-Parent' | 'SSL-Tunnel';

export interface Counters { bytesTx: number; bytesRx: number; pktsTx: number; pktsRx: number; pktsTxDrop: number; pktsRxDrop: number }

export const zeroCounters = (): Counters => ({ bytesTx: 0, bytesRx: 0, pktsTx: 0, pktsRx: 0, pktsTxDrop: 0, pktsRxDrop: 0 });

/** What `show vpn-sessiondb detail` says about the SSL tunnel. */
export interface TunnelInfo {
  /** `<session index>.<tunnel number>` as the ASA numbers them */
  id: string;
  /** e.g. TLSv1.3 */
  tlsVersion: string;
  /** OpenSSL/IANA name, e.g. TLS_AES_256_GCM_SHA384 */
  cipherSuite: string;
  /** ASA spelling, e.g. AES-GCM-256 */
  encryption: string;
  /** e.g. SHA384 */
  hashing: string;
  srcPort: number;
  dstPort: number;
  compression: 'deflate' | 'none';
  mtu: number;
  connectedAt: Date;
  counters: Counters;
}

/** A read-only snapshot of one session, for `show vpn-sessiondb` and the config layer. */
export interface SessionRecord {
  index: number;
  user: string;
  tunnelGroup: string;
  groupPolicy: string;
  assignedIp: string | null;
  assignedIpv6: string | null;
  publicIp: string;
  publicPort: number;
  /** the listener the client came in on */
  localAddress: string;
  localPort: number;
  loginTime: Date;
  /** last user traffic (data packets) either way, or the login */
  lastActivity: Date;
  protocols: SessionProtocol[];
  /** totals over the session's life, all tunnels included */
  counters: Counters;
  tunnel: TunnelInfo | null;
  /** <version who="vpn"> of the init, e.g. v9.01-3 */
  clientVersion: string;
  /** the User-Agent, e.g. "Open AnyConnect VPN Agent v9.01-3" */
  userAgent: string;
  /** <device-id>, e.g. linux-64 */
  clientOs: string;
  modules: string[];
  auditSessionId: string;
  idleTimeoutMin: number | null;
  sessionTimeoutMin: number | null;
  /** the forwarding plane's device, or null when the gateway has none (only its own address answers) */
  forwardingDevice: string | null;
  /** packets dropped on the session's path: spoofed source, vpn-filter, over the tunnel MTU */
  pathDrops: PathDrops;
  /** the RADIUS Class values of the login (base64), for accounting */
  classes?: string[];
  /** the cluster member holding the session, in a cluster-wide view (src/cluster/); absent in the local table */
  member?: string;
}

/** What the session table needs of a live tunnel (implemented by tunnel.ts). */
export interface TunnelLink {
  readonly lastRx: number;
  readonly dpdSentAt: number;
  readonly closed: boolean;
  sendPacket(packet: Buffer): boolean;
  /** a packet for the client dropped before the tunnel (vpn-filter, MTU): counted as a Tx drop */
  countTxDrop(): void;
  sendDpdRequest(): void;
  close(how: 'disconnect' | 'terminate' | 'silent', reason: string): void;
}

export type LogoffFilter = { all: true } | { name: string } | { index: number } | { tunnelGroup: string };

/** Internal, mutable state of a session. */
export interface Session {
  index: number;
  user: string;
  token: string;
  policy: EffectivePolicy;
  publicIp: string;
  publicPort: number;
  localAddress: string;
  localPort: number;
  loginTime: number;
  lastActivity: number;
  /** when the session lost (or never had) its tunnel; drives the detached timeout */
  detachedSince: number | null;
  lease4: Lease4 | null;
  /** framed addresses are not pool leases */
  framed: { address: string; mask: string; gateway: string | null } | null;
  lease6: Lease6 | null;
  counters: Counters;
  tunnelSeq: number;
  tunnel: { info: TunnelInfo; link: TunnelLink } | null;
  clientVersion: string;
  userAgent: string;
  clientOs: string;
  auditSessionId: string;
  /** set when the tunnel first comes up (addresses known); see session-path.ts */
  path: SessionPath | null;
}

export function snapshot(s: Session, forwardingDevice: string | null = null): SessionRecord {
  return {
    index: s.index,
    user: s.user,
    tunnelGroup: s.policy.tunnelGroup,
    groupPolicy: s.policy.groupPolicy,
    assignedIp: s.framed?.address ?? s.lease4?.address ?? null,
    assignedIpv6: s.lease6?.address ?? null,
    publicIp: s.publicIp,
    publicPort: s.publicPort,
    localAddress: s.localAddress,
    localPort: s.localPort,
    loginTime: new Date(s.loginTime),
    lastActivity: new Date(s.lastActivity),
    protocols: s.tunnel ? ['AnyConnect-Parent', 'SSL-Tunnel'] : ['AnyConnect-Parent'],
    counters: { ...s.counters },
    tunnel: s.tunnel ? { ...s.tunnel.info, counters: { ...s.tunnel.info.counters } } : null,
    clientVersion: s.clientVersion,
    userAgent: s.userAgent,
    clientOs: s.clientOs,
    modules: [...s.policy.modules],
    auditSessionId: s.auditSessionId,
    idleTimeoutMin: s.policy.idleTimeoutMin,
    sessionTimeoutMin: s.policy.sessionTimeoutMin,
    forwardingDevice,
    pathDrops: s.path ? { ...s.path.drops } : { spoofed: 0, filtered: 0, tooBig: 0 },
    ...(s.policy.classes ? { classes: [...s.policy.classes] } : {}),
  };
}

export function matchesFilter(s: Session, f: LogoffFilter): boolean {
  if ('all' in f) return true;
  if ('name' in f) return s.user === f.name;
  if ('index' in f) return s.index === f.index;
  return s.policy.tunnelGroup === f.tunnelGroup;
}

/** Counts `show vpn-sessiondb summary` needs beyond the live table. */
export interface SessionStats {
  cumulative: number;
  peak: number;
  tunnelsCumulative: number;
  tunnelsPeak: number;
}

export class SessionTable {
  private byIndex = new Map<number, Session>();
  /** user → that user's session indices (vpn-simultaneous-logins looks at every login) */
  private byUser = new Map<string, Set<number>>();
  private nextIndex = 1;
  /** the highest index handed out: an index from elsewhere (the cluster's) is always above it */
  private highest = 0;
  /** indices are added in increasing order, so the map's order is the index order; false if not */
  private ordered = true;
  private lastAdded = 0;
  readonly stats: SessionStats = { cumulative: 0, peak: 0, tunnelsCumulative: 0, tunnelsPeak: 0 };

  /**
   * the index of a new session: 1, 2, 3 ... as an ASA numbers them, unless `external` (the
   * cluster's numbering, src/cluster/slots.ts) gives one, which it makes higher than `last`;
   * either way every index is above every earlier one, so none is ever reused in this process
   */
  allocateIndex(external?: (last: number) => number | null): number {
    const x = external?.(this.highest) ?? null;
    const i = x !== null && Number.isSafeInteger(x) && x > this.highest ? x : Math.max(this.nextIndex, this.highest + 1);
    if (x === null || i !== x) this.nextIndex = i + 1;
    this.highest = i;
    return i;
  }

  add(s: Session): void {
    if (s.index <= this.lastAdded) this.ordered = false;
    this.lastAdded = Math.max(this.lastAdded, s.index);
    this.byIndex.set(s.index, s);
    let mine = this.byUser.get(s.user);
    if (!mine) { mine = new Set(); this.byUser.set(s.user, mine); }
    mine.add(s.index);
    this.stats.cumulative++;
    this.stats.peak = Math.max(this.stats.peak, this.byIndex.size);
  }

  tunnelUp(): void {
    this.stats.tunnelsCumulative++;
    let up = 0;
    for (const s of this.byIndex.values()) if (s.tunnel) up++;
    this.stats.tunnelsPeak = Math.max(this.stats.tunnelsPeak, up);
  }

  remove(index: number): Session | undefined {
    const s = this.byIndex.get(index);
    this.byIndex.delete(index);
    if (s) {
      const mine = this.byUser.get(s.user);
      mine?.delete(index);
      if (mine && !mine.size) this.byUser.delete(s.user);
    }
    return s;
  }

  get(index: number): Session | undefined { return this.byIndex.get(index); }

  /** every session, by index */
  all(): Session[] {
    const list = [...this.byIndex.values()];
    return this.ordered ? list : list.sort((a, b) => a.index - b.index);
  }

  ofUser(user: string): Session[] {
    const mine = this.byUser.get(user);
    if (!mine) return [];
    return [...mine].sort((a, b) => a - b).map((i) => this.byIndex.get(i)!);
  }

  get size(): number { return this.byIndex.size; }
}
