// `show route` and `show interface`: the configured interfaces from the running-config, the
// forwarding plane and the sessions from the gateway's narrow VpnService; texts in src/shell/show/.
import { exec as X } from '../../../grammar/exec.ts';
import { iface as IF } from '../../../grammar/interface.ts';
import { run, type ExecBinding, type ExecContext } from '../commands/binding.ts';
import { formatInterfaceBrief, formatInterfaces, formatNameif, formatRoute, type NamedInterface } from '../show/network.ts';
import { formatIpLocalPool } from '../show/ip-local-pool.ts';
import { printAll } from './index.ts';
import { escapeText } from '../../text/escape.ts';

const ETHERNET_MTU = 1500;

function interfaces(ctx: ExecContext): NamedInterface[] {
  const out: NamedInterface[] = [];
  for (const i of ctx.app.config.model.interfaces.values()) {
    const n = i.attrs.get(IF.nameif);
    const ip = i.attrs.get(IF.ipAddress);
    const down = i.attrs.get(IF.shutdown);
    const level = i.attrs.get(IF.securityLevel);
    out.push({
      hw: i.hw,
      nameif: n && !n.no ? n.args.NAME : null,
      security: level && !level.no ? level.args.LEVEL : 0,
      address: ip && !ip.no ? ip.args.ADDR ?? null : null,
      mask: ip && !ip.no ? ip.args.MASK ?? null : null,
      shutdown: !!down && !down.no,
      mtu: ETHERNET_MTU,
    });
  }
  return out;
}

export const networkExec: ExecBinding[] = [
  run(X.showRoute, (_c, ctx, io) => {
    printAll(io, formatRoute(interfaces(ctx), ctx.app.vpn?.sessions() ?? []));
  }),
  run(X.showNameif, (_c, ctx, io) => { io.print(...formatNameif(interfaces(ctx))); }),
  run(X.showIpLocalPool, (c, ctx, io) => {
    const pool = ctx.app.config.model.ipPools.get(c.args.POOL);
    // an ASA names the pool it does not know (ASA 9.x: `ERROR: Pool NAME does not exist`) [R]
    if (!pool) { io.print(`ERROR: Pool ${escapeText(c.args.POOL)} does not exist`); return 'error'; }
    printAll(io, formatIpLocalPool(pool, ctx.app.vpn?.poolTaken(pool.name) ?? []));
  }),
  run(X.showInterface, (c, ctx, io) => {
    const fwd = ctx.app.vpn?.forwarding() ?? null;
    printAll(io, c.kws.has('brief') ? formatInterfaceBrief(interfaces(ctx), fwd) : formatInterfaces(interfaces(ctx), fwd));
  }),
];
