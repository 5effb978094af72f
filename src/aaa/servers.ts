// The AAA server groups of the running-config at work: which hosts of a group are ACTIVE or FAILED,
// the order they are asked in, and each host's counters (`show aaa-server`). As on an ASA:
//  - a request goes to the group's first ACTIVE host; a host that does not answer within its
//    `timeout` (sent again every `retry-interval`) counts one failure and the next host is asked;
//  - a host with `max-failed-attempts` consecutive failures is marked FAILED;
//  - `reactivation-mode depletion [deadtime M]`: FAILED hosts come back only when every host of
//    the group has failed, M minutes after the last one did; `timed`: each 30 s after it failed;
//  - a group none of whose hosts answered is "down": only then does `LOCAL` after the group name
//    apply (a reject is an answer).
// The state lives in memory only, keyed by group and host, and is dropped with the host's config.
import { aaaServer as A } from '../../grammar/aaa-server.ts';
import { argDefault } from '../config/defaults.ts';
import type { AaaHost, AaaServerGroup, RunningConfig } from '../config/model.ts';
import { interfaceAddress } from './interfaces.ts';
import type { Invalid } from './radius/packet.ts';
import { RadiusTransport, type Destination } from './radius/transport.ts';
import { HostResolver } from './resolver.ts';
import { PendingChanges } from './ldap/pending.ts';

export interface HostStats {
  authRequests: number; authzRequests: number; acctRequests: number; retransmissions: number;
  accepts: number; rejects: number; challenges: number; malformed: number; badAuthenticators: number;
  timeouts: number; unrecognized: number; rttSum: number; rttCount: number;
}

export interface HostState { status: 'ACTIVE' | 'FAILED'; failures: number; failedAt: number; lastTransaction?: Date; pending: number; stats: HostStats }

/** timed reactivation: 30 s (Cisco ASA command reference, reactivation-mode) */
export const TIMED_REACTIVATION_MS = 30_000;

const zero = (): HostStats => ({ authRequests: 0, authzRequests: 0, acctRequests: 0, retransmissions: 0, accepts: 0, rejects: 0, challenges: 0,
  malformed: 0, badAuthenticators: 0, timeouts: 0, unrecognized: 0, rttSum: 0, rttCount: 0 });

export type ServerEvent =
  | { type: 'server-failed'; group: string; host: string; protocol: string }
  | { type: 'server-active'; group: string; host: string; protocol: string }
  | { type: 'invalid-reply'; group?: string; host: string; why: Invalid['invalid']; detail: string }
  /** an ldaps server whose certificate did not verify (the connection was refused) */
  | { type: 'cert-invalid'; group: string; host: string; reason: string };

/** one host of a group with what a request needs of it */
export interface HostView { group: AaaServerGroup; host: AaaHost; state: HostState }

export class AaaServers {
  readonly radius: RadiusTransport;
  /** host names to addresses (src/aaa/resolver.ts) */
  readonly resolver = new HostResolver();
  /** LDAP logins waiting for a new password (`password-management`) */
  readonly passwordChanges = new PendingChanges();
  private readonly states = new Map<string, HostState>();

  constructor(private readonly config: () => RunningConfig, private readonly onEvent: (e: ServerEvent) => void = () => {}, private readonly now = () => Date.now()) {
    this.radius = new RadiusTransport((dest, why) => this.invalid(dest, why));
  }

  private key(g: string, addr: string): string { return `${g}\u0000${addr.toLowerCase()}`; }

  state(g: AaaServerGroup, h: AaaHost): HostState {
    const k = this.key(g.name, h.addr);
    let s = this.states.get(k);
    if (!s) { s = { status: 'ACTIVE', failures: 0, failedAt: 0, pending: 0, stats: zero() }; this.states.set(k, s); }
    return s;
  }

  /** forgets the hosts the configuration no longer has */
  prune(): void {
    const c = this.config();
    for (const k of this.states.keys()) {
      const [g, a] = k.split('\u0000');
      if (!c.aaaServers.get(g)?.hosts.has(a)) this.states.delete(k);
    }
  }

  private invalid(dest: Destination, why: Invalid): void {
    const v = this.find(dest.address, dest.port);
    if (v) {
      if (why.invalid === 'malformed') v.state.stats.malformed++;
      else if (why.invalid === 'bad-authenticator') v.state.stats.badAuthenticators++;
      else v.state.stats.unrecognized++;
    }
    this.emit({ type: 'invalid-reply', group: v?.group.name, host: dest.address, why: why.invalid, detail: why.detail });
  }

  private find(address: string, port: number): HostView | undefined {
    for (const g of this.config().aaaServers.values()) {
      for (const h of g.hosts.values()) {
        if (h.addr !== address && this.resolver.cached(h.addr) !== address) continue;
        const ports = [h.attrs.get(A.authenticationPort)?.args.PORT ?? argDefault(A.authenticationPort, 'PORT'), h.attrs.get(A.accountingPort)?.args.PORT ?? argDefault(A.accountingPort, 'PORT')];
        if (ports.includes(port)) return { group: g, host: h, state: this.state(g, h) };
      }
    }
    return undefined;
  }

  /** an ldaps host's certificate did not verify: told to the audit log */
  certInvalid(v: HostView, reason: string): void { this.emit({ type: 'cert-invalid', group: v.group.name, host: v.host.addr, reason }); }

  private emit(e: ServerEvent): void {
    try { this.onEvent(e); } catch { /* a listener's bug must not change an answer */ }
  }

  /** FAILED hosts brought back as `reactivation-mode` says */
  private reactivate(g: AaaServerGroup): void {
    const mode = g.attrs.get(A.reactivationMode);
    const views = [...g.hosts.values()].map((h) => ({ h, s: this.state(g, h) }));
    const now = this.now();
    const back = (h: AaaHost, s: HostState) => {
      s.status = 'ACTIVE'; s.failures = 0;
      this.emit({ type: 'server-active', group: g.name, host: h.addr, protocol: g.protocol });
    };
    if (mode?.kws.has('timed')) {
      for (const { h, s } of views) if (s.status === 'FAILED' && now - s.failedAt >= TIMED_REACTIVATION_MS) back(h, s);
      return;
    }
    if (!views.length || views.some((v) => v.s.status === 'ACTIVE')) return;
    const deadMin = mode?.args.MINUTES ?? argDefault(A.reactivationMode, 'MINUTES');
    const last = Math.max(...views.map((v) => v.s.failedAt));
    if (now - last >= deadMin * 60_000) for (const { h, s } of views) back(h, s);
  }

  /** the hosts to ask, in order: the ACTIVE ones (after reactivation) */
  activeHosts(g: AaaServerGroup): HostView[] {
    this.reactivate(g);
    return [...g.hosts.values()].map((h) => ({ group: g, host: h, state: this.state(g, h) })).filter((v) => v.state.status === 'ACTIVE');
  }

  /** a FAILED host made ACTIVE again at once (`test aaa-server` on a FAILED host) */
  reactivateHost(v: HostView): void {
    if (v.state.status !== 'FAILED') return;
    v.state.status = 'ACTIVE';
    v.state.failures = 0;
    this.emit({ type: 'server-active', group: v.group.name, host: v.host.addr, protocol: v.group.protocol });
  }

  /** a host answered: its failures start again */
  answered(v: HostView, rttMs: number): void {
    v.state.failures = 0;
    v.state.lastTransaction = new Date(this.now());
    v.state.stats.rttSum += rttMs;
    v.state.stats.rttCount++;
  }

  /** a host did not answer: one more failure, FAILED at `max-failed-attempts` */
  noAnswer(v: HostView): void {
    v.state.stats.timeouts++;
    v.state.failures++;
    const max = v.group.attrs.get(A.maxFailedAttempts)?.args.ATTEMPTS ?? argDefault(A.maxFailedAttempts, 'ATTEMPTS');
    if (v.state.status === 'ACTIVE' && v.state.failures >= max) {
      v.state.status = 'FAILED';
      v.state.failedAt = this.now();
      this.emit({ type: 'server-failed', group: v.group.name, host: v.host.addr, protocol: v.group.protocol });
    }
  }

  /** the address requests of this host come from: its interface's, else none (the system chooses) */
  nasAddress(h: AaaHost): string | undefined {
    const ifc = h.ifc?.replace(/^\(|\)$/g, '');
    return ifc ? interfaceAddress(this.config(), ifc) : undefined;
  }

  /** every host of `name` (or of every group) with its state, for `show aaa-server` */
  list(name?: string): HostView[] {
    const out: HostView[] = [];
    for (const g of this.config().aaaServers.values()) {
      if (name !== undefined && g.name !== name) continue;
      this.reactivate(g);
      for (const h of g.hosts.values()) out.push({ group: g, host: h, state: this.state(g, h) });
    }
    return out;
  }

  close(): void { this.radius.close(); }
}
