// What the cluster offers the shell (App['cluster']), as data: the member table behind `show vpn
// load-balancing`, the cluster-wide session view behind `show vpn-sessiondb`, and a logoff that
// reaches every member. Only present while `vpn load-balancing` says `participate` and names a
// `cluster database`; a headend without a cluster has none of it (and never loads a Redis client).
import type { LogoffFilter, SessionRecord, SessionStats } from '../gateway/api.ts';

export type ClusterRole = 'Director' | 'Member';

export interface MemberInfo {
  /** random per process start: a restarted member is a new one */
  id: string;
  /** its hostname */
  name: string;
  role: ClusterRole;
  priority: number;
  /** where the director sends clients: nat address, else the public listener; FQDN with redirect-fqdn */
  publicIp: string;
  port: number;
  fqdn: string | null;
  sessions: number;
  capacity: number;
  otherCapacity: number;
  /** this process */
  self: boolean;
}

export interface ClusterStatus {
  clusterIp: string | null;
  encryption: boolean;
  /** the database URL with its password masked */
  database: string;
  /** false while Redis cannot be reached: the members below are the last ones seen */
  databaseUp: boolean;
  /** why it is down, once known */
  databaseError: string | null;
  role: ClusterRole;
  /** the address this node serves for the cluster, when it is the director and the listener is up */
  serving: string | null;
  members: MemberInfo[];
}

export interface ClusterService {
  status(): ClusterStatus;
  /** every member's sessions (each with `member`), or null when Redis cannot be read in time */
  sessions(): Promise<SessionRecord[] | null>;
  /**
   * the cluster's counters for `show vpn-sessiondb summary`, as of the last heartbeat: cumulative
   * sessions and tunnels summed over the live members, peaks the highest cluster-wide count seen
   * (kept in Redis); null while Redis is away (the member's own counters stand)
   */
  stats(): SessionStats | null;
  /** ends the matching sessions on whichever members hold them; the number ended */
  logoff(filter: LogoffFilter, reason: string): Promise<number>;
}
