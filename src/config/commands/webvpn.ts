// Global `webvpn`, `(config-webvpn)#`, and its `cache` sub-mode.
import { webvpn as W } from '../../../grammar/webvpn.ts';
import { ok, on, store, stored, type ConfigBinding } from '../binding.ts';
import { putAttr } from '../attributes.ts';
import { xmlWellFormed } from '../xml.ts';
import { Attrs, slotOf } from '../model.ts';

export const webvpnCommands: ConfigBinding[] = [
  store(W.image, {
    validate: (_c, env, cmd) => (env.flashExists(cmd.args.PATH!) ? undefined : `ERROR: ${cmd.args.PATH} does not exist on flash`),
    // an image given without its order keeps the one it had, or goes after the last
    put: (attrs, cmd) => {
      if (!cmd.no && cmd.args.ORDER === undefined) {
        const images = attrs.all(W.image);
        const existing = images.find((x) => slotOf(x) === slotOf(cmd));
        const orders = images.map((x) => x.args.ORDER ?? 0);
        const order = existing?.args.ORDER ?? (orders.length ? Math.max(...orders) + 1 : 1);
        cmd.args.ORDER = order;
        cmd.path = [...cmd.path, { arg: 'ORDER', value: order, text: String(order) }];
      }
      putAttr(attrs, cmd);
    },
  }),
  store(W.profile, {
    validate: (_c, env, cmd) => {
      const path = cmd.args.PATH!;
      let data: Buffer | undefined;
      // a directory (or an unreadable path) is refused like a missing file, never thrown
      try { data = env.flashRead(path); } catch (e) { return `ERROR: ${(e as Error).message}`; }
      if (!data) return `ERROR: ${path} does not exist on flash`;
      const why = xmlWellFormed(data.toString('utf8'));
      return why ? `ERROR: ${path} is not a valid AnyConnect profile: ${why}` : undefined;
    },
  }),
  on(W.cache, (c, _e, cmd) => {
    c.cache ??= new Attrs();
    return ok('webvpn', cmd, undefined, { mode: 'config-webvpn-cache' });
  }),
  ...stored(W.port, W.enable, W.dtlsPort, W.essentials, W.anyconnectEnable, W.tunnelGroupList, W.customAttr,
    W.csdImage, W.csdHostscan, W.csdEnable, W.keepout, W.defaultIdleTimeout, W.other, W.errorRecovery, W.cacheDisable, W.cacheOther),
];
