// The running-config as the gateway sees it: listeners, groups, pools, and logins that return the
// effective policy with inheritance applied. The gateway asks; it never reads the model itself.
import type { RunningConfigOwner } from './running.ts';
import type { AuthResult, EffectivePolicy, GatewayView, GroupEntry, ImageSpec, ListenerSpec, PoolSpec } from '../gateway/view.ts';
import { effectivePolicy } from './effective.ts';
import { verifyPasswordAsync } from './passwords.ts';
import { BUILTIN_TGS } from './model.ts';

export interface LoginGuard {
  locked(user: string, source: string): boolean;
  failed(user: string, source: string): void;
  succeeded(user: string, source: string): void;
}

export function interfaceAddress(cfg: RunningConfigOwner, nameif: string): string | undefined {
  for (const i of cfg.model.interfaces.values()) {
    const n = i.attrs.get('if.nameif');
    if (!n || n.no || n.args.NAME !== nameif) continue;
    const ip = i.attrs.get('if.ip-address');
    if (i.attrs.get('if.shutdown')) return undefined;
    return ip && !ip.no && ip.args.ADDR ? String(ip.args.ADDR) : undefined;
  }
  return undefined;
}

export function gatewayView(cfg: RunningConfigOwner, readFlash: (p: string) => Buffer | undefined, guard?: LoginGuard): GatewayView {
  return {
    listeners(): ListenerSpec[] {
      const w = cfg.model.webvpn;
      const port = Number(w.get('w.port')?.args.PORT ?? 443);
      const out: ListenerSpec[] = [];
      for (const e of w.all('w.enable')) {
        const address = interfaceAddress(cfg, String(e.args.IFNAME));
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
      let c = cfg.model;
      const tg = c.tunnelGroups.get(tunnelGroup);
      if (!tg || (tg.type === 'ipsec-l2l' && !BUILTIN_TGS.includes(tunnelGroup))) return { ok: false, reason: `no tunnel-group ${tunnelGroup}` };
      const server = tg.general.get('tg.authentication-server-group')?.args.SERVER;
      if (server && server !== 'LOCAL') return { ok: false, reason: `authentication-server-group ${server} is not supported` };
      if (guard?.locked(user, source)) return { ok: false, reason: `account ${user} is locked` };
      const u = c.usernames.get(user);
      const before = u?.password;
      const good = u ? await verifyPasswordAsync(password, before) : false;
      // the config or the lockout may have changed while the hash ran on the thread pool
      c = cfg.model;
      const now = c.usernames.get(user);
      if (!good || !u || !now || now.password !== before) {
        guard?.failed(user, source);
        return { ok: false, reason: u ? 'wrong password' : 'no such user' };
      }
      if (guard?.locked(user, source)) return { ok: false, reason: `account ${user} is locked` };
      guard?.succeeded(user, source);
      if (now.attrs.get('u.service-type')?.kws.has('nas-prompt')) return { ok: false, reason: 'service-type nas-prompt forbids VPN' };
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
