// `show vpn-sessiondb …` and `vpn-sessiondb logoff …` texts in the ASA's layout (asa-cli.md §7).
// Pure functions over the session records the gateway's VpnService returns (src/gateway/api.ts).
// Automation parses these (ntc-templates), so columns and line kinds follow the captured samples:
// labels padded to 13 + ": ", the right-hand column at character 38, `Audt Sess ID` and
// `Security Grp` always present, no `NAC Result`.
// Usernames, the User-Agent, the client version and the device id are the client's own words:
// every value is printed through escapeText, so none can move the cursor or forge a line.
import type { LogoffFilter, SessionRecord, SessionStats } from '../../gateway/api.ts';
import { escapeText } from '../../text/escape.ts';

export interface FormatOptions {
  now: Date;
  /** the `clock timezone`; UTC when absent */
  tz?: { name: string; offsetMinutes: number };
  /** `Device Total VPN Capacity` */
  capacity?: number;
}

export const NO_SESSIONS_OF_TYPE = 'INFO: There are presently no active sessions of the type specified';
export const NO_SESSIONS = 'INFO: There are presently no active sessions';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number): string => String(n).padStart(2, '0');

/** `09:10:02 PDT Mon Mar 16 2020` */
export function formatLoginTime(d: Date, tz?: FormatOptions['tz']): string {
  const off = tz?.offsetMinutes ?? 0;
  const t = new Date(d.getTime() + off * 60_000);
  return `${p2(t.getUTCHours())}:${p2(t.getUTCMinutes())}:${p2(t.getUTCSeconds())} ${tz?.name ?? 'UTC'} ` +
    `${DAYS[t.getUTCDay()]} ${MONTHS[t.getUTCMonth()]} ${t.getUTCDate()} ${t.getUTCFullYear()}`;
}

/** `1d 12h:33m:07s` / `0h:20m:15s` */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${d ? `${d}d ` : ''}${h}h:${p2(m)}m:${p2(s)}s`;
}

const field = (label: string, value: string | number): string => `${label.padEnd(13)}: ${typeof value === 'string' ? escapeText(value) : value}`;

/** two fields on one line, the second starting at column 38 (+ indent) */
function pair(l1: string, v1: string | number, l2: string, v2: string | number, indent = ''): string {
  const left = indent + field(l1, v1);
  const col = indent.length + 38;
  return (left.length < col ? left.padEnd(col) : left + ' ') + field(l2, v2);
}

const encryptionOf = (s: SessionRecord): string => s.tunnel?.encryption ?? 'none';

function protocolLines(s: SessionRecord): string[] {
  const enc = ['AnyConnect-Parent: (1)none'];
  const hash = ['AnyConnect-Parent: (1)none'];
  if (s.tunnel) {
    enc.push(`SSL-Tunnel: (1)${s.tunnel.encryption}`);
    hash.push(`SSL-Tunnel: (1)${s.tunnel.hashing}`);
  }
  return [
    field('Protocol', s.protocols.join(' ')),
    field('License', 'AnyConnect Premium'),
    field('Encryption', enc.join('  ')),
    field('Hashing', hash.join('  ')),
  ];
}

/** how long the session has been without its tunnel (0 while connected) */
const inactivity = (s: SessionRecord, now: Date): number => (s.tunnel ? 0 : now.getTime() - s.lastActivity.getTime());

function sessionBlock(s: SessionRecord, o: FormatOptions, detail: boolean): string[] {
  const l: string[] = [
    pair('Username', s.user, 'Index', s.index),
    pair('Assigned IP', s.assignedIp ?? '0.0.0.0', 'Public IP', s.publicIp),
  ];
  if (s.assignedIpv6) l.push(field('Assigned IPv6', s.assignedIpv6.toUpperCase()));
  l.push(...protocolLines(s));
  l.push(pair('Bytes Tx', s.counters.bytesTx, 'Bytes Rx', s.counters.bytesRx));
  if (detail) {
    l.push(pair('Pkts Tx', s.counters.pktsTx, 'Pkts Rx', s.counters.pktsRx));
    l.push(pair('Pkts Tx Drop', s.counters.pktsTxDrop, 'Pkts Rx Drop', s.counters.pktsRxDrop));
  }
  l.push(
    pair('Group Policy', s.groupPolicy, 'Tunnel Group', s.tunnelGroup),
    field('Login Time', formatLoginTime(s.loginTime, o.tz)),
    field('Duration', formatDuration(o.now.getTime() - s.loginTime.getTime())),
    field('Inactivity', formatDuration(inactivity(s, o.now))),
    pair('VLAN Mapping', 'N/A', 'VLAN', 'none'),
    field('Audt Sess ID', s.auditSessionId),
    field('Security Grp', 'none'),
  );
  // not an ASA line: in a cluster-wide view, the member that holds the session
  if (s.member !== undefined) l.push(field('Member', s.member));
  return l;
}

function joinBlocks(header: string, blocks: string[][]): string[] {
  const out = [header, ''];
  blocks.forEach((b, i) => { if (i) out.push(''); out.push(...b); });
  return out;
}

/** `show vpn-sessiondb anyconnect` */
export function formatAnyconnect(sessions: SessionRecord[], o: FormatOptions): string[] {
  if (!sessions.length) return [NO_SESSIONS];
  return joinBlocks('Session Type: AnyConnect', sessions.map((s) => sessionBlock(s, o, false)));
}

/** `show vpn-sessiondb anyconnect filter name USER` */
export function formatAnyconnectFilterName(sessions: SessionRecord[], name: string, o: FormatOptions): string[] {
  const mine = sessions.filter((s) => s.user === name);
  if (!mine.length) return [NO_SESSIONS_OF_TYPE];
  return joinBlocks('Session Type: AnyConnect', mine.map((s) => sessionBlock(s, o, false)));
}

function idleLines(s: SessionRecord, o: FormatOptions, indent: string): string {
  if (s.idleTimeoutMin === null) return pair('Idle Time Out', 'none', 'Idle TO Left', 'none', indent);
  const leftMin = Math.max(0, Math.floor((s.idleTimeoutMin * 60_000 - (o.now.getTime() - s.lastActivity.getTime())) / 60_000));
  return pair('Idle Time Out', `${s.idleTimeoutMin} Minutes`, 'Idle TO Left', `${leftMin} Minutes`, indent);
}

function detailTunnels(s: SessionRecord, o: FormatOptions): string[] {
  const i = '  ';
  const c = s.counters;
  const l: string[] = [
    'AnyConnect-Parent Tunnels: 1',
    ...(s.tunnel ? ['SSL-Tunnel Tunnels: 1'] : []),
    '',
    'AnyConnect-Parent:',
    i + field('Tunnel ID', `${s.index}.1`),
    i + field('Public IP', s.publicIp),
    pair('Encryption', 'none', 'Hashing', 'none', i),
    pair('TCP Src Port', s.publicPort, 'TCP Dst Port', s.localPort, i),
    i + field('Auth Mode', 'userPassword'),
    idleLines(s, o, i),
    i + field('Client OS', s.clientOs || 'unknown'),
    i + field('Client Type', 'AnyConnect'),
    i + field('Client Ver', s.userAgent || s.clientVersion),
    // `anyconnect modules value …` the session was given
    ...(s.modules.length ? [i + field('Modules', s.modules.join(','))] : []),
    pair('Bytes Tx', c.bytesTx, 'Bytes Rx', c.bytesRx, i),
    pair('Pkts Tx', c.pktsTx, 'Pkts Rx', c.pktsRx, i),
    pair('Pkts Tx Drop', c.pktsTxDrop, 'Pkts Rx Drop', c.pktsRxDrop, i),
  ];
  const t = s.tunnel;
  if (t) {
    const tc = t.counters;
    l.push(
      '',
      'SSL-Tunnel:',
      i + field('Tunnel ID', t.id),
      pair('Assigned IP', s.assignedIp ?? '0.0.0.0', 'Public IP', s.publicIp, i),
      pair('Encryption', t.encryption, 'Hashing', t.hashing, i),
      i + field('Ciphersuite', t.cipherSuite),
      pair('Encapsulation', t.tlsVersion, 'TCP Src Port', t.srcPort, i),
      pair('TCP Dst Port', t.dstPort, 'Auth Mode', 'userPassword', i),
      idleLines(s, o, i),
      i + field('Client OS', s.clientOs || 'unknown'),
      i + field('Client Type', 'SSL VPN Client'),
      i + field('Client Ver', s.userAgent || s.clientVersion),
      pair('Bytes Tx', tc.bytesTx, 'Bytes Rx', tc.bytesRx, i),
      pair('Pkts Tx', tc.pktsTx, 'Pkts Rx', tc.pktsRx, i),
      pair('Pkts Tx Drop', tc.pktsTxDrop, 'Pkts Rx Drop', tc.pktsRxDrop, i),
      // not an ASA line: a headend that could not open its TUN carries nothing but pings to itself
      ...(s.forwardingDevice === null ? [i + field('Forwarding', 'none (no TUN device: only the gateway address answers)')] : []),
    );
  }
  return l;
}

/** `show vpn-sessiondb detail anyconnect [filter name USER]` */
export function formatDetailAnyconnect(sessions: SessionRecord[], o: FormatOptions, name?: string): string[] {
  const list = name === undefined ? sessions : sessions.filter((s) => s.user === name);
  if (!list.length) return [name === undefined ? NO_SESSIONS : NO_SESSIONS_OF_TYPE];
  return joinBlocks('Session Type: AnyConnect Detailed', list.map((s) => [...sessionBlock(s, o, true), '', ...detailTunnels(s, o)]));
}

const RULE = '-'.repeat(75);
const SUBRULE = ' '.repeat(29) + '-'.repeat(46);
const row = (label: string, ...cols: [number | string, number][]): string =>
  label.padEnd(29) + ':' + cols.map(([v, w], k) => (k ? ' : ' : ' ') + String(v).padStart(w)).join('');

function summaryBlock(sessions: SessionRecord[], stats: SessionStats, o: FormatOptions): string[] {
  const active = sessions.filter((s) => s.tunnel).length;
  const inactive = sessions.length - active;
  const capacity = o.capacity ?? 250;
  const load = sessions.length ? Math.max(1, Math.ceil((sessions.length / capacity) * 100)) : 0;
  const l = [RULE, 'VPN Session Summary', RULE, ' '.repeat(31) + 'Active : Cumulative : Peak Concur : Inactive', SUBRULE];
  if (stats.cumulative > 0) {
    l.push(row('AnyConnect Client', [active, 6], [stats.cumulative, 10], [stats.peak, 11], [inactive, 8]));
    l.push(row('  SSL/TLS/DTLS', [active, 6], [stats.cumulative, 10], [stats.peak, 11], [inactive, 8]));
  }
  l.push(
    RULE,
    `${row('Total Active and Inactive', [sessions.length, 6])}             Total Cumulative : ${String(stats.cumulative).padStart(6)}`,
    row('Device Total VPN Capacity', [capacity, 6]),
    row('Device Load', [`${load}%`, 6]),
    RULE,
  );
  return l;
}

/** `show vpn-sessiondb summary` */
export function formatSummary(sessions: SessionRecord[], stats: SessionStats, o: FormatOptions): string[] {
  return summaryBlock(sessions, stats, o);
}

/** `show vpn-sessiondb`: the summary plus the tunnels summary */
export function formatSessiondb(sessions: SessionRecord[], stats: SessionStats, o: FormatOptions): string[] {
  const parents = sessions.length;
  const ssl = sessions.filter((s) => s.tunnel).length;
  const l = [...summaryBlock(sessions, stats, o), RULE, 'Tunnels Summary', RULE, ' '.repeat(31) + 'Active : Cumulative : Peak Concurrent', SUBRULE];
  if (stats.cumulative > 0) {
    l.push(row('AnyConnect-Parent', [parents, 6], [stats.cumulative, 10], [stats.peak, 15]));
    l.push(row('SSL-Tunnel', [ssl, 6], [stats.tunnelsCumulative, 10], [stats.tunnelsPeak, 15]));
  }
  l.push(RULE, row('Totals', [parents + ssl, 6], [stats.cumulative + stats.tunnelsCumulative, 10]), RULE);
  return l;
}

const CIPHERS = ['none', 'DES', '3DES', 'AES128', 'AES192', 'AES256', 'AES-GCM-128', 'AES-GCM-192', 'AES-GCM-256'];

/** `show vpn-sessiondb ratio encryption` (layout reconstructed from the command reference example) */
export function formatRatioEncryption(sessions: SessionRecord[], stats: SessionStats): string[] {
  const counts = new Map<string, number>();
  for (const s of sessions) counts.set(encryptionOf(s), (counts.get(encryptionOf(s)) ?? 0) + 1);
  const names = [...CIPHERS, ...[...counts.keys()].filter((k) => !CIPHERS.includes(k))];
  const total = sessions.length;
  return [
    'Filter Group         : All',
    `Total Active Sessions: ${total}`,
    `Cumulative Sessions  : ${stats.cumulative}`,
    '',
    'Encryption'.padEnd(17) + 'Sessions'.padStart(8) + 'Percent'.padStart(11),
    ...names.map((n) => {
      const c = counts.get(n) ?? 0;
      return escapeText(n).padEnd(17) + String(c).padStart(8) + `${total ? Math.round((c * 100) / total) : 0}%`.padStart(11);
    }),
  ];
}

/** the line `vpn-sessiondb logoff …` prints */
export function formatLogoff(filter: LogoffFilter, count: number): string {
  if ('name' in filter) return `INFO: Number of sessions with name "${escapeText(filter.name)}" logged off : ${count}`;
  return `INFO: Number of sessions logged off : ${count}`;
}

export const LOGOFF_CONFIRM = 'Do you want to logoff the VPN session(s)? [confirm]';

export type SessiondbView = 'all' | 'summary' | 'anyconnect' | 'detail' | 'ratio';

/** `show vpn-sessiondb [summary | anyconnect | detail anyconnect | ratio encryption] [filter name USER]` */
export function formatVpnSessiondb(view: SessiondbView, sessions: SessionRecord[], stats: SessionStats, o: FormatOptions, name?: string): string[] {
  switch (view) {
    case 'summary': return formatSummary(sessions, stats, o);
    case 'anyconnect': return name === undefined ? formatAnyconnect(sessions, o) : formatAnyconnectFilterName(sessions, name, o);
    case 'detail': return formatDetailAnyconnect(sessions, o, name);
    case 'ratio': return formatRatioEncryption(sessions, stats);
    default: return formatSessiondb(sessions, stats, o);
  }
}
