// The boot config of a cluster member in the cluster tests: the outside interface, webvpn on the
// test's port, DfltGrpPolicy for AnyConnect (with an address pool of its own when `pool` is given),
// the users, and `vpn load-balancing` on the shared cluster address and database. What a test needs
// beyond that goes in `global` (before the interface), `policy` (DfltGrpPolicy's attributes) and
// `lb` (the end of the load-balancing block).
export interface MemberConfig {
  name: string; addr: string; port: number; clusterIp: string; redis: string; priority: number;
  /** `ip local pool pN 10.N.0.10-10.N.0.200`, the policy's address pool */
  pool?: number;
  /** `username` lines */
  users: string[];
  global?: string[]; policy?: string[]; lb?: string[];
}

export function memberConfig(o: MemberConfig): string {
  const pool = o.pool === undefined ? [] : [`ip local pool p${o.pool} 10.${o.pool}.0.10-10.${o.pool}.0.200 mask 255.255.255.0`];
  return [
    `hostname ${o.name}`,
    ...(o.global ?? []),
    'interface GigabitEthernet0/0',
    ' nameif outside',
    ' security-level 0',
    ` ip address ${o.addr} 255.255.255.0`,
    ...pool,
    'webvpn',
    ` port ${o.port}`,
    ' enable outside',
    ' anyconnect enable',
    'group-policy DfltGrpPolicy attributes',
    ' vpn-tunnel-protocol ssl-client',
    ...(o.pool === undefined ? [] : [` address-pools value p${o.pool}`]),
    ...(o.policy ?? []).map((l) => ` ${l}`),
    ...o.users,
    'vpn load-balancing',
    ' interface lbpublic outside',
    ` cluster ip address ${o.clusterIp}`,
    ` cluster database ${o.redis}`,
    ` priority ${o.priority}`,
    ' participate',
    ...(o.lb ?? []).map((l) => ` ${l}`),
    '',
  ].join('\n');
}
