// Inheritance: a session's value of each attribute comes from the first of the user's attributes,
// the user's `vpn-group-policy`, the tunnel-group's `default-group-policy`, DfltGrpPolicy, and the
// built-in default declared in the grammar. Computed once when a session starts (the gateway never
// reads the model).
import type { CommandOf, Kws } from '../../grammar/matcher.ts';
import type { AnyDecl } from '../../grammar/syntax.ts';
import { config as G } from '../../grammar/config.ts';
import { accessList as ACL } from '../../grammar/access-list.ts';
import { groupPolicy as GP } from '../../grammar/group-policy.ts';
import { groupWebvpn as GW } from '../../grammar/group-webvpn.ts';
import { tunnelGroup as TG } from '../../grammar/tunnel-group.ts';
import { username as U } from '../../grammar/username.ts';
import { webvpn as W } from '../../grammar/webvpn.ts';
import { defaultOf } from './defaults.ts';
import type { EffectivePolicy } from '../gateway/view.ts';
import { Attrs, BUILTIN_GP, type RunningConfig, type TunnelGroup, type User } from './model.ts';
import type { ServerAttributes } from '../aaa/types.ts';

export interface EffectiveInputs { user?: User; tunnelGroup: TunnelGroup; server?: ServerAttributes }

export interface Chain {
  groupPolicy: string;
  attrs: Attrs[];
  webvpn: Attrs[];
}

export function policyChain(c: RunningConfig, i: EffectiveInputs): Chain {
  const attrs: Attrs[] = [];
  const webvpn: Attrs[] = [];
  if (i.user) { attrs.push(i.user.attrs); webvpn.push(i.user.webvpn); }
  const names: string[] = [];
  // the AAA server's group-policy comes before the user's and the tunnel-group's (ASA's precedence:
  // AAA server attributes, then user, then group-policy); one the config does not have is skipped
  const serverGp = i.server?.groupPolicy && c.groupPolicies.has(i.server.groupPolicy) ? i.server.groupPolicy : undefined;
  if (serverGp) names.push(serverGp);
  const userGp = serverGp ?? i.user?.attrs.get(U.vpnGroupPolicy)?.args.GP;
  if (userGp && !names.includes(userGp)) names.push(userGp);
  const tgGp = i.tunnelGroup.general.get(TG.defaultGroupPolicy)?.args.GP;
  names.push(tgGp ?? BUILTIN_GP);
  if (!names.includes(BUILTIN_GP)) names.push(BUILTIN_GP);
  for (const n of names) {
    const gp = c.groupPolicies.get(n);
    if (gp) { attrs.push(gp.attrs); webvpn.push(gp.webvpn); }
  }
  return { groupPolicy: userGp ?? tgGp ?? BUILTIN_GP, attrs, webvpn };
}

const levelsOf = (chain: Chain, d: AnyDecl): Attrs[] => (d.modes.includes('config-group-webvpn') ? chain.webvpn : chain.attrs);

/** explicitly set somewhere in the chain (defaults do not count) */
export function explicit<D extends AnyDecl>(chain: Chain, d: D): CommandOf<D> | undefined {
  for (const a of levelsOf(chain, d)) {
    const cmds = a.all(d);
    if (cmds.length) return cmds[cmds.length - 1];
  }
  return undefined;
}

/** the first level that sets it, else the declared default */
export function resolve<D extends AnyDecl>(chain: Chain, d: D): CommandOf<D> {
  return explicit(chain, d) ?? defaultOf(d);
}

/** all commands of a multi-slot declaration from the first level that has any (banner lines) */
export function resolveAll<D extends AnyDecl>(chain: Chain, d: D): CommandOf<D>[] {
  for (const a of levelsOf(chain, d)) {
    const cmds = a.all(d);
    if (cmds.length) return cmds;
  }
  return [];
}

/** the first of `words` the command was given */
export function choice<const W extends string>(kws: { has(word: NoInfer<W>): boolean }, words: readonly W[]): W | undefined {
  return words.find((w) => kws.has(w));
}

/** the gateway's EffectivePolicy, with profiles still as flash paths, plus what the portal needs */
export type EffectivePolicyValues = Omit<EffectivePolicy, 'profiles'> & {
  profiles: { name: string; path: string }[];
  ask: { enabled: boolean; defaultAction: 'anyconnect' | 'webvpn'; timeoutSec: number | null };
  groupLock: string | null;
  vpnFilter: string | null;
  ipv6VpnFilter: string | null;
};

/** `{value X | none}` attributes */
const valueOrNull = <T>(cmd: { kws: Kws<'value' | 'none' | string> }, v: T | undefined): T | null => (cmd.kws.has('value') && v !== undefined ? v : null);
/** `{SECONDS | none}` attributes */
const numOrNull = (cmd: { kws: Kws<'none' | string> }, v: number | undefined): number | null => (cmd.kws.has('none') || v === undefined ? null : v);

function splitNetworksOf(c: RunningConfig, acl: string | null): { address: string; mask: string }[] {
  if (!acl) return [];
  return c.acl.of(ACL.standard).filter((a) => a.args.NAME === acl && a.kws.has('permit')).map((a) => (
    a.kws.has('host') ? { address: a.args.HOST!, mask: '255.255.255.255' }
      : a.args.ADDR ? { address: a.args.ADDR, mask: a.args.MASK! } : { address: '0.0.0.0', mask: '0.0.0.0' }));
}

/** `address-pools`: the user's or group-policy's explicit setting, else the tunnel-group's, else DfltGrpPolicy's */
function poolsOf(ch: Chain, tg: TunnelGroup, d: typeof GP.addressPools | typeof GP.ipv6AddressPools, tgd: typeof TG.addressPool | typeof TG.ipv6AddressPool): string[] {
  const x = explicit({ ...ch, attrs: ch.attrs.slice(0, -1) }, d);
  if (x) return x.kws.has('none') ? [] : x.args.POOL ?? [];
  const t = tg.general.get(tgd);
  if (t) return t.args.POOL ?? [];
  const dflt = ch.attrs[ch.attrs.length - 1]?.get(d);
  return dflt && !dflt.kws.has('none') ? dflt.args.POOL ?? [] : [];
}

function compressionOf(c: RunningConfig, ch: Chain): EffectivePolicy['compression'] {
  // the group's own setting wins; else the global `no compression svc` turns it off
  const own = explicit(ch, GW.sslCompression);
  const global = c.global.get(G.compression);
  const cmd = own ?? (global?.no ? undefined : defaultOf(GW.sslCompression));
  return cmd && choice(cmd.kws, ['deflate'] as const) ? 'deflate' : 'none';
}

export function effectivePolicy(c: RunningConfig, i: EffectiveInputs): EffectivePolicyValues {
  const ch = policyChain(c, i);
  const tp = explicit(ch, GP.vpnTunnelProtocol);
  const ask = resolve(ch, GW.ask);
  const framed = i.user?.attrs.get(U.vpnFramedIpAddress);
  const mtu = explicit(ch, GW.mtu);
  const profName = resolve(ch, GW.profiles);
  const dns = resolve(ch, GP.dnsServer);
  const wins = resolve(ch, GP.winsServer);
  const splitDns = resolve(ch, GP.splitDns);
  const modules = resolve(ch, GW.modules);

  const customAttrs: EffectivePolicyValues['customAttrs'] = [];
  const seen = new Set<string>();
  for (const a of ch.attrs) {
    for (const cmd of a.all(GP.custom)) {
      const type = cmd.args.TYPE ?? '';
      if (seen.has(type)) continue;
      seen.add(type);
      if (!cmd.kws.has('value') || cmd.args.NAME === undefined) continue;
      const vals = c.customData.get(type)?.get(cmd.args.NAME);
      if (vals) customAttrs.push({ type, values: [{ name: cmd.args.NAME, value: vals.join('') }] });
    }
  }

  return {
    groupPolicy: ch.groupPolicy,
    tunnelGroup: i.tunnelGroup.name,
    vpnTunnelProtocols: (tp?.path ?? []).flatMap((p) => ('kw' in p && p.kw !== 'vpn-tunnel-protocol' ? [p.kw] : [])),
    idleTimeoutMin: numOrNull(resolve(ch, GP.vpnIdleTimeout), resolve(ch, GP.vpnIdleTimeout).args.MINUTES),
    sessionTimeoutMin: numOrNull(resolve(ch, GP.vpnSessionTimeout), resolve(ch, GP.vpnSessionTimeout).args.MINUTES),
    sessionTimeoutAlertMin: resolve(ch, GP.vpnSessionTimeoutAlert).args.MINUTES,
    simultaneousLogins: resolve(ch, GP.vpnSimultaneousLogins).args.LOGINS!,
    keepaliveSec: numOrNull(resolve(ch, GW.keepalive), resolve(ch, GW.keepalive).args.SECONDS),
    dpdGatewaySec: numOrNull(resolve(ch, GW.dpdGateway), resolve(ch, GW.dpdGateway).args.SECONDS),
    dpdClientSec: numOrNull(resolve(ch, GW.dpdClient), resolve(ch, GW.dpdClient).args.SECONDS),
    rekeyMethod: choice(resolve(ch, GW.rekeyMethod).kws, ['ssl', 'new-tunnel', 'none'] as const)!,
    rekeyTimeMin: numOrNull(resolve(ch, GW.rekeyTime), resolve(ch, GW.rekeyTime).args.MINUTES),
    mtu: mtu?.args.MTU ?? null,
    compression: compressionOf(c, ch),
    keepInstaller: !resolve(ch, GW.keepInstaller).kws.has('none'),
    dnsServers: valueOrNull(dns, dns.args.ADDR) ?? [],
    winsServers: valueOrNull(wins, wins.args.ADDR) ?? [],
    defaultDomain: valueOrNull(resolve(ch, GP.defaultDomain), resolve(ch, GP.defaultDomain).args.DOMAIN),
    banner: resolveAll(ch, GP.banner).flatMap((b) => (b.kws.has('value') && b.args.TEXT !== undefined ? [b.args.TEXT] : [])),
    splitTunnelPolicy: choice(resolve(ch, GP.splitTunnelPolicy).kws, ['tunnelall', 'tunnelspecified', 'excludespecified'] as const)!,
    splitNetworks: splitNetworksOf(c, valueOrNull(resolve(ch, GP.splitTunnelNetworkList), resolve(ch, GP.splitTunnelNetworkList).args.ACL)),
    splitDns: valueOrNull(splitDns, splitDns.args.DOMAIN) ?? [],
    profiles: profName.kws.has('value')
      ? c.webvpn.all(W.profile).filter((p) => p.args.NAME === profName.args.NAME).map((p) => ({ name: p.args.NAME!, path: p.args.PATH! }))
      : [],
    modules: (valueOrNull(modules, modules.args.MODULES) ?? '').split(',').filter(Boolean),
    customAttrs,
    framedIp: i.server?.framedIp ?? (framed && !framed.no ? { address: framed.args.ADDR!, mask: framed.args.MASK! } : null),
    ...(i.server?.classes ? { classes: i.server.classes } : {}),
    ipv4Pools: poolsOf(ch, i.tunnelGroup, GP.addressPools, TG.addressPool),
    ipv6Pools: poolsOf(ch, i.tunnelGroup, GP.ipv6AddressPools, TG.ipv6AddressPool),
    ask: {
      enabled: ask.kws.has('enable'),
      defaultAction: ask.kws.has('webvpn') || ask.kws.has('clientless') ? 'webvpn' : 'anyconnect',
      // `enable default X` without a timeout takes the default action at once
      timeoutSec: ask.args.SECONDS ?? (ask.kws.has('enable') && ask.kws.has('default') ? 0 : null),
    },
    groupLock: valueOrNull(resolve(ch, GP.groupLock), resolve(ch, GP.groupLock).args.TG),
    vpnFilter: valueOrNull(resolve(ch, GP.vpnFilter), resolve(ch, GP.vpnFilter).args.ACL),
    ipv6VpnFilter: valueOrNull(resolve(ch, GP.ipv6VpnFilter), resolve(ch, GP.ipv6VpnFilter).args.ACL),
  };
}
