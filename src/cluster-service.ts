// The load-balancing cluster as a service of the process: follows `vpn load-balancing` in the
// running-config, and while it says `participate` with a `cluster database`, runs a ClusterNode
// (src/cluster/) on the gateway's sessions. Without that, nothing here runs: the Redis client is
// not even loaded (the node's module is imported on first use), and the gateway's hooks return at once.
import type { HeadendApp } from './app.ts';
import type { Gateway, GatewayEvent } from './gateway/gateway.ts';
import { loadOrCreateIdentity, type TlsIdentity } from './gateway/tls.ts';
import { clusterSettings, type ClusterSettings } from './config/cluster-view.ts';
import type { ClusterNode, NodeOptions } from './cluster/node.ts';

const RELEVANT = new Set(['load-balancing', 'webvpn', 'interface', 'global']);

export interface ClusterLink {
  onEvent(e: GatewayEvent): void;
  admit(user: string, limit: number, held: number): Promise<void>;
  /** a new session's index in a cluster (the member's slot), null outside one: never waits */
  sessionIndex(last: number): number | null;
  attach(gateway: Gateway): Promise<void>;
  stop(): Promise<void>;
  /** the running node, when there is one (the bench reads its Redis operation count) */
  node(): ClusterNode | null;
}

/** the node's timing: HEADEND_CLUSTER_HEARTBEAT_MS changes the heartbeat (expiry is 3 of them) */
function timing(): Partial<NodeOptions> {
  const hb = Number(process.env.HEADEND_CLUSTER_HEARTBEAT_MS);
  return Number.isFinite(hb) && hb >= 100 ? { heartbeatMs: hb } : {};
}

export function clusterLink(app: HeadendApp, log: (l: string) => void): ClusterLink {
  let node: ClusterNode | null = null;
  let current: ClusterSettings | null = null;
  let gateway: Gateway | null = null;
  let identity: TlsIdentity | null = null;
  let pending: Promise<unknown> = Promise.resolve();
  let off: (() => void) | null = null;

  const sync = async (): Promise<void> => {
    if (!gateway) return;
    const want = clusterSettings(app.config.model);
    const restart = !want || !current || want.database !== current.database || want.clusterIp !== current.clusterIp;
    if (node && restart) {
      const n = node;
      node = null;
      app.cluster = undefined;
      await n.close();
    }
    current = want;
    if (!want) return;
    if (node) { node.update(want); return; }
    const { ClusterNode: Node } = await import('./cluster/node.ts');
    const gw = gateway;
    node = new Node(want, {
      sessions: () => gw.sessions(),
      stats: () => gw.stats(),
      logoff: (f, reason) => gw.logoff(f, reason),
      listener: () => {
        const l = gw.listening().find((x) => x.boundPort !== null);
        return l ? { address: l.address, port: l.boundPort! } : null;
      },
      identity: () => (identity ??= loadOrCreateIdentity(app.opts.stateDir, app.config.model.hostname)),
    }, { log, ...timing() });
    node.start();
    app.cluster = node;
  };

  return {
    onEvent(e) {
      if (!node) return;
      if (e.type === 'session-start') node.sessionChanged(e.session, 'start');
      else if (e.type === 'tunnel-up' || e.type === 'tunnel-down') node.sessionChanged(e.session, 'update');
      else if (e.type === 'session-end') node.sessionChanged(e.session, 'end');
    },
    admit: (user, limit, held) => (node ? node.admit(user, limit, held) : Promise.resolve()),
    sessionIndex: (last) => (node ? node.sessionIndex(last) : null),
    async attach(gw) {
      gateway = gw;
      off = app.config.onChange((ev) => {
        if (RELEVANT.has(ev.section) || ev.kind === 'replace') pending = pending.then(sync).catch(() => undefined);
      });
      pending = pending.then(sync).catch(() => undefined);
      await pending;
    },
    async stop() {
      off?.();
      await pending;
      const n = node;
      node = null;
      app.cluster = undefined;
      await n?.close();
    },
    node: () => node,
  };
}
