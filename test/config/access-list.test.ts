// Extended access-lists interpreted (issue 13 item 2): the entry forms an ASA accepts, their
// canonical show-run text (port numbers by their ASA names, `line N` placing and then dropped),
// entry removal, `clear configure access-list`, round trip through a fresh instance, and vpn-filter
// inherited from a group-policy or set on a username.
import { describe, expect, it } from 'vitest';
import { Shell, bootApp, body, tempState } from '../shell/helpers.ts';
import { effectivePolicy } from '../../src/config/effective.ts';

async function shell(): Promise<Shell> {
  const app = await bootApp(tempState(), { empty: true });
  const sh = new Shell(app);
  await sh.feed('configure terminal');
  return sh;
}

const aclLines = (sh: Shell): string[] => body(sh.app).filter((l) => l.startsWith('access-list '));

describe('access-list extended', () => {
  it('accepts the ASA forms and prints them as an ASA does', async () => {
    const sh = await shell();
    const typed = [
      'access-list A extended permit tcp any host 10.1.1.1 eq 80',
      'access-list A extended permit udp 10.0.0.0 255.0.0.0 any4 range 53 54',
      'access-list A extended deny tcp host 192.0.2.1 eq 22 any gt 1023',
      'access-list A extended permit icmp any4 any4 8',
      'access-list A extended permit icmp any4 0.0.0.0 0.0.0.0 time-exceeded log interval 1',
      'access-list A extended permit icmp6 any6 any6 echo-reply',
      'access-list A extended permit ip 2001:db8::/32 any6 log',
      'access-list A extended permit 50 any any',
      'access-list A extended permit tcp any any neq 443 log disable',
      'access-list A extended permit object-group SVC object-group NET any4 log',
      'access-list A extended permit tcp object NET1 host 10.1.1.2 object-group PORTS inactive',
      'access-list A extended deny ip any any log 3 interval 60',
      'access-list A remark this is the end',
    ];
    for (const l of typed) expect(await sh.run(l), l).toEqual([]);
    expect(aclLines(sh)).toEqual([
      'access-list A extended permit tcp any host 10.1.1.1 eq www',
      'access-list A extended permit udp 10.0.0.0 255.0.0.0 any4 range domain 54',
      'access-list A extended deny tcp host 192.0.2.1 eq ssh any gt 1023',
      'access-list A extended permit icmp any4 any4 echo',
      'access-list A extended permit icmp any4 0.0.0.0 0.0.0.0 time-exceeded log interval 1',
      'access-list A extended permit icmp6 any6 any6 echo-reply',
      'access-list A extended permit ip 2001:db8::/32 any6 log',
      'access-list A extended permit esp any any',
      'access-list A extended permit tcp any any neq https log disable',
      'access-list A extended permit object-group SVC object-group NET any4 log',
      'access-list A extended permit tcp object NET1 host 10.1.1.2 object-group PORTS inactive',
      'access-list A extended deny ip any any log 3 interval 60',
      'access-list A remark this is the end',
    ]);
  });

  it('refuses what an ASA refuses and changes nothing', async () => {
    const sh = await shell();
    await sh.run('access-list A extended permit ip any any');
    const bad = [
      'access-list A extended permit tcp any any eq syslog', // a UDP port name on TCP
      'access-list A extended permit ip any any eq 80', // ports need tcp, udp or sctp
      'access-list A extended permit tcp any any 8', // an ICMP type on TCP
      'access-list A extended permit tcp any any range 90 80',
      'access-list A extended permit tcp any any eq 65536',
      'access-list A extended permit tcp any any eq wwww',
      'access-list A extended permit 256 any any',
      'access-list A extended allow ip any any',
    ];
    for (const l of bad) {
      const out = (await sh.run(l)).join('\n');
      expect(out, l).toMatch(/ERROR|Invalid input/);
    }
    expect((await sh.run('access-list A extended permit ip 10.1.1.1 255.255.255.0 any'))).toEqual(['ERROR: IP address,mask <10.1.1.1,255.255.255.0> doesn\'t pair']);
    expect(aclLines(sh)).toEqual(['access-list A extended permit ip any any']);
  });

  it('keeps lists in creation order, `line N` inserts, `no` removes one entry, clear configure removes lists', async () => {
    const sh = await shell();
    await sh.feed([
      'access-list B extended permit ip any host 10.0.0.2',
      'access-list A extended permit ip any host 10.0.0.1',
      'access-list B extended permit ip any host 10.0.0.3',
      'access-list B line 1 remark first',
      'access-list B line 3 extended deny tcp any any eq 25',
      'access-list S standard permit 10.0.0.0 255.0.0.0',
      'access-list W webtype permit url http://*.example.com log default',
    ].join('\n'));
    expect(aclLines(sh)).toEqual([
      'access-list B remark first',
      'access-list B extended permit ip any host 10.0.0.2',
      'access-list B extended deny tcp any any eq smtp',
      'access-list B extended permit ip any host 10.0.0.3',
      'access-list A extended permit ip any host 10.0.0.1',
      'access-list S standard permit 10.0.0.0 255.0.0.0',
      'access-list W webtype permit url http://*.example.com log default',
    ]);
    expect(await sh.run('no access-list B extended deny tcp any any eq 25')).toEqual([]);
    expect(aclLines(sh).filter((l) => l.startsWith('access-list B'))).toEqual([
      'access-list B remark first', 'access-list B extended permit ip any host 10.0.0.2', 'access-list B extended permit ip any host 10.0.0.3',
    ]);
    expect(await sh.run('clear configure access-list B')).toEqual([]);
    expect(aclLines(sh).map((l) => l.split(' ')[1])).toEqual(['A', 'S', 'W']);
    expect((await sh.run('show running-config access-list A'))).toEqual(['access-list A extended permit ip any host 10.0.0.1']);
    expect(await sh.run('clear configure access-list')).toEqual([]);
    expect(aclLines(sh)).toEqual([]);
  });

  it('renders to text that pastes back to the same text', async () => {
    const sh = await shell();
    await sh.feed([
      'object-group network NET', ' network-object host 10.1.1.10', ' network-object 10.1.2.0 255.255.255.0',
      'object-group service PORTS tcp', ' port-object eq 80', ' port-object range 8000 8080',
      'access-list X extended permit tcp object-group NET any object-group PORTS',
      'access-list X extended permit tcp any object-group NET eq 443',
      'access-list X extended deny udp any eq 53 host 10.0.0.1 log',
      'access-list X remark the rest',
      'access-list X extended permit ip any any',
    ].join('\n'));
    const first = body(sh.app);
    const sh2 = await shell();
    await sh2.feed(first.join('\n'));
    expect(body(sh2.app)).toEqual(first);
    expect(first.filter((l) => l.startsWith('access-list'))).toEqual([
      'access-list X extended permit tcp object-group NET any object-group PORTS',
      'access-list X extended permit tcp any object-group NET eq https',
      'access-list X extended deny udp any eq domain host 10.0.0.1 log',
      'access-list X remark the rest',
      'access-list X extended permit ip any any',
    ]);
  });
});

describe('vpn-filter and ipv6-vpn-filter', () => {
  it('are inherited from the group-policy chain and set per user', async () => {
    const sh = await shell();
    await sh.feed([
      'access-list F1 extended permit ip any any',
      'group-policy DfltGrpPolicy attributes', ' vpn-filter value DFLT',
      'group-policy G internal', 'group-policy G attributes', ' ipv6-vpn-filter value F6',
      'tunnel-group T type remote-access', 'tunnel-group T general-attributes', ' default-group-policy G',
      'username u1 password secret1secret', 'username u1 attributes', ' vpn-group-policy G',
      'username u2 password secret2secret', 'username u2 attributes', ' vpn-group-policy G', ' vpn-filter value F1', ' ipv6-vpn-filter none',
    ].join('\n'));
    const c = sh.app.config.model;
    const tg = c.tunnelGroups.get('T')!;
    const p1 = effectivePolicy(c, { user: c.usernames.get('u1'), tunnelGroup: tg });
    expect([p1.vpnFilter, p1.ipv6VpnFilter]).toEqual(['DFLT', 'F6']);
    const p2 = effectivePolicy(c, { user: c.usernames.get('u2'), tunnelGroup: tg });
    expect([p2.vpnFilter, p2.ipv6VpnFilter]).toEqual(['F1', null]);
    const p3 = effectivePolicy(c, { tunnelGroup: c.tunnelGroups.get('DefaultWEBVPNGroup')! });
    expect([p3.vpnFilter, p3.ipv6VpnFilter]).toEqual(['DFLT', null]);
    expect(body(sh.app)).toEqual(expect.arrayContaining([' vpn-filter value F1', ' ipv6-vpn-filter none', ' ipv6-vpn-filter value F6']));
  });
});
