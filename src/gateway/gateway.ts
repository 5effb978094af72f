// The AnyConnect-compatible SSL VPN gateway: TLS listeners, the aggregate-auth exchange, CONNECT and
// the session table with its timers. Everything it knows about configuration comes through a
// GatewayView; the effective policy of a session is fixed at login.
import type tls from 'node:tls';
import type { Socket } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { loadOrCreateIdentity, tlsServerOptions, type TlsIdentity } from './tls.ts';
import { createHttpsServer, type HttpExchange, type HttpRequest, type HttpResponse } from './http.ts';
import { parseClientAuth, authRequestXml, completeXml, type ClientAuthMessage } from './auth-xml.ts';
import { Challenges } from './challenges.ts';
import { CookieJar, cookieValue } from './cookies.ts';
import { AddressPools, v4GatewayFor } from './pools.ts';
import { planConnect, clientWantsIpv6 } from './connect-headers.ts';
import { Tunnel } from './tunnel.ts';
import { DISCONNECT_REASON } from './cstp.ts';
import { Forwarding } from './session-path.ts';
import type { ForwardingPlane } from './tun/plane.ts';
import type { ForwardingStatus } from './api.ts';
import { groupByUrl, groupBySelect, groupOptions, defaultGroup, type GroupChoice } from './groups.ts';
import { clientPackage } from './portal/platform.ts';
import {
  SessionTable, snapshot, matchesFilter, zeroCounters,
  type LogoffFilter, type Session, type SessionRecord, type SessionStats, type TunnelInfo,
} from './sessions.ts';
import type { AuthResult, GatewayView, ListenerSpec, GroupEntry, EffectivePolicy } from './view.ts';

export interface GatewayOptions {
  view: GatewayView;
  /** the process state folder; the TLS key and certificate live in stateDir/keys */
  stateDir: string;
  /** CN of the self-signed certificate made at first start */
  commonName?: string;
  /** length of a "minute" for idle/session timeouts; only tests change it */
  minuteMs?: number;
  /** timer resolution for timeouts and DPD */
  tickMs?: number;
  /** how long a session without a tunnel survives when it has no idle timeout (seconds) */
  detachedTimeoutSec?: number;
  /** largest accepted request body (bytes); larger ones get 413 */
  maxBody?: number;
  onEvent?: (e: GatewayEvent) => void;
  /** the TUN every session's packets go through; null/absent: sessions reach only the gateway's own address */
  forwarding?: ForwardingPlane | null;
  /** the browser portal (src/gateway/portal): offered every request first; undefined leaves it to the AnyConnect protocol */
  /**
   * a check beyond this process before a session is made (the cluster's vpn-simultaneous-logins):
   * told the user, the limit and how many of the user's sessions this gateway holds; it bounds its own wait
   */
  admit?: (user: string, limit: number, held: number) => Promise<void>;
  /**
   * the index of a new session from beyond this process (a cluster member numbers its sessions so
   * that no other member repeats them), above `last`; null or absent: 1, 2, 3 ... Never waits
   */
  sessionIndex?: (last: number) => number | null;
  portal?: { handle(req: HttpRequest, ctx: { source: string; vpnSession(): boolean }): Promise<HttpResponse | undefined> | HttpResponse | undefined };
}

export type GatewayEvent =
  | { type: 'auth-failed'; user: string; tunnelGroup: string; source: string; reason: string }
  /** authenticated, but the device holds its `vpn-sessiondb max-anyconnect-...` limit of sessions */
  | { type: 'session-limit'; user: string; groupPolicy: string; source: string; limit: number }
  | { type: 'session-start'; session: SessionRecord }
  | { type: 'tunnel-up'; session: SessionRecord }
  | { type: 'tunnel-down'; session: SessionRecord; reason: string }
  | { type: 'session-end'; session: SessionRecord; reason: string }
  | { type: 'listener-error'; address: string; port: number; error: string };

export interface ListenerStatus { address: string; port: number; boundPort: number | null; error?: string }

/** ASA's disconnect reasons (syslog 113019), used for session-end events and the DISCONNECT text */
export const REASON = {
  user: 'User Requested',
  admin: 'Administrator Reset',
  idle: 'Idle Timeout',
  maxTime: 'Max time exceeded',
  dpd: 'Lost Service',
  preempted: 'Connection Preempted',
  noAddress: 'No address available',
  shutdown: 'System Shutdown',
} as const;

const XML_HEADERS: [string, string][] = [
  ['Content-Type', 'text/xml; charset=utf-8'],
  ['X-Transcend-Version', '1'],
  ['Cache-Control', 'no-store'],
  ['X-Frame-Options', 'SAMEORIGIN'],
];

const LOGIN_FAILED = 'Login failed.';
const NO_SSL_CLIENT = 'Login denied, unauthorized connection mechanism, contact your administrator.';
const NOT_ENABLED = 'AnyConnect is not enabled on the VPN server';

interface Listener { spec: ListenerSpec; server: tls.Server; boundPort: number | null; error?: string }

const key = (l: ListenerSpec): string => `${l.address}|${l.port}`;
const plainIp = (a: string | undefined): string => (a ?? '').replace(/^::ffff:(?=\d+\.)/, '');

/** ASA names for the negotiated TLS cipher */
function cipherNames(name: string): { encryption: string; hashing: string } {
  const n = name.toUpperCase();
  const bits = /256/.test(n) ? 256 : /128/.test(n) ? 128 : 0;
  let encryption = 'none';
  if (/GCM/.test(n)) encryption = `AES-GCM-${bits}`;
  else if (/CHACHA20/.test(n)) encryption = 'CHACHA20-POLY1305';
  else if (/AES/.test(n)) encryption = `AES${bits}`;
  const hashing = /SHA384/.test(n) ? 'SHA384' : /SHA256/.test(n) ? 'SHA256' : /SHA/.test(n) ? 'SHA1' : 'none';
  return { encryption, hashing };
}

export class Gateway {
  private readonly view: GatewayView;
  private identity: TlsIdentity | null = null;
  private listeners = new Map<string, Listener>();
  private sockets = new Set<Socket>();
  /** the subset of `sockets` carrying a tunnel, which get a moment to flush their DISCONNECT at stop() */
  private tunnelSockets = new Set<Socket>();
  private table = new SessionTable();
  private cookies = new CookieJar<number>();
  /** logins waiting for the answer to a RADIUS challenge */
  private readonly challenges = new Challenges();
  private pools: AddressPools;
  private fwd: Forwarding;
  private timer: NodeJS.Timeout | null = null;
  private readonly minuteMs: number;
  private readonly tickMs: number;
  private readonly detachedMs: number;
  private readonly maxBody: number;

  constructor(private readonly opts: GatewayOptions) {
    this.view = opts.view;
    this.minuteMs = opts.minuteMs ?? 60_000;
    this.tickMs = opts.tickMs ?? 1000;
    this.detachedMs = (opts.detachedTimeoutSec ?? 1800) * 1000;
    this.maxBody = opts.maxBody ?? 64 * 1024;
    this.pools = new AddressPools((n) => this.view.pool(n));
    this.fwd = new Forwarding(opts.forwarding ?? null, this.view);
  }

  private snap(s: Session): SessionRecord { return snapshot(s, this.fwd.device); }

  // ---- lifecycle ------------------------------------------------------------------------------

  /** Loads (or makes) the TLS identity, opens the listeners and starts the timers. */
  async start(): Promise<ListenerStatus[]> {
    this.ensureIdentity();
    if (!this.timer) {
      this.timer = setInterval(() => this.tick(), this.tickMs);
      this.timer.unref();
    }
    return this.reconcile();
  }

  /**
   * Ends every session (clients are told, so they exit instead of reconnecting), then closes every
   * listener and connection. Waits at most `graceMs` for the goodbyes to be flushed.
   */
  async stop(graceMs = 1000): Promise<void> {
    if (this.timer) { clearInterval(this.timer); this.timer = null; }
    for (const s of this.table.all()) this.endSession(s, REASON.shutdown);
    const closing = [...this.listeners.values()].map((l) => new Promise<void>((r) => l.server.close(() => r())));
    this.listeners.clear();
    for (const s of this.sockets) if (!this.tunnelSockets.has(s)) s.destroy();
    const open = [...this.tunnelSockets];
    if (open.length) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(open.map((s) => (s.destroyed ? undefined : new Promise<void>((r) => s.once('close', () => r()))))),
        new Promise<void>((r) => { timer = setTimeout(r, graceMs); }),
      ]);
      clearTimeout(timer);
    }
    for (const s of this.sockets) s.destroy();
    await Promise.all(closing);
  }

  /**
   * Re-reads view.listeners(): opens new listeners and closes removed ones. Established sessions and
   * connections stay up; a closed listener only stops accepting.
   */
  async reconcile(): Promise<ListenerStatus[]> {
    const id = this.ensureIdentity();
    const want = new Map<string, ListenerSpec>();
    for (const l of this.view.listeners()) want.set(key(l), l);
    for (const [k, l] of this.listeners) {
      if (!want.has(k)) { l.server.close(); this.listeners.delete(k); }
    }
    const opening: Promise<void>[] = [];
    for (const [k, spec] of want) {
      const existing = this.listeners.get(k);
      if (existing && !existing.error) continue;
      opening.push(this.open(k, spec, id));
    }
    await Promise.all(opening);
    await this.fwd.syncPools();
    return this.listening();
  }

  /** The listeners with the port each is bound to (useful when a spec asks for port 0). */
  listening(): ListenerStatus[] {
    return [...this.listeners.values()].map((l) => ({ address: l.spec.address, port: l.spec.port, boundPort: l.boundPort, ...(l.error ? { error: l.error } : {}) }));
  }

  /** The RFC 7469 pin of the gateway certificate, as openconnect --servercert takes it. */
  certPin(): string { return this.ensureIdentity().pin; }

  /** The gateway certificate (PEM) and what `show` commands print about it. */
  certificate(): { pem: string; sha1: string; pin: string; subject: string; serial: string; bits: number; validFrom: string; validTo: string } {
    const id = this.ensureIdentity();
    const x = id.x509;
    return {
      pem: id.cert, sha1: id.sha1, pin: id.pin, subject: x.subject, serial: x.serialNumber,
      bits: x.publicKey.asymmetricKeyDetails?.modulusLength ?? 0, validFrom: x.validFrom, validTo: x.validTo,
    };
  }

  // ---- sessions -------------------------------------------------------------------------------

  sessions(): SessionRecord[] { return this.table.all().map((s) => this.snap(s)); }

  stats(): SessionStats { return { ...this.table.stats }; }

  forwarding(): ForwardingStatus | null { return this.fwd.status(); }

  /** Ends the matching sessions; the client is told `reason` and its cookie stops working. */
  logoff(filter: LogoffFilter, reason: string = REASON.admin): number {
    const victims = this.table.all().filter((s) => matchesFilter(s, filter));
    for (const s of victims) this.endSession(s, reason);
    return victims.length;
  }

  /** Whether any session holds an address of pool `name` (the config layer refuses to remove it then). */
  poolInUse(name: string): boolean { return this.pools.inUse(name); }

  /** The IPv4 addresses of pool `name` not free for a new session (`show ip local pool`). */
  poolTaken(name: string): string[] { return this.pools.taken4(name); }

  // ---- internals ------------------------------------------------------------------------------

  private emit(e: GatewayEvent): void {
    try { this.opts.onEvent?.(e); } catch { /* a listener's bug must not break the gateway */ }
  }

  private ensureIdentity(): TlsIdentity {
    this.identity ??= loadOrCreateIdentity(this.opts.stateDir, this.opts.commonName);
    return this.identity;
  }

  private open(k: string, spec: ListenerSpec, id: TlsIdentity): Promise<void> {
    const server = createHttpsServer(tlsServerOptions(id), (req, conn) => this.handle(req, conn), { maxBody: this.maxBody, maxHeader: 16 * 1024, idleMs: 60_000 });
    const l: Listener = { spec, server, boundPort: null };
    this.listeners.set(k, l);
    server.on('secureConnection', (sock) => this.accept(sock));
    server.on('tlsClientError', (_e, sock) => sock.destroy());
    return new Promise((resolve) => {
      server.once('error', (err: Error) => {
        l.error = err.message;
        this.emit({ type: 'listener-error', address: spec.address, port: spec.port, error: err.message });
        resolve();
      });
      server.listen(spec.port, spec.address, () => {
        const a = server.address();
        l.boundPort = a && typeof a === 'object' ? a.port : spec.port;
        resolve();
      });
    });
  }

  private accept(sock: tls.TLSSocket): void {
    this.sockets.add(sock);
    sock.on('close', () => { this.sockets.delete(sock); this.tunnelSockets.delete(sock); });
  }

  private async handle(req: HttpRequest, conn: HttpExchange): Promise<HttpResponse | 'taken'> {
    const page = await this.opts.portal?.handle(req, { source: plainIp(conn.socket.remoteAddress), vpnSession: () => !!this.sessionFromCookie(req) });
    if (page) return page;
    if (req.method === 'CONNECT') return this.connect(req, conn);
    if (req.method === 'POST') return this.post(req, conn.socket);
    if (req.method === 'GET' && req.path.startsWith('/CACHE/stc/profiles/')) return this.profile(req);
    return { status: 404, headers: [['Content-Type', 'text/plain']], body: 'Not Found\n' };
  }

  private sessionFromCookie(req: HttpRequest): Session | undefined {
    const index = this.cookies.lookup(cookieValue(req.headers['cookie'], 'webvpn'));
    return index === undefined ? undefined : this.table.get(index);
  }

  /** GET of a profile named in the auth reply; openconnect appends ":port" to the path when it is not 443 */
  private profile(req: HttpRequest): HttpResponse {
    const s = this.sessionFromCookie(req);
    if (!s) return { status: 401 };
    let file: string;
    try { file = decodeURIComponent(req.path.slice('/CACHE/stc/profiles/'.length)).replace(/:\d+$/, ''); } catch { return { status: 404 }; }
    const p = s.policy.profiles.find((x) => x.fileName === file);
    if (!p) return { status: 404 };
    return { status: 200, headers: [['Content-Type', 'text/xml'], ['Cache-Control', 'no-store']], body: p.xml };
  }

  // ---- aggregate auth -------------------------------------------------------------------------

  private async post(req: HttpRequest, sock: tls.TLSSocket): Promise<HttpResponse> {
    const msg = parseClientAuth(req.body.toString('utf8'));
    if (!msg) return { status: 400, headers: [['Content-Type', 'text/plain']], body: 'Bad Request\n' };
    if (msg.type === 'logout') {
      const idx = this.cookies.lookup(msg.sessionToken || cookieValue(req.headers['cookie'], 'webvpn'));
      const s = idx === undefined ? undefined : this.table.get(idx);
      if (s) this.endSession(s, REASON.user);
      return { status: 200, headers: XML_HEADERS, body: '' };
    }
    if (msg.type !== 'init' && msg.type !== 'auth-reply') return { status: 400 };

    const groups = this.view.groups();
    const choice = this.chooseGroup(groups, req, msg);
    const form = (error?: string, challenge?: { message: string; handle: string; passwordChange?: boolean }): HttpResponse => ({
      status: 200, headers: XML_HEADERS,
      body: authRequestXml({
        tunnelGroup: choice.group?.tunnelGroup ?? '',
        groupAlias: choice.alias,
        handle: challenge?.handle ?? randomBytes(8).toString('hex'),
        action: req.path,
        groups: challenge ? undefined : choice.options,
        error,
        ...(challenge ? { challenge: true, message: challenge.message, passwordChange: !!challenge.passwordChange } : {}),
      }),
    });
    if (!this.view.anyconnectEnabled()) return form(NOT_ENABLED);
    if (msg.type === 'init') return form();

    const source = plainIp(sock.remoteAddress);
    // the answer to a challenge continues the login that was challenged (same user and group)
    const pending = this.challenges.takeFrom(msg.handle, source);
    const user = pending?.user ?? (msg.fields['username'] ?? '').trim();
    // the new password of a password-change form comes as `password` (the Cisco client and openconnect
    // rename new_password); a client that posts both fields as named must have typed the same twice
    const password = (pending?.passwordChange ? msg.fields['new_password'] : undefined) ?? msg.fields['password'] ?? '';
    const verify = pending?.passwordChange ? msg.fields['verify_password'] : undefined;
    if (pending && verify !== undefined && verify !== password) {
      this.emit({ type: 'auth-failed', user: pending.user, tunnelGroup: pending.tunnelGroup, source, reason: 'the new passwords do not match' });
      return form(LOGIN_FAILED);
    }
    if (!pending && (!choice.group || !user)) {
      this.emit({ type: 'auth-failed', user, tunnelGroup: choice.group?.tunnelGroup ?? '', source, reason: choice.group ? 'no username' : 'no such group' });
      return form(LOGIN_FAILED);
    }
    const tg = pending?.tunnelGroup ?? choice.group!.tunnelGroup;
    let r: AuthResult;
    try {
      r = await this.view.authenticate(user, password, tg, source, pending?.state);
    } catch (err) {
      r = { ok: false, reason: `authentication error: ${(err as Error).message}` };
    }
    if (!r.ok && r.challenge) {
      const handle = this.challenges.add({ user, tunnelGroup: tg, source, state: r.challenge.state, passwordChange: !!r.challenge.passwordChange });
      return form(undefined, { message: r.challenge.message, handle, passwordChange: !!r.challenge.passwordChange });
    }
    if (!r.ok) {
      this.emit({ type: 'auth-failed', user, tunnelGroup: tg, source, reason: r.reason });
      return form(LOGIN_FAILED);
    }
    if (!r.policy.vpnTunnelProtocols.includes('ssl-client')) {
      this.emit({ type: 'auth-failed', user, tunnelGroup: tg, source, reason: 'vpn-tunnel-protocol lacks ssl-client' });
      return form(NO_SSL_CLIENT);
    }
    // the device's session limit, counting the sessions of this user that vpn-simultaneous-logins
    // would end to make room (an ASA refuses the login, syslog 716023; nothing is ended for it)
    const max = this.view.sessionLimit?.();
    if (max !== undefined) {
      const sim = r.policy.simultaneousLogins;
      const freed = sim > 0 ? Math.max(0, this.table.ofUser(user).length - (sim - 1)) : 0;
      if (this.table.size - freed >= max) {
        this.emit({ type: 'session-limit', user, groupPolicy: r.policy.groupPolicy, source, limit: max });
        return form(LOGIN_FAILED);
      }
    }
    if (!this.makeRoom(user, r.policy)) {
      this.emit({ type: 'auth-failed', user, tunnelGroup: tg, source, reason: 'vpn-simultaneous-logins 0' });
      return form(LOGIN_FAILED);
    }
    if (this.opts.admit) {
      try { await this.opts.admit(user, r.policy.simultaneousLogins, this.table.ofUser(user).length); } catch { /* the local check stands */ }
    }
    const s = this.createSession(user, r.policy, req, msg, sock);
    return {
      status: 200,
      headers: [...XML_HEADERS, ['Set-Cookie', `webvpn=${s.token}; path=/; secure; HttpOnly`]],
      body: completeXml({
        sessionId: s.index,
        token: s.token,
        certSha1: this.ensureIdentity().sha1,
        profiles: s.policy.profiles.map((p) => ({ fileName: p.fileName, sha1: createHash('sha1').update(p.xml, 'utf8').digest('hex').toUpperCase() })),
        customAttrs: s.policy.customAttrs.map((a) => ({ type: a.type, value: a.values.map((v) => v.value).join(',') })),
        modules: s.policy.modules,
        pkg: clientPackage(this.view.images?.() ?? [], msg.deviceId, req.headers['user-agent']),
      }),
    };
  }

  private chooseGroup(groups: GroupEntry[], req: HttpRequest, msg: ClientAuthMessage): { group: GroupEntry | undefined; alias: string; options?: { value: string; label: string; selected: boolean }[] } {
    const byUrl = groupByUrl(groups, req.path, req.headers['host']);
    if (byUrl) return { group: byUrl, alias: byUrl.aliases[0] ?? '' };
    const options = this.view.tunnelGroupListEnabled() ? groupOptions(groups) : [];
    if (options.length) {
      const asked = msg.groupSelect || msg.fields['group_list'] || '';
      const picked: GroupChoice | undefined = asked ? groupBySelect(groups, asked) : options[0];
      const list = options.map((o) => ({ value: o.alias, label: o.alias, selected: o.alias === (picked ?? options[0]).alias }));
      // an unknown choice selects no group, so the login fails rather than landing somewhere else
      return { group: picked?.group, alias: picked?.alias ?? '', options: list };
    }
    const d = defaultGroup(groups);
    return { group: d, alias: d?.aliases[0] ?? '' };
  }

  /**
   * vpn-simultaneous-logins: at the limit, the user's session idle the longest (then the oldest) is
   * logged off to make room, as the ASA does. False when the limit is 0.
   */
  private makeRoom(user: string, policy: EffectivePolicy): boolean {
    const limit = policy.simultaneousLogins;
    if (limit <= 0) return false;
    const mine = this.table.ofUser(user);
    mine.sort((a, b) => a.lastActivity - b.lastActivity || a.loginTime - b.loginTime);
    while (mine.length >= limit) this.endSession(mine.shift()!, REASON.preempted);
    return true;
  }

  private createSession(user: string, policy: EffectivePolicy, req: HttpRequest, msg: ClientAuthMessage, sock: tls.TLSSocket): Session {
    const index = this.table.allocateIndex(this.opts.sessionIndex);
    const now = Date.now();
    const local = plainIp(sock.localAddress);
    const localHex = /^\d+\.\d+\.\d+\.\d+$/.test(local) ? local.split('.').map((o) => (+o).toString(16).padStart(2, '0')).join('') : '00000000';
    const s: Session = {
      index, user, token: '', policy,
      publicIp: plainIp(sock.remoteAddress), publicPort: sock.remotePort ?? 0,
      localAddress: local, localPort: sock.localPort ?? 0,
      loginTime: now, lastActivity: now, detachedSince: now,
      lease4: null, framed: null, lease6: null,
      counters: zeroCounters(), tunnelSeq: 1, tunnel: null,
      clientVersion: msg.version, userAgent: req.headers['user-agent'] ?? '', clientOs: msg.deviceId,
      path: null,
      auditSessionId: localHex + index.toString(16).padStart(8, '0') + Math.floor(now / 1000).toString(16).padStart(8, '0'),
    };
    s.token = this.cookies.issue(index);
    this.table.add(s);
    this.emit({ type: 'session-start', session: this.snap(s) });
    return s;
  }

  /** Ends a session: tell the client (unless it is gone), revoke the cookie, return its addresses. */
  private endSession(s: Session, reason: string, how: 'disconnect' | 'silent' = 'disconnect'): void {
    if (!this.table.remove(s.index)) return;
    this.cookies.revoke(s.token);
    this.fwd.release(s);
    if (s.lease4) this.pools.release(s.lease4);
    if (s.lease6) this.pools.release(s.lease6);
    const rec = this.snap(s);
    s.tunnel?.link.close(how, reason);
    s.tunnel = null;
    this.emit({ type: 'session-end', session: rec, reason });
  }

  // ---- the tunnel -----------------------------------------------------------------------------

  private async connect(req: HttpRequest, conn: HttpExchange): Promise<HttpResponse | 'taken'> {
    if (req.path !== '/CSCOSSLC/tunnel') return { status: 404, close: true };
    const s = this.sessionFromCookie(req);
    // 401 makes openconnect give up with "Cookie was rejected" instead of retrying
    if (!s) return { status: 401, close: true };
    if (!this.view.anyconnectEnabled()) return { status: 503, headers: [['X-Reason', NOT_ENABLED]], close: true };

    const pol = s.policy;
    if (!s.framed && !s.lease4) {
      if (pol.framedIp) s.framed = { ...pol.framedIp, gateway: v4GatewayFor(pol.framedIp.address, pol.framedIp.mask) };
      else s.lease4 = this.pools.allocateV4(pol.ipv4Pools, s.index) ?? null;
    }
    if (!s.lease6 && pol.ipv6Pools.length && clientWantsIpv6(req.headers)) {
      s.lease6 = this.pools.allocateV6(pol.ipv6Pools, s.index) ?? null;
    }
    const v4 = s.framed ?? s.lease4;
    if (!v4 && !s.lease6) {
      this.endSession(s, REASON.noAddress, 'silent');
      return { status: 503, headers: [['X-Reason', 'No address available for SVC connection']], close: true };
    }
    if (s.framed && s.framed.gateway === s.framed.address) s.framed.gateway = null;

    const plan = planConnect({
      policy: pol,
      v4: v4 ? { address: v4.address, mask: v4.mask, gateway: v4.gateway } : null,
      v6: s.lease6 ? { address: s.lease6.address, len: s.lease6.len, gateway: s.lease6.gateway } : null,
      request: req.headers,
      sessionRemainingSec: pol.sessionTimeoutMin === null ? null : (s.loginTime + pol.sessionTimeoutMin * this.minuteMs - Date.now()) / 1000,
    });

    // A client that reconnects (rekey new-tunnel, DPD on its side) replaces its previous tunnel.
    s.tunnel?.link.close('silent', 'replaced');
    s.tunnel = null;

    const sock = conn.socket;
    this.tunnelSockets.add(sock);
    const early = conn.takeOver();
    const cipher = sock.getCipher();
    const names = cipherNames(cipher?.standardName ?? cipher?.name ?? '');
    const info: TunnelInfo = {
      id: `${s.index}.${++s.tunnelSeq}`,
      tlsVersion: sock.getProtocol() ?? 'unknown',
      cipherSuite: cipher?.standardName ?? cipher?.name ?? 'unknown',
      encryption: names.encryption,
      hashing: names.hashing,
      srcPort: sock.remotePort ?? 0,
      dstPort: sock.localPort ?? 0,
      compression: plan.compression,
      mtu: plan.mtu,
      connectedAt: new Date(),
      counters: zeroCounters(),
    };
    const tunnel: Tunnel = new Tunnel(sock, plan.compression, [s.counters, info.counters], {
      onPacket: (p) => this.fwd.fromClient(s, tunnel, p),
      onClientDisconnect: (code) => {
        if (code === DISCONNECT_REASON.RECONNECTING) this.detach(s, tunnel, 'Client reconnecting');
        else this.endSession(s, REASON.user);
      },
      onLost: (why) => this.detach(s, tunnel, why),
    }, plan.mtu);
    s.tunnel = { info, link: tunnel };
    s.detachedSince = null;
    this.fwd.attach(s);
    this.table.tunnelUp();
    const head = ['HTTP/1.1 200 CONNECTED', ...plan.headers.map(([k, v]) => `${k}: ${v.replace(/[\r\n]/g, ' ')}`), '', ''].join('\r\n');
    tunnel.start(Buffer.from(head, 'utf8'), early);
    this.emit({ type: 'tunnel-up', session: this.snap(s) });
    return 'taken';
  }

  /** The tunnel went away but the session (cookie, addresses) stays for a reconnect. */
  private detach(s: Session, tunnel: Tunnel, why: string): void {
    if (s.tunnel?.link !== tunnel) return;
    s.tunnel = null;
    s.detachedSince = Date.now();
    this.emit({ type: 'tunnel-down', session: this.snap(s), reason: why });
  }

  // ---- timers ---------------------------------------------------------------------------------

  private tick(): void {
    const now = Date.now();
    for (const s of this.table.all()) {
      const pol = s.policy;
      if (pol.sessionTimeoutMin !== null && now - s.loginTime >= pol.sessionTimeoutMin * this.minuteMs) {
        this.endSession(s, REASON.maxTime);
        continue;
      }
      if (pol.idleTimeoutMin !== null && now - s.lastActivity >= pol.idleTimeoutMin * this.minuteMs) {
        this.endSession(s, REASON.idle);
        continue;
      }
      if (!s.tunnel) {
        if (pol.idleTimeoutMin === null && s.detachedSince !== null && now - s.detachedSince >= this.detachedMs) this.endSession(s, REASON.idle);
        continue;
      }
      const dpd = pol.dpdGatewaySec;
      if (!dpd) continue;
      const link = s.tunnel.link;
      const silent = now - link.lastRx;
      // Two DPD intervals without a single frame from the client (it answers DPD requests at once)
      // means it is gone; the session ends and its cookie with it.
      if (silent >= 2 * dpd * 1000) {
        this.endSession(s, REASON.dpd, 'silent');
      } else if (silent >= dpd * 1000 && (link.dpdSentAt === 0 || now - link.dpdSentAt >= Math.max(1000, dpd * 500))) {
        link.sendDpdRequest();
      }
    }
  }
}
