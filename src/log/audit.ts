// Which syslog messages each audited event produces: AAA attempts (src/aaa/service.ts), the
// gateway's session events (src/gateway/gateway.ts) and the portal's (src/gateway/portal/portal.ts).
// The app wires the AAA service here; src/gateway-service.ts wires the gateway and the portal.
import type { AaaEvent } from '../aaa/service.ts';
import type { GatewayEvent } from '../gateway/gateway.ts';
import type { PortalEvent } from '../gateway/portal/portal.ts';
import { M, type SyslogMessage } from './syslog.ts';

/** ASA's wording of why the local database refused a user; the rest say what happened */
const REASONS: Partial<Record<string, string>> = {
  'bad-password': 'Invalid password',
  'no-such-user': 'User was not found',
  locked: 'Account locked',
};

export function aaaMessages(e: AaaEvent): SyslogMessage[] {
  switch (e.type) {
    case 'accepted':
      return [e.server === 'LOCAL' || e.server === 'enable' ? M.authOk(e.user) : M.serverAuthOk(e.server, e.user), ...(e.service === 'ssh' ? [M.shellAuthOk(e.source, e.user)] : [])];
    case 'rejected': {
      const reason = REASONS[e.reason] ?? e.detail;
      const first = e.server ? M.serverRejected(reason, e.server, e.user, e.source) : M.authRejected(reason, e.user, e.source);
      return [first, ...(e.service === 'ssh' ? [M.shellAuthFailed(e.source, e.user)] : [])];
    }
    case 'authorized':
      // the local database's attributes are the user's own: no server to name
      if (e.server === 'LOCAL') return [];
      return [M.serverAuthzOk(e.server, e.user), ...(e.groupPolicy ? [M.groupPolicySet(e.user, e.groupPolicy)] : [])];
    case 'authorization-failed':
      return [M.serverAuthzRejected(e.detail, e.server, e.user, e.source)];
    case 'locked-out':
      return [M.lockedOut(e.user, e.attempts)];
    case 'server-failed':
      return [M.serverFailed(e.protocol, e.host, e.group)];
    case 'server-active':
      return [M.serverActive(e.protocol, e.host, e.group)];
    case 'invalid-reply':
      return [M.serverBadReply(e.host, e.why, e.detail)];
    case 'cert-invalid':
      return [M.certValidationFailed(`${e.reason}, LDAP server ${e.host} in aaa-server group ${e.group}`)];
  }
}

export function gatewayMessages(e: GatewayEvent, now = Date.now()): SyslogMessage[] {
  switch (e.type) {
    case 'auth-failed':
      return [M.webvpnAuthRejected(e.tunnelGroup, e.user, e.source)];
    case 'session-limit':
      return [M.sessionLimit(e.groupPolicy, e.user, e.source, e.limit)];
    case 'session-start': {
      const s = e.session;
      return [M.webvpnStarted(s.groupPolicy, s.user, s.publicIp)];
    }
    case 'tunnel-up': {
      const s = e.session;
      return [M.svcEstablished(s.groupPolicy, s.user, s.publicIp, s.tunnel?.compression === 'deflate')];
    }
    case 'tunnel-down': {
      const s = e.session;
      return [M.svcTerminated(s.groupPolicy, s.user, s.publicIp, s.tunnel?.compression === 'deflate')];
    }
    case 'session-end': {
      const s = e.session;
      return [
        ...(s.tunnel ? [M.svcTerminated(s.groupPolicy, s.user, s.publicIp, s.tunnel.compression === 'deflate')] : []),
        M.webvpnTerminated(s.groupPolicy, s.user, s.publicIp, e.reason),
        M.sessionDisconnected({
          tunnelGroup: s.tunnelGroup, user: s.user, ip: s.publicIp, type: 'SSL', durationMs: now - s.loginTime.getTime(),
          xmt: s.counters.bytesTx, rcv: s.counters.bytesRx, reason: e.reason,
        }),
      ];
    }
    case 'listener-error':
      return [];
  }
}

/**
 * the portal's messages; its logout event names no address, so the address of the user's last
 * portal login is remembered (successful logins only: configured users, a bounded set)
 */
export function portalAudit(): (e: PortalEvent) => SyslogMessage[] {
  const from = new Map<string, string>();
  const k = (tg: string, user: string): string => `${tg}\0${user}`;
  return (e) => {
    switch (e.type) {
      case 'portal-login': from.set(k(e.tunnelGroup, e.user), e.source); return [M.webvpnStarted(e.groupPolicy, e.user, e.source)];
      case 'portal-login-failed': return [M.webvpnAuthRejected(e.tunnelGroup, e.user, e.source)];
      case 'portal-logout': return [M.webvpnTerminated(e.groupPolicy, e.user, from.get(k(e.tunnelGroup, e.user)) ?? '0.0.0.0', e.reason)];
    }
  };
}
