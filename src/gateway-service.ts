// The AnyConnect gateway as a service of the process: fed by the running-config through the
// GatewayView, reconciled on change events, and exposed to the shell as the narrow VpnService.
import type { HeadendApp } from './app.ts';
import type { ChangeEvent } from './config/apply.ts';
import { gatewayView } from './config/gateway-view.ts';
import { Gateway } from './gateway/gateway.ts';
import { vpnService } from './gateway/vpn-service.ts';
import { Portal } from './gateway/portal/portal.ts';
import type { TranslationLookup } from './translations/index.ts';
import { escapeText } from './text/escape.ts';
import { gatewayMessages, portalAudit } from './log/audit.ts';
import { openForwarding } from './gateway/tun/open.ts';
import { clusterLink, type ClusterLink } from './cluster-service.ts';
import { Accounting } from './aaa/accounting.ts';

/** the portal's page strings come from the app's translation tables when they offer lookups */
function translationLookup(t: HeadendApp['translations']): TranslationLookup | undefined {
  return t && typeof (t as Partial<TranslationLookup>).catalog === 'function' ? (t as unknown as TranslationLookup) : undefined;
}

// 'pool': the forwarding plane carries the gateway side of every pool
const RELEVANT = new Set<ChangeEvent['section']>(['webvpn', 'interface', 'global', 'pool']);

/**
 * HEADEND_ACCOUNTING_HOUR_MS: how long an hour of `interim-accounting-update periodic H` lasts, in
 * milliseconds (at least 100), so a test sees periodic Interim-Updates; unset, an hour is an hour
 */
function accountingHour(): { hourMs?: number } {
  const ms = Number(process.env.HEADEND_ACCOUNTING_HOUR_MS);
  return Number.isFinite(ms) && ms >= 100 ? { hourMs: ms } : {};
}

export interface GatewayServiceOptions {
  /** the TUN device's name; null: no forwarding plane (sessions reach only the gateway address) */
  tun?: string | null;
}

export async function startGateway(
  app: HeadendApp,
  sink: (l: string) => void = (l) => process.stderr.write(l + '\n'),
  o: GatewayServiceOptions = {},
): Promise<{ gateway: Gateway; cluster: ClusterLink; stop(): Promise<void> }> {
  // every console line passes escapeText: whatever peer text a line carries stays on that one line
  const log = (l: string): void => sink(escapeText(l));
  // VPN and portal logins go through the app's AAA service: the same `max-fail` table as SSH, with or without SSH
  const view = gatewayView(app.config, app.store.flash, app.aaa);
  // logins, failures, session start and end: ASA syslog messages, on the console and in the log file
  const portalMessages = portalAudit();
  const portal = new Portal({
    view, translations: () => translationLookup(app.translations),
    onEvent: (e) => { for (const m of portalMessages(e)) app.syslog.log(m); },
  });
  const forwarding = o.tun ? await openForwarding(o.tun, log) : null;
  // RADIUS accounting of the sessions, from the gateway's events (the gateway knows nothing of it)
  let sessions: () => ReturnType<Gateway['sessions']> = () => [];
  const accounting = new Accounting(app.aaa.servers, () => app.config.model, { sessions: () => sessions(), ...accountingHour() });
  // the load-balancing cluster, when one is configured: fed the session events, asked before a login
  const cluster = clusterLink(app, log);
  const gateway = new Gateway({
    view,
    admit: (user, limit, held) => cluster.admit(user, limit, held),
    sessionIndex: (last) => cluster.sessionIndex(last),
    forwarding,
    portal,
    stateDir: app.opts.stateDir,
    commonName: app.config.model.hostname,
    onEvent: (e) => {
      if (e.type === 'listener-error') log(`%ASA-3-722001: webvpn listener ${e.address}:${e.port}: ${e.error}`);
      for (const m of gatewayMessages(e)) app.syslog.log(m);
      if (e.type === 'session-start') accounting.sessionStart(e.session);
      if (e.type === 'tunnel-up') accounting.tunnelUp(e.session);
      if (e.type === 'session-end') accounting.sessionEnd(e.session, e.reason);
      cluster.onEvent(e);
    },
  });
  sessions = () => gateway.sessions();
  await gateway.start();
  let pending: Promise<unknown> = Promise.resolve();
  const off = app.config.onChange((ev) => {
    if (RELEVANT.has(ev.section) || ev.kind === 'replace') pending = pending.then(() => gateway.reconcile()).catch(() => undefined);
  });
  app.vpn = vpnService(gateway, view);
  await cluster.attach(gateway);
  return {
    gateway,
    cluster,
    stop: async () => {
      off();
      await pending;
      await cluster.stop();
      app.vpn = undefined;
      portal.logoffAll();
      await gateway.stop();
      accounting.close();
      forwarding?.close();
    },
  };
}
