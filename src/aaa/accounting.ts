// RADIUS accounting (RFC 2866) of VPN sessions whose tunnel-group has an `accounting-server-group`:
// Start when the session's tunnel first comes up (it has its address then), Stop when the session
// ends, each with the session's byte and packet counters (Input: from the client). With the group's
// `interim-accounting-update` (ASA's multi-session accounting: "Enable interim accounting update ...
// multi-session accounting for clientless SSL and AnyConnect sessions", Cisco ASA 5500 Series
// Configuration Guide using ASDM OL-20339-01, Configuring AAA Server Groups) the Start goes at login,
// when the parent session is made, and an Interim-Update each time a tunnel is added to the session,
// with its newly assigned address (Cisco ASA command reference, interim-accounting-update: without
// `periodic` that is the only interim update); `periodic H` adds one every H hours. `accounting-mode single` sends to the first
// ACTIVE host that answers, `simultaneous` to every ACTIVE host. Requests are never awaited by the
// gateway; at most one record per session is in flight at a time and at most `cap` sessions are
// followed, so neither a dead server nor a login storm grows memory.
import { aaaServer as A } from '../../grammar/aaa-server.ts';
import { tunnelGroup as TG } from '../../grammar/tunnel-group.ts';
import { argDefault } from '../config/defaults.ts';
import type { RunningConfig } from '../config/model.ts';
import type { SessionRecord } from '../gateway/sessions.ts';
import type { AaaServers, HostView } from './servers.ts';
import { accountingRequest, type Attr } from './radius/packet.ts';
import { hostDestination, resolvedDestination } from './radius/auth.ts';

export type AccountingKind = 'Start' | 'Interim-Update' | 'Stop';

interface Followed { group: string; timer?: NodeJS.Timeout; last: Promise<void>; queued: number }

const GIGA = 2 ** 32;

/** the ASA's disconnect reason (syslog 113019) as RFC 2866 Acct-Terminate-Cause */
function terminateCause(reason: string): string {
  if (/user/i.test(reason)) return 'User-Request';
  if (/idle/i.test(reason)) return 'Idle-Timeout';
  if (/max time/i.test(reason)) return 'Session-Timeout';
  if (/administrator/i.test(reason)) return 'Admin-Reset';
  if (/shutdown/i.test(reason)) return 'NAS-Reboot';
  return 'Lost-Carrier';
}

export class Accounting {
  private readonly sessions = new Map<number, Followed>();

  constructor(
    private readonly servers: AaaServers,
    private readonly config: () => RunningConfig,
    private readonly o: { hourMs?: number; cap?: number; now?: () => number; sessions?: () => SessionRecord[] } = {},
  ) {}

  get followed(): number { return this.sessions.size; }

  /** the RADIUS group that accounts for this tunnel-group's sessions */
  private groupOf(tunnelGroup: string): string | undefined {
    const name = this.config().tunnelGroups.get(tunnelGroup)?.general.get(TG.accountingServerGroup)?.args.SERVER;
    const g = name ? this.config().aaaServers.get(String(name)) : undefined;
    return g?.protocol === 'radius' && g.hosts.size ? g.name : undefined;
  }

  private interim(group: string) { return this.config().aaaServers.get(group)?.attrs.get(A.interimUpdate); }

  /** a new session (the login): accounted from now under `interim-accounting-update` */
  sessionStart(s: SessionRecord): void {
    const group = this.groupOf(s.tunnelGroup);
    if (group && this.interim(group)) this.follow(s, group);
  }

  /**
   * the gateway's tunnel-up: the first one of a session starts its accounting; under
   * `interim-accounting-update` the session was followed from its login and each tunnel added to it
   * is told in an Interim-Update
   */
  tunnelUp(s: SessionRecord): void {
    const f = this.sessions.get(s.index);
    if (f) {
      if (this.interim(f.group)) this.queue(f, 'Interim-Update', s);
      return;
    }
    const group = this.groupOf(s.tunnelGroup);
    if (!group) return;
    this.follow(s, group);
    if (this.interim(group)) this.queue(this.sessions.get(s.index)!, 'Interim-Update', s);
  }

  /** Start, and the periodic Interim-Update of `periodic H` */
  private follow(s: SessionRecord, group: string): void {
    if (this.sessions.has(s.index) || this.sessions.size >= (this.o.cap ?? 10_000)) return;
    const f: Followed = { group, last: Promise.resolve(), queued: 0 };
    this.sessions.set(s.index, f);
    this.queue(f, 'Start', s);
    const hours = this.interim(group);
    if (hours?.kws.has('periodic') && this.o.sessions) {
      const ms = (hours.args.HOURS ?? argDefault(A.interimUpdate, 'HOURS')) * (this.o.hourMs ?? 3_600_000);
      f.timer = setInterval(() => {
        const now = this.o.sessions!().find((x) => x.index === s.index && x.user === s.user);
        if (now) this.queue(f, 'Interim-Update', now);
      }, ms);
      f.timer.unref();
    }
  }

  sessionEnd(s: SessionRecord, reason: string): void {
    const f = this.sessions.get(s.index);
    if (!f) return;
    this.sessions.delete(s.index);
    if (f.timer) clearInterval(f.timer);
    this.queue(f, 'Stop', s, reason);
  }

  /**
   * one record after the other per session: an Interim never overtakes its Start. An Interim-Update
   * is dropped while two records of the session are waiting (a slow or dead server): the next one
   * carries newer counters, and the queue of a session stays short
   */
  private queue(f: Followed, kind: AccountingKind, s: SessionRecord, reason?: string): void {
    if (kind === 'Interim-Update' && f.queued >= 2) return;
    f.queued++;
    f.last = f.last.then(() => this.send(f.group, kind, s, reason)).catch(() => undefined).finally(() => { f.queued--; });
  }

  attributes(kind: AccountingKind, s: SessionRecord, nas: string | undefined, reason?: string): Attr[] {
    const now = this.o.now?.() ?? Date.now();
    const a: Attr[] = [
      ['Acct-Status-Type', kind], ['Acct-Session-Id', s.auditSessionId], ['User-Name', s.user], ['NAS-Port-Type', 'Virtual'],
      ['NAS-Port', s.index], ['NAS-IP-Address', nas ?? '127.0.0.1'], ['Calling-Station-Id', s.publicIp], ['Acct-Authentic', 'RADIUS'],
      ['Vendor-Specific', 3076, [['ASA-Tunnel-Group-Name', s.tunnelGroup], ['ASA-Group-Policy', s.groupPolicy]]],
    ];
    if (s.assignedIp) a.push(['Framed-IP-Address', s.assignedIp]);
    for (const c of s.classes ?? []) a.push(['Class', Buffer.from(c, 'base64')]);
    if (kind !== 'Start') {
      const c = s.counters;
      a.push(['Acct-Session-Time', Math.max(0, Math.floor((now - s.loginTime.getTime()) / 1000))],
        ['Acct-Input-Octets', c.bytesRx % GIGA], ['Acct-Output-Octets', c.bytesTx % GIGA],
        ['Acct-Input-Gigawords', Math.floor(c.bytesRx / GIGA)], ['Acct-Output-Gigawords', Math.floor(c.bytesTx / GIGA)],
        ['Acct-Input-Packets', c.pktsRx % GIGA], ['Acct-Output-Packets', c.pktsTx % GIGA]);
    }
    if (kind === 'Stop') a.push(['Acct-Terminate-Cause', terminateCause(reason ?? '')]);
    return a;
  }

  private async send(group: string, kind: AccountingKind, s: SessionRecord, reason?: string): Promise<void> {
    const g = this.config().aaaServers.get(group);
    if (!g) return;
    const simultaneous = g.attrs.get(A.accountingMode)?.kws.has('simultaneous');
    for (const v of this.servers.activeHosts(g)) {
      const answered = await this.sendTo(v, kind, s, reason);
      if (answered && !simultaneous) return;
    }
  }

  private async sendTo(v: HostView, kind: AccountingKind, s: SessionRecord, reason?: string): Promise<boolean> {
    if (!hostDestination(v, true).secret) return false;
    v.state.stats.acctRequests++;
    v.state.pending++;
    let o;
    try {
      const to = await resolvedDestination(this.servers, v, true);
      if (!to) { this.servers.noAnswer(v); return false; }
      const { dest, timing } = to;
      const attrs = this.attributes(kind, s, this.servers.nasAddress(v.host), reason);
      o = await this.servers.radius.exchange(dest, (id) => accountingRequest(id, dest.secret, attrs), { ...timing, accounting: true });
    } finally {
      v.state.pending--;
    }
    if ('busy' in o) return false;
    v.state.stats.retransmissions += o.retransmissions;
    if ('timeout' in o) { this.servers.noAnswer(v); return false; }
    this.servers.answered(v, o.rttMs);
    return true;
  }

  close(): void {
    for (const f of this.sessions.values()) if (f.timer) clearInterval(f.timer);
    this.sessions.clear();
  }
}
