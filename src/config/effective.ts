// Inheritance: a session's value of each attribute comes from the first of the user's attributes,
// the user's `vpn-group-policy`, the tunnel-group's `default-group-policy`, DfltGrpPolicy, and the
// built-in default. Computed once when a session starts (the gateway never reads the model).
import type { Command } from '../../grammar/matcher.ts';
import { allDecls } from '../../grammar/registry.ts';
import { defaultCommand } from './defaults.ts';
import type { EffectivePolicy } from '../gateway/view.ts';
import { Attrs, BUILTIN_GP, type RunningConfig, type TunnelGroup, type User } from './model.ts';

export interface EffectiveInputs { user?: User; tunnelGroup: TunnelGroup }

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
  const userGp = i.user?.attrs.get('u.vpn-group-policy')?.args.GP as string | undefined;
  if (userGp) names.push(userGp);
  const tgGp = i.tunnelGroup.general.get('tg.default-group-policy')?.args.GP as string | undefined;
  names.push(tgGp ?? BUILTIN_GP);
  if (!names.includes(BUILTIN_GP)) names.push(BUILTIN_GP);
  for (const n of names) {
    const gp = c.groupPolicies.get(n);
    if (gp) { attrs.push(gp.attrs); webvpn.push(gp.webvpn); }
  }
  return { groupPolicy: userGp ?? tgGp ?? BUILTIN_GP, attrs, webvpn };
}

const declOf = new Map(allDecls.map((d) => [d.kind, d]));

/** the first level that sets `kind`, else the declared default (undefined when it has none) */
export function resolve(chain: Chain, kind: string): Command | undefined {
  const levels = kind.startsWith('gw.') ? chain.webvpn : chain.attrs;
  for (const a of levels) {
    const cmds = a.all(kind);
    if (cmds.length) return cmds[cmds.length - 1];
  }
  const d = declOf.get(kind);
  return d?.dflt ? defaultCommand(d) : undefined;
}

/** explicitly set somewhere in the chain (defaults do not count) */
export function explicit(chain: Chain, kind: string): Command | undefined {
  const levels = kind.startsWith('gw.') ? chain.webvpn : chain.attrs;
  for (const a of levels) {
    const cmds = a.all(kind);
    if (cmds.length) return cmds[cmds.length - 1];
  }
  return undefined;
}

/** all commands of a multi-slot kind from the first level that has any (banner lines) */
export function resolveAll(chain: Chain, kind: string): Command[] {
  const levels = kind.startsWith('gw.') ? chain.webvpn : chain.attrs;
  for (const a of levels) {
    const cmds = a.all(kind);
    if (cmds.length) return cmds;
  }
  return [];
}

/** keyed kinds (anyconnect-custom TYPE): per key, the first level that sets it */
export function resolveKeyed(chain: Chain, kind: string, key: string): Map<string, Command> {
  const out = new Map<string, Command>();
  const levels = kind.startsWith('gw.') ? chain.webvpn : chain.attrs;
  for (const a of levels) {
    for (const cmd of a.all(kind)) {
      const k = String(cmd.args[key]);
      if (!out.has(k)) out.set(k, cmd);
    }
  }
  return out;
}

/** the gateway's EffectivePolicy, with profiles still as flash paths, plus what the portal needs */
export type EffectivePolicyValues = Omit<EffectivePolicy, 'profiles'> & {
  profiles: { name: string; path: string }[];
  ask: { enabled: boolean; defaultAction: 'anyconnect' | 'webvpn'; timeoutSec: number | null };
  groupLock: string | null;
  vpnFilter: string | null;
};

const numOrNull = (cmd: Command | undefined, arg: string): number | null =>
  !cmd || cmd.kws.has('none') || cmd.args[arg] === undefined ? null : Number(cmd.args[arg]);

export function effectivePolicy(c: RunningConfig, i: EffectiveInputs): EffectivePolicyValues {
  const ch = policyChain(c, i);
  const r = (k: string) => resolve(ch, k);
  const valueOrNull = (k: string, arg: string) => { const x = r(k); return x && x.kws.has('value') ? String(x.args[arg]) : null; };

  const globalCompression = c.global.get('g.compression');
  const compressionCmd = explicit(ch, 'gw.ssl-compression');
  const compression = compressionCmd
    ? (compressionCmd.kws.has('deflate') ? 'deflate' : 'none')
    : (globalCompression?.no ? 'none' : 'deflate');

  const splitAcl = valueOrNull('gp.split-tunnel-network-list', 'ACL');
  const splitNetworks = splitAcl
    ? c.acl.filter((a) => a.kind === 'g.acl-standard' && a.args.NAME === splitAcl && a.kws.has('permit')).map((a) => (
      a.kws.has('host') ? { address: a.args.HOST, mask: '255.255.255.255' }
        : a.args.ADDR ? { address: a.args.ADDR, mask: a.args.MASK } : { address: '0.0.0.0', mask: '0.0.0.0' }))
    : [];

  const profName = r('gw.profiles');
  const profiles = profName?.kws.has('value')
    ? c.webvpn.all('w.profile').filter((p) => p.args.NAME === profName.args.NAME).map((p) => ({ name: String(p.args.NAME), path: String(p.args.PATH) }))
    : [];

  const customAttrs: EffectivePolicyValues['customAttrs'] = [];
  for (const [type, cmd] of resolveKeyed(ch, 'gp.custom', 'TYPE')) {
    if (!cmd.kws.has('value')) continue;
    const vals = c.customData.get(type)?.get(cmd.args.NAME);
    if (vals) customAttrs.push({ type, values: [{ name: String(cmd.args.NAME), value: vals.join('') }] });
  }

  const pools = (kind: string, tgKind: string): string[] => {
    const x = explicit({ ...ch, attrs: ch.attrs.slice(0, -1) }, kind);
    if (x) return x.kws.has('none') ? [] : (x.args.POOL as string[]);
    const tg = i.tunnelGroup.general.get(tgKind);
    if (tg) return tg.args.POOL as string[];
    const d = ch.attrs[ch.attrs.length - 1]?.get(kind);
    return d && !d.kws.has('none') ? (d.args.POOL as string[]) : [];
  };

  const ask = r('gw.ask');
  const framed = i.user?.attrs.get('u.vpn-framed-ip-address');
  const mtu = explicit(ch, 'gw.mtu');
  const rekeyMethod = r('gw.rekey-method');
  const tp = r('gp.vpn-tunnel-protocol');

  return {
    groupPolicy: ch.groupPolicy,
    tunnelGroup: i.tunnelGroup.name,
    vpnTunnelProtocols: tp ? tp.path.filter((p) => 'kw' in p && p.kw !== 'vpn-tunnel-protocol').map((p) => (p as { kw: string }).kw) : [],
    idleTimeoutMin: numOrNull(r('gp.vpn-idle-timeout'), 'MINUTES'),
    sessionTimeoutMin: numOrNull(r('gp.vpn-session-timeout'), 'MINUTES'),
    simultaneousLogins: Number(r('gp.vpn-simultaneous-logins')?.args.LOGINS ?? 3),
    keepaliveSec: numOrNull(r('gw.keepalive'), 'SECONDS'),
    dpdGatewaySec: numOrNull(r('gw.dpd-gateway'), 'SECONDS'),
    dpdClientSec: numOrNull(r('gw.dpd-client'), 'SECONDS'),
    rekeyMethod: rekeyMethod?.kws.has('ssl') ? 'ssl' : rekeyMethod?.kws.has('new-tunnel') ? 'new-tunnel' : 'none',
    rekeyTimeMin: numOrNull(r('gw.rekey-time'), 'MINUTES'),
    mtu: mtu ? Number(mtu.args.MTU) : null,
    compression,
    keepInstaller: !r('gw.keep-installer')?.kws.has('none'),
    dnsServers: r('gp.dns-server')?.kws.has('value') ? (r('gp.dns-server')!.args.ADDR as string[]) : [],
    defaultDomain: valueOrNull('gp.default-domain', 'DOMAIN'),
    banner: resolveAll(ch, 'gp.banner').filter((b) => b.kws.has('value')).map((b) => String(b.args.TEXT)),
    splitTunnelPolicy: (['tunnelspecified', 'excludespecified'].find((k) => r('gp.split-tunnel-policy')?.kws.has(k)) ?? 'tunnelall') as EffectivePolicy['splitTunnelPolicy'],
    splitNetworks,
    splitDns: r('gp.split-dns')?.kws.has('value') ? (r('gp.split-dns')!.args.DOMAIN as string[]) : [],
    profiles,
    modules: r('gw.modules')?.kws.has('value') ? String(r('gw.modules')!.args.MODULES).split(',').filter(Boolean) : [],
    customAttrs,
    framedIp: framed && !framed.no ? { address: framed.args.ADDR, mask: framed.args.MASK } : null,
    ipv4Pools: pools('gp.address-pools', 'tg.address-pool'),
    ipv6Pools: pools('gp.ipv6-address-pools', 'tg.ipv6-address-pool'),
    ask: {
      enabled: !!ask?.kws.has('enable'),
      defaultAction: ask?.kws.has('webvpn') || ask?.kws.has('clientless') ? 'webvpn' : 'anyconnect',
      // `enable default X` without a timeout takes the default action at once
      timeoutSec: ask?.args.SECONDS ?? (ask?.kws.has('enable') && ask.kws.has('default') ? 0 : null),
    },
    groupLock: valueOrNull('gp.group-lock', 'TG'),
    vpnFilter: valueOrNull('gp.vpn-filter', 'ACL'),
  };
}
