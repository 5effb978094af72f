// `vpn load-balancing`, `(config-load-balancing)#`: one block of single-slot attributes. The block
// exists from the first `vpn load-balancing` until `no vpn load-balancing`; its lines are checked
// here and read by the cluster (src/config/cluster-view.ts).
import { loadBalancing as LB } from '../../../grammar/load-balancing.ts';
import { Attrs } from '../model.ts';
import { ok, on, store, stored, type ConfigBinding } from '../binding.ts';

/** why a `cluster database` URL cannot be used, or undefined when it can */
export function databaseUrlProblem(text: string): string | undefined {
  let u: URL;
  try { u = new URL(text); } catch { return 'not a URL'; }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') return 'the scheme must be redis:// or rediss://';
  if (!u.hostname) return 'no host';
  const db = u.pathname.replace(/^\//, '');
  if (db && !/^(?:[0-9]|1[0-5])$/.test(db)) return 'the database number must be 0 to 15';
  if (u.search || u.hash) return 'no query or fragment is allowed';
  return undefined;
}

export const loadBalancingCommands: ConfigBinding[] = [
  on(LB.vpn, (c, _e, cmd) => {
    if (cmd.no) {
      c.loadBalancing = null;
      return ok('load-balancing', cmd);
    }
    c.loadBalancing ??= new Attrs();
    return ok('load-balancing', cmd, undefined, { mode: 'config-load-balancing' });
  }),
  store(LB.clusterKey, {
    validate: (_c, _e, cmd) => (cmd.args.KEY.length < 3 ? 'ERROR: The cluster key must be 3 to 17 characters long' : undefined),
  }),
  store(LB.clusterDatabase, {
    validate: (_c, _e, cmd) => {
      const why = databaseUrlProblem(cmd.args.URL);
      return why ? `ERROR: cluster database ${why}: redis://[:PASSWORD@]HOST:PORT[/DB] or rediss://[:PASSWORD@]HOST:PORT[/DB]` : undefined;
    },
  }),
  ...stored(LB.lbpublic, LB.lbprivate, LB.clusterIp, LB.clusterPort, LB.clusterEncryption, LB.nat, LB.priority, LB.participate, LB.redirectFqdn),
];
