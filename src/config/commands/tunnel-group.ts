// tunnel-group general-attributes and webvpn-attributes; the ipsec/ppp blocks are kept verbatim.
import { tunnelGroup as TG } from '../../../grammar/tunnel-group.ts';
import { store, stored, on, type ConfigBinding } from '../binding.ts';
import { missingGroupPolicy, missingPool } from './references.ts';
import { passChild } from './passthrough.ts';

export const tunnelGroupCommands: ConfigBinding[] = [
  store(TG.addressPool, { validate: (c, _e, cmd) => missingPool(c.ipPools, cmd.args.POOL, 'IP') }),
  store(TG.ipv6AddressPool, { validate: (c, _e, cmd) => missingPool(c.ipv6Pools, cmd.args.POOL, 'IPv6') }),
  store(TG.defaultGroupPolicy, { validate: (c, _e, cmd) => missingGroupPolicy(c.groupPolicies, cmd.args.GP) }),
  // any line of a kept-verbatim block: of an ipsec/ppp block, or of a top-level passthrough block
  on(TG.line, passChild),
  ...stored(TG.passwordManagement, TG.accountingServerGroup, TG.authenticationServerGroup, TG.authorizationServerGroup, TG.authorizationRequired, TG.other,
    TG.webvpnAuthentication, TG.webvpnCustomization, TG.webvpnGroupAlias, TG.webvpnGroupUrl, TG.webvpnOther),
];
