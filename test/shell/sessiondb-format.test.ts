import { describe, expect, it } from 'vitest';
import {
  formatAnyconnect, formatAnyconnectFilterName, formatDetailAnyconnect, formatDuration, formatLoginTime,
  formatLogoff, formatRatioEncryption, formatSessiondb, formatSummary, NO_SESSIONS_OF_TYPE,
} from '../../src/shell/show/vpn-sessiondb.ts';
import type { SessionRecord, SessionStats } from '../../src/gateway/api.ts';

const PDT = { name: 'PDT', offsetMinutes: -7 * 60 };

function record(over: Partial<SessionRecord> = {}): SessionRecord {
  return {
    index: 56876, user: 'foo_bar', tunnelGroup: 'TG1', groupPolicy: 'GP1',
    assignedIp: '10.15.112.173', assignedIpv6: null, publicIp: '123.15.26.19', publicPort: 50000,
    localAddress: '10.46.0.156', localPort: 443,
    loginTime: new Date('2020-03-16T16:30:15Z'), lastActivity: new Date('2020-03-18T04:43:09Z'),
    protocols: ['AnyConnect-Parent'],
    counters: { bytesTx: 1815344331, bytesRx: 331612525, pktsTx: 10, pktsRx: 20, pktsTxDrop: 0, pktsRxDrop: 1 },
    tunnel: null, clientVersion: 'v9.01-3', userAgent: 'Open AnyConnect VPN Agent v9.01-3', clientOs: 'linux-64',
    modules: [], auditSessionId: '0a2e009c0de2c0005e6fa997', idleTimeoutMin: 30, sessionTimeoutMin: null,
    forwardingDevice: 'vpn0', pathDrops: { spoofed: 0, filtered: 0, tooBig: 0 },
    ...over,
  };
}

const withTunnel = (over: Partial<SessionRecord> = {}): SessionRecord => record({
  protocols: ['AnyConnect-Parent', 'SSL-Tunnel'],
  tunnel: {
    id: '56876.2', tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_256_GCM_SHA384', encryption: 'AES-GCM-256', hashing: 'SHA384',
    srcPort: 50000, dstPort: 443, compression: 'none', mtu: 1406, connectedAt: new Date('2020-03-16T16:30:16Z'),
    counters: { bytesTx: 5, bytesRx: 6, pktsTx: 1, pktsRx: 1, pktsTxDrop: 0, pktsRxDrop: 0 },
  },
  ...over,
});

describe('show vpn-sessiondb anyconnect', () => {
  it('reproduces the captured ASA layout for a parent-only session', () => {
    const now = new Date('2020-03-18T04:43:09Z');
    const out = formatAnyconnect([record()], { now, tz: PDT });
    expect(out.join('\n')).toBe([
      'Session Type: AnyConnect',
      '',
      'Username     : foo_bar                Index        : 56876',
      'Assigned IP  : 10.15.112.173          Public IP    : 123.15.26.19',
      'Protocol     : AnyConnect-Parent',
      'License      : AnyConnect Premium',
      'Encryption   : AnyConnect-Parent: (1)none',
      'Hashing      : AnyConnect-Parent: (1)none',
      'Bytes Tx     : 1815344331             Bytes Rx     : 331612525',
      'Group Policy : GP1                    Tunnel Group : TG1',
      'Login Time   : 09:30:15 PDT Mon Mar 16 2020',
      'Duration     : 1d 12h:12m:54s',
      'Inactivity   : 0h:00m:00s',
      'VLAN Mapping : N/A                    VLAN         : none',
      'Audt Sess ID : 0a2e009c0de2c0005e6fa997',
      'Security Grp : none',
    ].join('\n'));
  });

  it('shows the SSL tunnel cipher and an IPv6 address, and separates sessions with a blank line', () => {
    const now = new Date('2020-03-18T04:43:09Z');
    const out = formatAnyconnect([withTunnel({ assignedIpv6: '2001:db8:1234:1::5678' }), record({ index: 2, user: 'x' })], { now });
    expect(out).toContain('Protocol     : AnyConnect-Parent SSL-Tunnel');
    expect(out).toContain('Encryption   : AnyConnect-Parent: (1)none  SSL-Tunnel: (1)AES-GCM-256');
    expect(out).toContain('Hashing      : AnyConnect-Parent: (1)none  SSL-Tunnel: (1)SHA384');
    expect(out).toContain('Assigned IPv6: 2001:DB8:1234:1::5678');
    expect(out.filter((l) => l === '').length).toBe(2);
  });

  it('filter name: one user, or the INFO line', () => {
    const o = { now: new Date('2020-03-18T04:43:09Z') };
    expect(formatAnyconnectFilterName([record()], 'nobody', o)).toEqual([NO_SESSIONS_OF_TYPE]);
    expect(formatAnyconnectFilterName([record(), record({ user: 'lee', index: 3 })], 'lee', o).filter((l) => l.startsWith('Username'))).toEqual([
      'Username     : lee                    Index        : 3',
    ]);
  });
});

describe('show vpn-sessiondb summary / plain', () => {
  const sessions = [...Array(38)].map((_, i) => withTunnel({ index: i + 1 }));
  const stats: SessionStats = { cumulative: 330351, peak: 442, tunnelsCumulative: 985244, tunnelsPeak: 392 };

  it('matches the captured column layout', () => {
    const out = formatSummary(sessions, stats, { now: new Date(), capacity: 5000 });
    expect(out).toEqual([
      '---------------------------------------------------------------------------',
      'VPN Session Summary',
      '---------------------------------------------------------------------------',
      '                               Active : Cumulative : Peak Concur : Inactive',
      '                             ----------------------------------------------',
      'AnyConnect Client            :     38 :     330351 :         442 :        0',
      '  SSL/TLS/DTLS               :     38 :     330351 :         442 :        0',
      '---------------------------------------------------------------------------',
      'Total Active and Inactive    :     38             Total Cumulative : 330351',
      'Device Total VPN Capacity    :   5000',
      'Device Load                  :     1%',
      '---------------------------------------------------------------------------',
    ]);
  });

  it('adds the tunnels summary', () => {
    const out = formatSessiondb(sessions, stats, { now: new Date(), capacity: 5000 });
    expect(out).toContain('Tunnels Summary');
    expect(out).toContain('                               Active : Cumulative : Peak Concurrent');
    expect(out).toContain('AnyConnect-Parent            :     38 :     330351 :             442');
    expect(out).toContain('SSL-Tunnel                   :     38 :     985244 :             392');
    expect(out).toContain('Totals                       :     76 :    1315595');
  });
});

describe('detail, ratio, logoff, time formats', () => {
  it('detail adds packet counters and per-tunnel sections', () => {
    const now = new Date('2020-03-18T04:43:09Z');
    const out = formatDetailAnyconnect([withTunnel()], { now });
    expect(out[0]).toBe('Session Type: AnyConnect Detailed');
    expect(out).toContain('Pkts Tx      : 10                     Pkts Rx      : 20');
    expect(out).toContain('Pkts Tx Drop : 0                      Pkts Rx Drop : 1');
    expect(out).toContain('AnyConnect-Parent Tunnels: 1');
    expect(out).toContain('SSL-Tunnel Tunnels: 1');
    expect(out).toContain('SSL-Tunnel:');
    expect(out).toContain('  Tunnel ID    : 56876.2');
    expect(out).toContain('  Encryption   : AES-GCM-256            Hashing      : SHA384');
    expect(out).toContain('  Encapsulation: TLSv1.3                TCP Src Port : 50000');
    expect(out).toContain('  Idle Time Out: 30 Minutes             Idle TO Left : 30 Minutes');
    expect(out).toContain('  Client Ver   : Open AnyConnect VPN Agent v9.01-3');
  });

  it('ratio encryption counts sessions by SSL-tunnel cipher', () => {
    const out = formatRatioEncryption([withTunnel(), withTunnel(), record()], { cumulative: 9, peak: 3, tunnelsCumulative: 0, tunnelsPeak: 0 });
    expect(out).toContain('Total Active Sessions: 3');
    expect(out).toContain('Encryption       Sessions    Percent');
    expect(out).toContain('none                    1        33%');
    expect(out).toContain('AES-GCM-256             2        67%');
  });

  it('logoff texts', () => {
    expect(formatLogoff({ name: 'lee' }, 1)).toBe('INFO: Number of sessions with name "lee" logged off : 1');
    expect(formatLogoff({ all: true }, 3)).toBe('INFO: Number of sessions logged off : 3');
    expect(formatLogoff({ index: 4 }, 0)).toBe('INFO: Number of sessions logged off : 0');
  });

  it('time formats', () => {
    expect(formatDuration(20 * 60_000 + 15_000)).toBe('0h:20m:15s');
    expect(formatDuration(((36 * 60 + 33) * 60 + 7) * 1000)).toBe('1d 12h:33m:07s');
    expect(formatLoginTime(new Date('2020-06-05T01:13:32Z'))).toBe('01:13:32 UTC Fri Jun 5 2020');
  });
});

describe('untrusted text in the session records', () => {
  const now = new Date('2020-03-18T04:43:09Z');
  const hostile = (tag: string): string => `${tag}\x1b[2J\x9b2J\n%ASA-6-113012: AAA user authentication Successful`;
  const s = withTunnel({ user: hostile('u'), userAgent: hostile('ua'), clientOs: hostile('os'), modules: [hostile('m')] });

  it('every view shows the client\'s words escaped, on their own line', () => {
    const views = [
      formatAnyconnect([s], { now }), formatDetailAnyconnect([s], { now }),
      formatSummary([s], { cumulative: 1, peak: 1, tunnelsCumulative: 1, tunnelsPeak: 1 }, { now }),
      formatRatioEncryption([s], { cumulative: 1, peak: 1, tunnelsCumulative: 1, tunnelsPeak: 1 }),
    ];
    for (const lines of views) {
      for (const l of lines) {
        expect(l).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
        expect(l.startsWith('%ASA')).toBe(false);
      }
    }
    const detail = views[1];
    expect(detail).toContain('Username     : u\\x1b[2J\\x9b2J\\n%ASA-6-113012: AAA user authentication Successful Index        : 56876');
    expect(detail).toContain('  Client Ver   : ua\\x1b[2J\\x9b2J\\n%ASA-6-113012: AAA user authentication Successful');
    expect(detail).toContain('  Client OS    : os\\x1b[2J\\x9b2J\\n%ASA-6-113012: AAA user authentication Successful');
    expect(detail).toContain('  Modules      : m\\x1b[2J\\x9b2J\\n%ASA-6-113012: AAA user authentication Successful');
  });

  it('filter name matches the name as stored, and logoff echoes it escaped', () => {
    expect(formatAnyconnectFilterName([s], s.user, { now }).filter((l) => l.startsWith('Username'))).toHaveLength(1);
    expect(formatLogoff({ name: 'a\x1bb' }, 0)).toBe('INFO: Number of sessions with name "a\\x1bb" logged off : 0');
  });
});
