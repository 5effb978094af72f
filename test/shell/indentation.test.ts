// Leading whitespace is not syntax, as on an ASA: a line is matched in the current mode, then in
// each parent, whatever its indentation; `exit` leaves exactly one mode. The script below is written
// the way Cisco's and cloud vendors' published ASA samples are (indented attributes under a block,
// an unindented `exit`, then the next global command), e.g. the AWS/Azure site-to-site samples and
// the Cisco "AnyConnect VPN Client on FTD/ASA" configuration examples.
import { describe, expect, it } from 'vitest';
import { Shell, body, bootApp, tempState } from './helpers.ts';

const vendorScript = `interface GigabitEthernet0/1
  nameif outside
  security-level 0
  ip address 203.0.113.1 255.255.255.0
exit
ip local pool VPN-POOL 10.10.10.1-10.10.10.100 mask 255.255.255.0
group-policy GP-RA internal
group-policy GP-RA attributes
  vpn-tunnel-protocol ssl-client
  split-tunnel-policy tunnelspecified
  webvpn
    anyconnect keep-installer installed
    exit
  dns-server value 198.51.100.53
exit
tunnel-group TG-RA type remote-access
tunnel-group TG-RA general-attributes
  address-pool VPN-POOL
  default-group-policy GP-RA
exit
tunnel-group TG-RA webvpn-attributes
  group-alias RA enable
exit
object network INSIDE-NET
  subnet 10.0.0.0 255.255.255.0
exit
policy-map global_policy
  class inspection_default
    inspect ftp
    exit
  exit
hostname vendor-asa
`;

describe('indentation is not syntax', () => {
  it('applies every line of a vendor-style script (indented attributes, unindented exit, next global command)', async () => {
    const app = await bootApp(tempState(), { empty: true });
    const sh = new Shell(app);
    await sh.feed('configure terminal');
    const out = await sh.feed(vendorScript);
    expect(out).not.toMatch(/ERROR/);
    expect(sh.mode).toBe('config');
    const b = body(app);
    for (const l of [
      'interface GigabitEthernet0/1', ' nameif outside', ' security-level 0', ' ip address 203.0.113.1 255.255.255.0',
      'ip local pool VPN-POOL 10.10.10.1-10.10.10.100 mask 255.255.255.0', 'group-policy GP-RA internal',
      ' vpn-tunnel-protocol ssl-client', ' split-tunnel-policy tunnelspecified', ' dns-server value 198.51.100.53',
      '  anyconnect keep-installer installed', 'tunnel-group TG-RA type remote-access', ' address-pool VPN-POOL',
      ' default-group-policy GP-RA', ' group-alias RA enable', 'object network INSIDE-NET', ' subnet 10.0.0.0 255.255.255.0',
      'policy-map global_policy', ' class inspection_default', '  inspect ftp', 'hostname vendor-asa',
    ]) expect(b, l).toContain(l);
  });

  it('an indented exit leaves exactly one mode; exit at (config)# goes to #, and the session goes on', async () => {
    const app = await bootApp(tempState(), { empty: true });
    const sh = new Shell(app);
    await sh.feed('configure terminal');
    await sh.feed('group-policy G internal\ngroup-policy G attributes\n webvpn');
    expect(sh.mode).toBe('config-group-webvpn');
    await sh.feed('  anyconnect mtu 1300\n  exit');
    expect(sh.mode).toBe('config-group-policy');
    await sh.feed('vpn-idle-timeout 20\n        exit');
    expect(sh.mode).toBe('config');
    await sh.feed('exit');
    expect(sh.mode).toBe('priv');
    expect(await sh.run('show running-config group-policy G')).toEqual(['group-policy G internal', 'group-policy G attributes', ' vpn-idle-timeout 20', ' webvpn', '  anyconnect mtu 1300']);
  });

  it('an unindented attribute line after a sub-block is matched in the current mode first, then its parents', async () => {
    const app = await bootApp(tempState(), { empty: true });
    const sh = new Shell(app);
    await sh.feed('configure terminal');
    // no indentation at all: `dns-server` is not a group-webvpn command, so it runs in the group-policy
    const out = await sh.feed('group-policy G internal\ngroup-policy G attributes\nwebvpn\nanyconnect mtu 1300\ndns-server value 192.0.2.1\nhostname h2');
    expect(out).not.toMatch(/ERROR/);
    expect(body(app)).toEqual(expect.arrayContaining(['group-policy G attributes', ' dns-server value 192.0.2.1', ' webvpn', '  anyconnect mtu 1300', 'hostname h2']));
  });

  it('kept-verbatim blocks collect unindented children by their words and end on a line valid in a parent mode', async () => {
    const app = await bootApp(tempState(), { empty: true });
    const sh = new Shell(app);
    await sh.feed('configure terminal');
    const out = await sh.feed([
      'object network WEB', 'host 192.0.2.80', 'nat (inside,outside) static 198.51.100.80',
      'nat (inside,outside) source static WEB WEB', 'dns server-group DefaultDNS', 'domain-name example.com',
      'crypto ca trustpoint TP', 'enrollment self', 'crl configure', 'logging enable',
    ].join('\n'));
    expect(out).not.toMatch(/ERROR/);
    const b = body(app);
    // object NAT belongs to the object; a twice-NAT `nat … source` line is a global command
    expect(b).toEqual(expect.arrayContaining(['object network WEB', ' host 192.0.2.80', ' nat (inside,outside) static 198.51.100.80',
      'nat (inside,outside) source static WEB WEB', 'dns server-group DefaultDNS', ' domain-name example.com',
      'crypto ca trustpoint TP', ' enrollment self', ' crl configure', 'logging enable']));
    expect(app.config.model.domainName).toBeUndefined();
  });
});
