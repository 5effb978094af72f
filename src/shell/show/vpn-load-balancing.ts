// `show vpn load-balancing` in the layout of an ASA 9.x: the cluster line, the peers with their
// role, priority and public address (`*` marks this device), and the load of each. Two things an ASA
// has not: the Model column names the member (its hostname: every member is "headend"), and a last
// line says where the shared session database is and whether it answers.
import type { ClusterStatus } from '../../cluster/api.ts';
import { escapeText } from '../../text/escape.ts';

const RULE = '-'.repeat(74);

export function formatVpnLoadBalancing(s: ClusterStatus | undefined): string[] {
  if (!s) {
    return [RULE, 'Status     Role       Failover   Encryption   Peers     Cluster IP', RULE,
      `${'Disabled'.padEnd(11)}${'n/a'.padEnd(11)}${'n/a'.padEnd(11)}${'n/a'.padEnd(13)}${'0'.padEnd(10)}n/a`];
  }
  const members = [...s.members].sort((a, b) => (a.role === b.role ? b.priority - a.priority || (a.name < b.name ? -1 : 1) : a.role === 'Director' ? -1 : 1));
  const addr = (m: { publicIp: string; self: boolean }): string => `${m.publicIp}${m.self ? '*' : ''}`;
  const load = (m: { sessions: number; capacity: number }): string => `${m.sessions ? Math.max(1, Math.round((m.sessions / Math.max(1, m.capacity)) * 100)) : 0}%`;
  const out = [
    RULE,
    'Status     Role       Failover   Encryption   Peers     Cluster IP',
    RULE,
    `${'Enabled'.padEnd(11)}${s.role.padEnd(11)}${'n/a'.padEnd(11)}${(s.encryption ? 'Enabled' : 'Disabled').padEnd(13)}${String(Math.max(0, members.length - 1)).padEnd(10)}${s.clusterIp ?? 'n/a'}`,
    '',
    'Peers:',
    RULE,
    'Role       Pri  Model              Load-Balancing Version  Public IP',
    RULE,
    ...members.map((m) => `${m.role.padEnd(9)}${String(m.priority).padStart(5)}  ${escapeText(m.name).slice(0, 17).padEnd(17)}  ${'4'.padStart(12)}            ${addr(m)}`),
    '',
    'Total License Load:',
    RULE,
    '  AnyConnect Premium/Essentials        Other VPN                 Public IP',
    '  -----------------------------    ---------------------',
    '    Limit     Used    Load           Limit    Used   Load',
    RULE,
    ...members.map((m) => `${String(m.capacity).padStart(9)}${String(m.sessions).padStart(9)}${load(m).padStart(8)}${String(m.otherCapacity).padStart(16)}${'0'.padStart(8)}${'0%'.padStart(7)}    ${addr(m)}`),
    '',
    `Cluster database: ${escapeText(s.database)} (${s.databaseUp ? 'reachable' : `unreachable${s.databaseError ? `: ${escapeText(s.databaseError)}` : ''}; members serve their own sessions`})`,
  ];
  return out;
}
