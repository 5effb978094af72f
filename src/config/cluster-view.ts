// The running-config as the cluster sees it (src/cluster/): what `vpn load-balancing` says, with the
// grammar's defaults, and the addresses it names. null when this node takes no part in a cluster:
// no block, no `participate`, or no `cluster database` (an ASA needs no store; headend does).
import { loadBalancing as LB } from '../../grammar/load-balancing.ts';
import { webvpn as W } from '../../grammar/webvpn.ts';
import { interfaceAddress } from '../aaa/interfaces.ts';
import { defaultOf } from './defaults.ts';
import type { RunningConfig } from './model.ts';
import { sessionLimits } from './session-limits.ts';

export interface ClusterSettings {
  clusterIp: string | null;
  /** where the director listens on the cluster address: the webvpn port, as on an ASA */
  port: number;
  priority: number;
  encryption: boolean;
  database: string;
  redirectFqdn: boolean;
  /** the address clients are sent to: `nat`, else the lbpublic interface's, else (null) the first listener's */
  publicIp: string | null;
  name: string;
  /** sessions this member takes (`vpn-sessiondb max-anyconnect-premium-or-essentials-limit`): load = sessions / capacity */
  capacity: number;
  /** `vpn-sessiondb max-other-vpn-limit` (headend has no other VPN sessions) */
  otherCapacity: number;
}

export function clusterSettings(c: RunningConfig): ClusterSettings | null {
  const a = c.loadBalancing;
  if (!a || !a.get(LB.participate)) return null;
  const database = a.get(LB.clusterDatabase)?.args.URL;
  if (!database) return null;
  const lbpublic = a.get(LB.lbpublic)?.args.IFNAME;
  return {
    clusterIp: a.get(LB.clusterIp)?.args.ADDR ?? null,
    port: (c.webvpn.get(W.port) ?? defaultOf(W.port)).args.PORT,
    priority: (a.get(LB.priority) ?? defaultOf(LB.priority)).args.PRIORITY,
    encryption: !!a.get(LB.clusterEncryption),
    database,
    redirectFqdn: !!a.get(LB.redirectFqdn),
    publicIp: a.get(LB.nat)?.args.ADDR ?? (lbpublic ? interfaceAddress(c, lbpublic) ?? null : null),
    name: c.hostname,
    capacity: sessionLimits(c).anyconnect,
    otherCapacity: sessionLimits(c).other,
  };
}

/** a database URL for display: its password as `*****` */
export const maskedDatabase = (url: string): string => url.replace(/^(rediss?:\/\/[^:@/\s]*:)[^@\s]+@/, '$1*****@');
