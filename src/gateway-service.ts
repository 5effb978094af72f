// The AnyConnect gateway as a service of the process: fed by the running-config through the
// GatewayView, reconciled on change events, and exposed to the shell as the narrow VpnService.
import type { HeadendApp } from './app.ts';
import type { ChangeEvent } from './config/apply.ts';
import { gatewayView, type LoginGuard } from './config/gateway-view.ts';
import { Gateway } from './gateway/gateway.ts';
import {
  formatAnyconnect, formatAnyconnectFilterName, formatDetailAnyconnect, formatRatioEncryption, formatSessiondb, formatSummary,
} from './gateway/sessiondb-format.ts';
import { LocalLockout } from './ssh/lockout.ts';

const RELEVANT = new Set<ChangeEvent['section']>(['webvpn', 'interface', 'global']);

/** VPN logins count toward the same `max-fail` lockout as CLI logins */
function guardFor(app: HeadendApp): LoginGuard {
  let own: LocalLockout | undefined;
  const lock = () => (app.localAuth instanceof LocalLockout ? app.localAuth : (own ??= new LocalLockout(app.config)));
  return {
    locked: (user) => lock().isLocked(user),
    failed: (user) => { lock().fail(user); },
    succeeded: (user) => lock().succeed(user),
  };
}

export async function startGateway(app: HeadendApp, log: (l: string) => void = (l) => process.stderr.write(l + '\n')): Promise<{ gateway: Gateway; stop(): Promise<void> }> {
  const view = gatewayView(app.config, (p) => (app.flash.exists(p) ? app.flash.read(p) : undefined), guardFor(app));
  const gateway = new Gateway({
    view,
    stateDir: app.opts.stateDir,
    commonName: app.config.model.hostname,
    onEvent: (e) => { if (e.type === 'listener-error') log(`%ASA-3-722001: webvpn listener ${e.address}:${e.port}: ${e.error}`); },
  });
  await gateway.start();
  let pending: Promise<unknown> = Promise.resolve();
  const off = app.config.onChange((ev) => {
    if (RELEVANT.has(ev.section) || ev.kind === 'replace') pending = pending.then(() => gateway.reconcile()).catch(() => undefined);
  });
  app.vpn = {
    show: ({ view: v, name }) => {
      const sessions = gateway.sessions();
      const o = { now: new Date() };
      switch (v) {
        case 'summary': return formatSummary(sessions, gateway.stats(), o);
        case 'anyconnect': return name ? formatAnyconnectFilterName(sessions, name, o) : formatAnyconnect(sessions, o);
        case 'detail': return formatDetailAnyconnect(sessions, o, name);
        case 'ratio': return formatRatioEncryption(sessions, gateway.stats());
        default: return formatSessiondb(sessions, gateway.stats(), o);
      }
    },
    logoff: (filter, reason) => gateway.logoff(filter, reason),
    certPin: () => gateway.certPin(),
    certText: () => {
      const c = gateway.certificate();
      return [`Subject: ${c.subject.replace(/\n/g, ', ')}`, `Valid until: ${c.validTo}`, `SHA1 Fingerprint: ${c.sha1}`];
    },
    poolInUse: (p) => gateway.poolInUse(p),
  };
  return {
    gateway,
    stop: async () => {
      off();
      await pending;
      app.vpn = undefined;
      await gateway.stop();
    },
  };
}
