// The running-config as the gateway sees it: listeners, groups, pools, and logins that return the
// effective policy with inheritance applied. The gateway asks; it never reads the model itself.
import { sessionLimits } from './session-limits.ts';
import { poolMask } from './pools.ts';
import type { RunningConfigOwner } from './running.ts';
import type { AuthResult, EffectivePolicy, GatewayView, GroupEntry, ImageSpec, ListenerSpec, PoolSpec } from '../gateway/view.ts';
import { effectivePolicy } from './effective.ts';
import type { AuthService } from '../app-types.ts';
import { interfaceAddress } from '../aaa/interfaces.ts';
import type { Flash } from '../store/flash.ts';
import { webvpn as W } from '../../grammar/webvpn.ts';
import { defaultOf } from './defaults.ts';
import { tunnelGroup as TG } from '../../grammar/tunnel-group.ts';
import { FilterTable } from '../gateway/acl.ts';
import { aclRules } from './access-list.ts';

/** what the view reads of disk0: small files whole (profiles), client packages by size and stream */
export type FlashFiles = Pick<Flash, 'exists' | 'read' | 'stat' | 'openRead'>;

/** `aaa` checks the password (the app's one AAA service: lockout, throttle, server group); the view adds the VPN policy */
export function gatewayView(cfg: RunningConfigOwner, flash: FlashFiles, aaa: AuthService): GatewayView {
  const readFlash = (p: string): Buffer | undefined => {
    try { return flash.exists(p) ? flash.read(p) : undefined; } catch { return undefined; }
  };
  // one filter per access-list name, rebuilt from the model at its next use after a change of
  // that list or of any kept-verbatim block (object-groups and objects are kept verbatim) or a new
  // model: a changed ACL or object-group applies to running sessions at once; unchanged entries
  // keep their hit counts
  let objects = 0;
  cfg.onChange((ev) => { if (ev.section === 'passthrough' || ev.kind === 'replace') objects++; });
  const filters = new FilterTable((name) => aclRules(cfg.model, name), (name) => cfg.model.acl.versionOf(name) + objects * 2 ** 32);
  return {
    packetFilter: (name) => filters.get(name),
    listeners(): ListenerSpec[] {
      const w = cfg.model.webvpn;
      const port = (w.get(W.port) ?? defaultOf(W.port)).args.PORT!;
      const out: ListenerSpec[] = [];
      for (const e of w.all(W.enable)) {
        const address = interfaceAddress(cfg.model, e.args.IFNAME);
        if (address) out.push({ address, port });
      }
      return out;
    },
    anyconnectEnabled: () => !!cfg.model.webvpn.get(W.anyconnectEnable),
    sessionLimit: () => sessionLimits(cfg.model).anyconnect,
    defaultIdleSec: () => (cfg.model.webvpn.get(W.defaultIdleTimeout) ?? defaultOf(W.defaultIdleTimeout)).args.SECONDS,
    tunnelGroupListEnabled: () => !!cfg.model.webvpn.get(W.tunnelGroupList),
    groups(): GroupEntry[] {
      const out: GroupEntry[] = [];
      for (const t of cfg.model.tunnelGroups.values()) {
        if (t.type === 'ipsec-l2l') continue;
        out.push({
          tunnelGroup: t.name,
          aliases: t.webvpn.all(TG.webvpnGroupAlias).filter((a) => a.kws.has('enable')).map((a) => a.args.ALIAS),
          urls: t.webvpn.all(TG.webvpnGroupUrl).filter((a) => a.kws.has('enable')).map((a) => a.args.URL),
        });
      }
      return out;
    },
    async authenticate(user, password, tunnelGroup, source, state): Promise<AuthResult> {
      const r = await aaa.authenticate({ user, password, service: 'vpn', source, tunnelGroup, ...(state !== undefined ? { state } : {}) });
      if (!r.ok) return { ok: false, reason: r.detail, ...(r.challenge ? { challenge: r.challenge } : {}) };
      // the model as it is now: AAA read it again after the hash
      const c = cfg.model;
      const now = r.account;
      // a server group's user has no local account: the server's attributes stand in for it
      if (!now && !r.attributes && r.server === 'LOCAL') return { ok: false, reason: 'no such user' };
      const tgNow = c.tunnelGroups.get(tunnelGroup);
      if (!tgNow) return { ok: false, reason: `no tunnel-group ${tunnelGroup}` };
      const e = effectivePolicy(c, { user: now, tunnelGroup: tgNow, server: r.attributes });
      if (!e.vpnTunnelProtocols.includes('ssl-client')) return { ok: false, reason: `vpn-tunnel-protocol of ${e.groupPolicy} does not allow ssl-client` };
      if (e.groupLock && e.groupLock !== tunnelGroup) return { ok: false, reason: `group-lock ${e.groupLock}` };
      const policy: EffectivePolicy = {
        ...e,
        profiles: e.profiles.map((p) => ({ name: p.name, fileName: `${p.name}.xml`, xml: readFlash(p.path)?.toString('utf8') ?? '' })),
      };
      return { ok: true, policy };
    },
    images(): ImageSpec[] {
      return cfg.model.webvpn.all(W.image)
        .map((i) => ({ path: i.args.PATH, order: i.args.ORDER ?? 0, ...(i.args.REGEX ? { regex: i.args.REGEX } : {}) }))
        .sort((a, b) => a.order - b.order);
    },
    flashFile(path) {
      try {
        const st = flash.stat(path);
        if (!st || st.isDir) return undefined;
        return { size: st.size, open: () => flash.openRead(path, st.size) };
      } catch {
        return undefined;
      }
    },
    poolNames: () => [...cfg.model.ipPools.keys(), ...cfg.model.ipv6Pools.keys()],
    pool(name): PoolSpec | undefined {
      const p = cfg.model.ipPools.get(name);
      if (p) return { kind: 'v4', first: p.range.from, last: p.range.to, mask: poolMask(p) };
      const q = cfg.model.ipv6Pools.get(name);
      if (q) return { kind: 'v6', prefix: q.prefix.addr, len: q.prefix.len, count: q.count };
      return undefined;
    },
  };
}
