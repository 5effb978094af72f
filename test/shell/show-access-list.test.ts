// `show access-list [NAME]` and `clear access-list [NAME] counters` (issue 13 item 2). The layout
// is ASA 9.x's, as real output shows it in networktocode/ntc-templates,
// tests/cisco_asa/show_access-list/cisco_asa_show_access-list.raw and
// cisco_asa_show_access-list_update2.raw: the `access-list cached ACL log flows` header, one
// `access-list NAME; N elements; name hash: 0x…` line per list, each entry as
// `access-list NAME line N extended … (hitcnt=N) 0x…` (remarks without counter), `log` shown with
// its level and interval, `(inactive)` after the counter, and the elements of an entry that names
// object-groups or objects under it, indented two spaces, with their own counters. The counters
// are the gateway's: packets are passed through the packet filter the forwarding plane uses.
import { describe, expect, it } from 'vitest';
import { Shell, bootApp, tempState } from './helpers.ts';
import { gatewayView } from '../../src/config/gateway-view.ts';
import { Gateway } from '../../src/gateway/gateway.ts';
import { vpnService } from '../../src/gateway/vpn-service.ts';

function tcp(src: string, sport: number, dst: string, dport: number): Buffer {
  const b = Buffer.alloc(40);
  b[0] = 0x45; b.writeUInt16BE(40, 2); b[8] = 64; b[9] = 6;
  src.split('.').forEach((o, i) => { b[12 + i] = +o; });
  dst.split('.').forEach((o, i) => { b[16 + i] = +o; });
  b.writeUInt16BE(sport, 20); b.writeUInt16BE(dport, 22); b[32] = 0x50;
  return b;
}

async function setup() {
  const dir = tempState();
  const app = await bootApp(dir, { empty: true });
  const sh = new Shell(app);
  await sh.feed([
    'configure terminal',
    'object-group network SERVERS', ' network-object host 192.168.1.10', ' network-object 192.168.2.0 255.255.255.0',
    'access-list VPN remark clients to the servers',
    'access-list VPN extended permit tcp 10.10.10.0 255.255.255.0 object-group SERVERS eq 443 log',
    'access-list VPN extended deny tcp any4 any4 eq 23 log disable',
    'access-list VPN extended permit tcp any4 host 192.168.3.3 eq 22 inactive',
    'access-list VPN extended permit ip any4 any4',
    'access-list SPLIT standard permit 10.0.0.0 255.0.0.0',
    'end',
  ].join('\n'));
  const view = gatewayView(app.config, app.store.flash, app.aaa);
  app.vpn = vpnService(new Gateway({ view, stateDir: dir }), view);
  return { app, sh, filter: view.packetFilter!('VPN')! };
}

describe('show access-list', () => {
  it('prints every list with its elements and the gateway hit counters', async () => {
    const { sh, filter } = await setup();
    for (let i = 0; i < 3; i++) expect(filter.permits(tcp('10.10.10.5', 40000 + i, '192.168.2.7', 443), true)).toBe(true);
    expect(filter.permits(tcp('192.168.1.10', 443, '10.10.10.5', 40000), false)).toBe(true);
    expect(filter.permits(tcp('10.10.10.5', 40000, '192.168.1.10', 23), true)).toBe(false);
    expect(filter.permits(tcp('10.10.10.5', 40000, '172.16.0.1', 80), true)).toBe(true);
    expect(await sh.run('show access-list')).toEqual([
      'access-list cached ACL log flows: total 0, denied 0 (deny-flow-max 4096)',
      '            alert-interval 300',
      'access-list VPN; 5 elements; name hash: 0x1b2b5aaf',
      'access-list VPN line 1 remark clients to the servers',
      'access-list VPN line 2 extended permit tcp 10.10.10.0 255.255.255.0 object-group SERVERS eq https log informational interval 300 (hitcnt=4) 0x974e3576',
      '  access-list VPN line 2 extended permit tcp 10.10.10.0 255.255.255.0 host 192.168.1.10 eq https log informational interval 300 (hitcnt=1) 0x014456b0',
      '  access-list VPN line 2 extended permit tcp 10.10.10.0 255.255.255.0 192.168.2.0 255.255.255.0 eq https log informational interval 300 (hitcnt=3) 0x0bb3fc1c',
      'access-list VPN line 3 extended deny tcp any4 any4 eq telnet log disable (hitcnt=1) 0x8aa1dbc1',
      'access-list VPN line 4 extended permit tcp any4 host 192.168.3.3 eq ssh inactive (hitcnt=0) (inactive) 0x0b0a035a',
      'access-list VPN line 5 extended permit ip any4 any4 (hitcnt=1) 0x59f45bb4',
      'access-list SPLIT; 1 elements; name hash: 0x2a6cd783',
      'access-list SPLIT line 1 standard permit 10.0.0.0 255.0.0.0 (hitcnt=0) 0xa74626f4',
    ]);
    expect((await sh.run('show access-list SPLIT')).slice(2)).toEqual([
      'access-list SPLIT; 1 elements; name hash: 0x2a6cd783',
      'access-list SPLIT line 1 standard permit 10.0.0.0 255.0.0.0 (hitcnt=0) 0xa74626f4',
    ]);
    expect(await sh.run('show access-list NOPE')).toEqual(['ERROR: access-list <NOPE> does not exist']);
  });

  it('clear access-list NAME counters zeroes that list; a changed entry starts at zero, the others keep theirs', async () => {
    const { sh, filter } = await setup();
    filter.permits(tcp('10.10.10.5', 40000, '172.16.0.1', 80), true);
    filter.permits(tcp('10.10.10.5', 40000, '192.168.1.10', 23), true);
    await sh.feed(['configure terminal', 'no access-list VPN extended deny tcp any4 any4 eq 23 log disable',
      'access-list VPN line 3 extended deny tcp any4 any4 eq 23', 'end'].join('\n'));
    const counts = (out: string[]) => out.filter((l) => /^access-list VPN line \d+ extended/.test(l)).map((l) => /hitcnt=(\d+)/.exec(l)![1]);
    expect(counts(await sh.run('show access-list VPN'))).toEqual(['0', '0', '0', '1']);
    expect(await sh.run('clear access-list VPN counters')).toEqual([]);
    expect(counts(await sh.run('show access-list VPN'))).toEqual(['0', '0', '0', '0']);
    expect(await sh.run('clear access-list NOPE counters')).toEqual(['ERROR: access-list <NOPE> does not exist']);
  });
});
