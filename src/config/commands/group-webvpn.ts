// The nested `webvpn` of a group-policy or username, `(config-group-webvpn)#`.
import { groupWebvpn as GW } from '../../../grammar/group-webvpn.ts';
import { webvpn as W } from '../../../grammar/webvpn.ts';
import { store, stored, type ConfigBinding } from '../binding.ts';

export const groupWebvpnCommands: ConfigBinding[] = [
  store(GW.profiles, {
    validate: (c, _e, cmd) => {
      const name = cmd.args.NAME;
      if (name === undefined || c.webvpn.all(W.profile).some((p) => p.args.NAME === name)) return undefined;
      return `ERROR: Profile ${name} does not exist. Load it with "anyconnect profiles ${name} disk0:/FILE" under webvpn`;
    },
  }),
  store(GW.modules, {
    validate: (_c, _e, cmd) => {
      const bad = (cmd.args.MODULES ?? '').split(',').filter((m) => m && !/^[a-z0-9-]+$/i.test(m));
      return bad.length ? `ERROR: Invalid module name ${bad[0]}` : undefined;
    },
  }),
  ...stored(GW.urlList, GW.filter, GW.homepage, GW.htmlContentFilter, GW.portForward, GW.httpProxy,
    GW.ssoServer, GW.dtls, GW.mtu, GW.firewallRule, GW.keepInstaller, GW.keepalive, GW.rekeyTime,
    GW.rekeyMethod, GW.dpdClient, GW.dpdGateway, GW.sslCompression, GW.dtlsCompression, GW.dfBitIgnore,
    GW.routingFilteringIgnore, GW.ask, GW.customization, GW.keepAliveIgnore, GW.httpComp, GW.denyMessage,
    GW.alwaysOnVpn, GW.other),
];
