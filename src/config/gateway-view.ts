// The running-config as the gateway sees it: listeners, groups, pools, and logins that return the
// effective policy with inheritance applied. The gateway asks; it never reads the model itself.
import type { RunningConfigOwner } from './running.ts';
import type { AuthResult, EffectivePolicy, GatewayView, GroupEntry, ImageSpec, ListenerSpec, PoolSpec } from '../gateway/view.ts';
import { effectivePolicy } from './effective.ts';
import type { AuthService } from '../app-types.ts';
import { interfaceAddress } from '../aaa/interfaces.ts';

/** `aaa` checks the password (the app's one AAA service: lockout, throttle, server group); the view adds the VPN policy */
export function gatewayView(cfg: RunningConfigOwner, readFlash: (p: string) => Buffer | undefined, aaa: AuthService): GatewayView {
  return {
    listeners(): ListenerSpec[] {
      const w = cfg.model.webvpn;
      const port = Number(w.get('w.port')?.args.PORT ?? 443);
      const out: ListenerSpec[] = [];
      for (const e of w.all('w.enable')) {
        const address = interfaceAddress(cfg.model, String(e.args.IFNAME));
        if (address) out.push({ address, port });
      }
      return out;
    },
    anyconnectEnabled: () => !!cfg.model.webvpn.get('w.anyconnect-enable'),
    tunnelGroupListEnabled: () => !!cfg.model.webvpn.get('w.tunnel-group-list'),
    groups(): GroupEntry[] {
      const out: GroupEntry[] = [];
      for (const t of cfg.model.tunnelGroups.values()) {
        if (t.type === 'ipsec-l2l') continue;
        out.push({
          tunnelGroup: t.name,
          aliases: t.webvpn.all('tw.group-alias').filter((a) => a.kws.has('enable')).map((a) => String(a.args.ALIAS)),
          urls: t.webvpn.all('tw.group-url').filter((a) => a.kws.has('enable')).map((a) => String(a.args.URL)),
        });
      }
      return out;
    },
    async authenticate(user, password, tunnelGroup, source): Promise<AuthResult> {
      const r = await aaa.authenticate({ user, password, service: 'vpn', source, tunnelGroup });
      if (!r.ok) return { ok: false, reason: r.detail };
      // the model as it is now: AAA read it again after the hash
      const c = cfg.model;
      const now = r.account;
      if (!now) return { ok: false, reason: 'no such user' };
      const tgNow = c.tunnelGroups.get(tunnelGroup);
      if (!tgNow) return { ok: false, reason: `no tunnel-group ${tunnelGroup}` };
      const e = effectivePolicy(c, { user: now, tunnelGroup: tgNow });
      if (!e.vpnTunnelProtocols.includes('ssl-client')) return { ok: false, reason: `vpn-tunnel-protocol of ${e.groupPolicy} does not allow ssl-client` };
      if (e.groupLock && e.groupLock !== tunnelGroup) return { ok: false, reason: `group-lock ${e.groupLock}` };
      const policy: EffectivePolicy = {
        ...e,
        profiles: e.profiles.map((p) => ({ name: p.name, fileName: `${p.name}.xml`, xml: readFlash(p.path)?.toString('utf8') ?? '' })),
      };
      return { ok: true, policy };
    },
    images(): ImageSpec[] {
      return cfg.model.webvpn.all('w.image')
        .map((i) => ({ path: String(i.args.PATH), order: Number(i.args.ORDER ?? 0), ...(i.args.REGEX ? { regex: String(i.args.REGEX) } : {}) }))
        .sort((a, b) => a.order - b.order);
    },
    readFlash(path): Buffer | undefined {
      try { return readFlash(path); } catch { return undefined; }
    },
    pool(name): PoolSpec | undefined {
      const p = cfg.model.ipPools.get(name);
      if (p) return { kind: 'v4', first: p.range.from, last: p.range.to, mask: p.mask ?? '255.255.255.255' };
      const q = cfg.model.ipv6Pools.get(name);
      if (q) return { kind: 'v6', prefix: q.prefix.addr, len: q.prefix.len, count: q.count };
      return undefined;
    },
  };
}
