// `group-policy NAME attributes`, `(config-group-policy)#` (and the attributes a username shares).
import { groupPolicy as GP } from '../../../grammar/group-policy.ts';
import { webvpn as W } from '../../../grammar/webvpn.ts';
import { ok, fail, on, store, stored, type ConfigBinding } from '../binding.ts';
import type { Attrs } from '../model.ts';
import type { Command } from '../../../grammar/matcher.ts';
import { missingPool } from './references.ts';

/** `banner value` lines accumulate; `banner none` replaces them */
function putBanner(attrs: Attrs, cmd: Command & { kws: { has(w: 'none' | 'value' | 'banner'): boolean } }): void {
  for (const s of attrs.slotsOf(GP.banner)) attrs.delete(s);
  if (cmd.no) return;
  attrs.set(cmd.kws.has('none') ? GP.banner.kind : `${GP.banner.kind}\u0000${attrs.size}:${Math.random()}`, cmd);
}

export const groupPolicyCommands: ConfigBinding[] = [
  store(GP.addressPools, { validate: (c, _e, cmd) => missingPool(c.ipPools, cmd.args.POOL, 'IP') }),
  store(GP.ipv6AddressPools, { validate: (c, _e, cmd) => missingPool(c.ipv6Pools, cmd.args.POOL, 'IPv6') }),
  store(GP.custom, {
    validate: (c, _e, cmd) => {
      const { TYPE: type, NAME: name } = cmd.args;
      if (!c.webvpn.all(W.customAttr).some((x) => x.args.TYPE === type)) return `ERROR: anyconnect-custom-attr ${type} is not configured`;
      if (name !== undefined && !c.customData.get(type ?? '')?.has(name)) return `ERROR: anyconnect-custom-data ${type} ${name} is not configured`;
      return undefined;
    },
  }),
  store(GP.banner, { put: putBanner }),
  on(GP.webvpn, (c, _e, cmd, f) => {
    const gp = c.groupPolicies.get(f.target!);
    if (!gp) return fail('ERROR: % Incomplete command');
    gp.webvpnOpened = true;
    return ok('group-policy', cmd, gp.name, { mode: 'config-group-webvpn', target: gp.name });
  }),
  ...stored(GP.winsServer, GP.dnsServer, GP.dhcpNetworkScope, GP.vpnAccessHours, GP.vpnSimultaneousLogins,
    GP.vpnIdleTimeout, GP.vpnIdleTimeoutAlert, GP.vpnSessionTimeout, GP.vpnSessionTimeoutAlert, GP.vpnFilter,
    GP.ipv6VpnFilter, GP.vpnTunnelProtocol, GP.passwordStorage, GP.ipComp, GP.reXauth, GP.groupLock, GP.pfs,
    GP.ipsecUdp, GP.ipsecUdpPort, GP.splitTunnelPolicy, GP.ipv6SplitTunnelPolicy, GP.splitTunnelNetworkList,
    GP.defaultDomain, GP.splitDns, GP.splitTunnelAllDns, GP.interceptDhcp, GP.secureUnitAuthentication,
    GP.userAuthentication, GP.userAuthenticationIdleTimeout, GP.ipPhoneBypass, GP.clientBypassProtocol,
    GP.gatewayFqdn, GP.leapBypass, GP.nem, GP.backupServers, GP.msieProxyServer, GP.msieProxyMethod,
    GP.msieProxyExceptList, GP.msieProxyLocalBypass, GP.msieProxyPacUrl, GP.msieProxyLockdown, GP.vlan,
    GP.nacSettings, GP.smartcardRemovalDisconnect, GP.scepForwardingUrl, GP.clientFirewall,
    GP.clientAccessRule),
];
