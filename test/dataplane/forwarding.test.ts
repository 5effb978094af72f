// The forwarding plane end to end, through network namespaces made by this test: the real
// openconnect with the real vpnc-script in a client namespace (a real tun0 there), headend in its own
// namespace with one TUN for all sessions, and an inside host with an HTTP server.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateIdentity } from '../../src/gateway/tls.ts';
import { ConsoleChild } from '../helpers/console-child.ts';
import { NET, Topology, netnsUnavailable } from '../helpers/netns.ts';

const why = netnsUnavailable();
if (why) console.warn(`SKIPPED test/dataplane/forwarding: network namespaces unavailable here: ${why}`);

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const BLOB_MB = 50;
const HTTP_PORT = 8080;
const VPNC_SCRIPT = '/usr/share/vpnc-scripts/vpnc-script';
let connects = 0;

const config = `interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address ${NET.headendOuter} 255.255.255.0
interface GigabitEthernet0/1
 nameif inside
 security-level 100
 ip address ${NET.headendInside} 255.255.255.0
ip local pool vpn_pool 203.0.113.10-203.0.113.50 mask 255.255.255.0
ipv6 local pool vpn_pool6 2001:db8:99::10/64 50
access-list SPLIT standard permit ${NET.inside} 255.255.255.255
webvpn
 enable outside
 anyconnect enable
 tunnel-group-list enable
group-policy eng internal
group-policy eng attributes
 dns-server value 198.51.100.53
 vpn-tunnel-protocol ssl-client
 default-domain value eng.example
 address-pools value vpn_pool
 ipv6-address-pools value vpn_pool6
group-policy split internal
group-policy split attributes
 vpn-tunnel-protocol ssl-client
 split-tunnel-policy tunnelspecified
 split-tunnel-network-list value SPLIT
 address-pools value vpn_pool
tunnel-group ENG type remote-access
tunnel-group ENG general-attributes
 default-group-policy eng
tunnel-group ENG webvpn-attributes
 group-alias Engineering enable
username lee password LeePass-1
username lee attributes
 vpn-group-policy eng
group-policy exclude internal
group-policy exclude attributes
 vpn-tunnel-protocol ssl-client
 split-tunnel-policy excludespecified
 split-tunnel-network-list value SPLIT
 address-pools value vpn_pool
access-list VF extended permit tcp any host ${NET.inside} eq ${HTTP_PORT}
access-list VF extended permit icmp any host ${NET.inside}
access-list VF extended deny ip any any
group-policy filtered internal
group-policy filtered attributes
 vpn-tunnel-protocol ssl-client
 address-pools value vpn_pool
 vpn-filter value VF
username fay password FayPass-1
username fay attributes
 vpn-group-policy filtered
username alex password AlexPass-1
username alex attributes
 vpn-group-policy exclude
username sam password SamPass-1
username sam attributes
 vpn-group-policy split
`;

describe.skipIf(why !== null)('forwarding through one TUN (namespaces, real openconnect)', () => {
  const topo = new Topology('fw');
  let dir: string;
  let headend: ConsoleChild;
  let pin: string;
  let blobSha: string;
  const hostResolv = fs.existsSync('/etc/resolv.conf') ? fs.readFileSync('/etc/resolv.conf', 'utf8') : null;

  /** openconnect in the client namespace; resolves once vpnc-script has configured tun0 */
  async function connect(user: string, password: string): Promise<{ proc: ReturnType<Topology['spawn']>; out: () => string; address: string }> {
    // the real vpnc-script, then a mark once it has finished (addresses, routes, resolv.conf)
    const mark = path.join(dir, `vpnc-done-${++connects}`);
    const proc = topo.spawn(topo.client, 'openconnect', [
      '--protocol=anyconnect', '--servercert', pin, '--non-inter', '--passwd-on-stdin', '--user', user,
      '--authgroup', 'Engineering', '--interface', 'tun0',
      '--script', `${VPNC_SCRIPT}; st=$?; [ "$reason" = connect ] && touch '${mark}'; exit $st`,
      `https://${NET.headendOuter}/`,
    ], { env: { ...process.env, LC_ALL: 'C' } });
    let out = '';
    proc.stdout!.on('data', (c: Buffer) => { out += c; });
    proc.stderr!.on('data', (c: Buffer) => { out += c; });
    proc.stdin!.end(password + '\n');
    const deadline = Date.now() + 30_000;
    for (;;) {
      const m = out.match(/Configured as (\d+\.\d+\.\d+\.\d+)/);
      if (m && fs.existsSync(mark)) return { proc, out: () => out, address: m[1] };
      if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`openconnect did not come up:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function disconnect(proc: ReturnType<Topology['spawn']>): Promise<void> {
    if (proc.exitCode !== null) return;
    proc.kill('SIGINT');
    await Promise.race([new Promise((r) => proc.once('exit', r)), new Promise((r) => setTimeout(r, 5000))]);
    proc.kill('SIGKILL');
  }

  const detail = (user: string): Promise<string> => headend.cmd(`show vpn-sessiondb detail anyconnect filter name ${user}`);
  const counter = (text: string, label: string, section: 'parent' | 'tunnel' = 'parent'): number => {
    // the session's totals head the output; the tunnel's own come after its `SSL-Tunnel:` heading
    const part = section === 'parent' ? text.split('\nAnyConnect-Parent Tunnels')[0] : text.split('\nSSL-Tunnel:\n')[1] ?? '';
    const m = part.match(new RegExp(`${label.replace(/ /g, '\\s')}\\s*:\\s*(\\d+)`));
    return m ? Number(m[1]) : NaN;
  };

  beforeAll(async () => {
    topo.create();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headend-fw-'));
    fs.writeFileSync(path.join(dir, 'boot.cfg'), config);
    pin = loadOrCreateIdentity(dir).pin;
    // the inside host: a static HTTP server over a random 50 MB file
    const www = path.join(dir, 'www');
    fs.mkdirSync(www);
    const blob = randomBytes(BLOB_MB * 1024 * 1024);
    blobSha = createHash('sha256').update(blob).digest('hex');
    fs.writeFileSync(path.join(www, 'blob'), blob);
    fs.writeFileSync(path.join(www, 'hello.txt'), 'hello from the inside\n');
    topo.spawn(topo.inside, 'python3', ['-m', 'http.server', String(HTTP_PORT), '--bind', '::', '--directory', www], { stdio: 'ignore' });
    const proc = topo.spawn(topo.headend, process.execPath, [path.join(ROOT, 'bin', 'headend.cjs'),
      '--state-dir', dir, '--config', path.join(dir, 'boot.cfg'), '--no-ssh', '--tun', 'vpn0'], { env: { ...process.env, HEADEND_TUN: '' } });
    headend = new ConsoleChild(proc);
    await headend.ready();
    await headend.cmd('terminal pager 0');
    // the gateway side of each pool is on the TUN once the gateway has started
    for (let i = 0; i < 100; i++) {
      const a = topo.exec(topo.headend, 'ip', ['addr', 'show', 'dev', 'vpn0']).out;
      if (a.includes('203.0.113.1/24') && a.includes('2001:db8:99::1/64')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    for (let i = 0; i < 50 && topo.exec(topo.inside, 'sh', ['-c', `exec 3<>/dev/tcp/127.0.0.1/${HTTP_PORT}`]).status !== 0; i++) await new Promise((r) => setTimeout(r, 100));
  }, 120_000);

  afterAll(() => {
    topo.destroy();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('puts the gateway side of every pool on one TUN, and routes the pools to it', () => {
    const addrs = topo.exec(topo.headend, 'ip', ['addr', 'show', 'dev', 'vpn0']).out;
    expect(addrs).toContain('inet 203.0.113.1/24');
    expect(addrs).toContain('inet6 2001:db8:99::1/64');
    const routes = topo.exec(topo.headend, 'ip', ['route', 'show', 'dev', 'vpn0']).out;
    expect(routes).toMatch(/^203\.0\.113\.0\/24 .*proto kernel/m);
  });

  it('carries ping, HTTP and a 50 MB transfer to the inside host; DNS and counters as configured', async () => {
    const { proc, address } = await connect('lee', 'LeePass-1');
    try {
      // vpnc-script wrote the namespace's resolv.conf, never the machine's
      const resolv = fs.readFileSync(`/etc/netns/${topo.client}/resolv.conf`, 'utf8');
      expect(resolv).toMatch(/nameserver 198\.51\.100\.53/);
      expect(resolv).toMatch(/eng\.example/);
      if (hostResolv !== null) expect(fs.readFileSync('/etc/resolv.conf', 'utf8')).toBe(hostResolv);
      // tunnel-all: the default route goes through the tunnel
      expect(topo.exec(topo.client, 'ip', ['route', 'show', 'default']).out).toMatch(/dev tun0/);

      const ping = topo.exec(topo.client, 'ping', ['-c', '3', '-i', '0.2', '-W', '2', NET.inside]);
      expect(ping.out).toMatch(/3 received/);
      const ping6 = topo.exec(topo.client, 'ping', ['-6', '-c', '3', '-i', '0.2', '-W', '2', NET.inside6]);
      expect(ping6.out).toMatch(/3 received/);

      const hello = topo.exec(topo.client, 'curl', ['-sS', '--max-time', '10', `http://${NET.inside}:${HTTP_PORT}/hello.txt`]);
      expect(hello.out).toBe('hello from the inside\n');
      const hello6 = topo.exec(topo.client, 'curl', ['-sS', '--max-time', '10', `http://[${NET.inside6}]:${HTTP_PORT}/hello.txt`]);
      expect(hello6.out).toBe('hello from the inside\n');

      const big = topo.exec(topo.client, 'sh', ['-c', `curl -sS --max-time 120 http://${NET.inside}:${HTTP_PORT}/blob | sha256sum`], 150_000);
      expect(big.out.split(' ')[0]).toBe(blobSha);

      // the inside host sees the client's pool address, not the headend's
      expect(address).toMatch(/^203\.0\.113\./);

      // oversized with DF set: ICMP "fragmentation needed" with the tunnel MTU comes back to the sender
      // the MTU the client was told (its tun0) is the one the gateway enforces
      const clientMtu = Number(topo.exec(topo.client, 'cat', ['/sys/class/net/tun0/mtu']).out.trim());
      expect(clientMtu).toBeGreaterThan(576);
      const df = topo.exec(topo.inside, 'ping', ['-c', '1', '-W', '2', '-M', 'do', '-s', '1472', address]);
      expect(df.out).toContain(`Frag needed and DF set (mtu = ${clientMtu})`);
      const v6addr = topo.exec(topo.client, 'ip', ['-6', 'addr', 'show', 'dev', 'tun0', 'scope', 'global']).out.match(/inet6 ([0-9a-f:]+)\//)?.[1];
      expect(v6addr).toBeDefined();
      const big6 = topo.exec(topo.inside, 'ping', ['-6', '-c', '1', '-W', '2', '-s', '1452', v6addr!]);
      expect(big6.out).toContain(`Packet too big: mtu=${clientMtu}`);

      // counters: what the client's tun0 sent and received is what the session counted, once quiet
      // (the client's kernel may send an IPv6 control packet at any time: the comparison is made on a
      // reading that did not change across the show command)
      const read = (): number[] => topo.exec(topo.client, 'cat', ['/sys/class/net/tun0/statistics/tx_packets', '/sys/class/net/tun0/statistics/tx_bytes',
        '/sys/class/net/tun0/statistics/rx_packets', '/sys/class/net/tun0/statistics/rx_bytes']).out.trim().split('\n').map(Number);
      let stats: number[] = [];
      let d = '';
      for (let i = 0; i < 10; i++) {
        await new Promise((r) => setTimeout(r, 500));
        stats = read();
        d = await detail('lee');
        if (read().join() === stats.join()) break;
      }
      expect(counter(d, 'Pkts Rx')).toBe(stats[0]);
      expect(counter(d, 'Bytes Rx')).toBe(stats[1]);
      expect(counter(d, 'Pkts Tx')).toBe(stats[2]);
      expect(counter(d, 'Bytes Tx')).toBe(stats[3]);
      expect(stats[3]).toBeGreaterThan(BLOB_MB * 1024 * 1024);
    } finally {
      await disconnect(proc);
    }
  }, 240_000);

  it('show route lists the client as a VPN route, show interface the TUN with its counters; pools change the TUN live', async () => {
    const { proc, address } = await connect('lee', 'LeePass-1');
    try {
      const route = await headend.cmd('show route');
      // layout of a real ASA 9.x (ntc-templates / Cisco command reference `show route` samples):
      // "V        10.220.0.14 255.255.255.255 connected by VPN (advertised), outside"
      expect(route).toContain(`V        ${address} 255.255.255.255 connected by VPN (advertised), outside`);
      expect(route).toContain('C        198.51.100.0 255.255.255.0 is directly connected, inside');
      expect(route).toContain('L        198.51.100.1 255.255.255.255 is directly connected, inside');
      expect(topo.exec(topo.client, 'ping', ['-c', '2', '-i', '0.2', '-W', '2', NET.inside]).out).toMatch(/2 received/);
      const iface = await headend.cmd('show interface');
      expect(iface).toMatch(/^Interface vpn0 "", is up, line protocol is up$/m);
      expect(iface).toContain('IP address 203.0.113.1, subnet mask 255.255.255.0');
      const input = Number(iface.match(/Traffic Statistics for "vpn0":\n\t(\d+) packets input/)?.[1]);
      expect(input).toBeGreaterThanOrEqual(2);

      // a new pool puts its gateway address on the device; the running session keeps flowing
      await headend.cmd('configure terminal');
      await headend.cmd('ip local pool extra 198.18.10.10-198.18.10.20 mask 255.255.255.0');
      const until = Date.now() + 10_000;
      while (!topo.exec(topo.headend, 'ip', ['addr', 'show', 'dev', 'vpn0']).out.includes('198.18.10.1/24') && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      expect(topo.exec(topo.headend, 'ip', ['addr', 'show', 'dev', 'vpn0']).out).toContain('inet 198.18.10.1/24');
      await headend.cmd('no ip local pool extra 198.18.10.10-198.18.10.20 mask 255.255.255.0');
      const until2 = Date.now() + 10_000;
      while (topo.exec(topo.headend, 'ip', ['addr', 'show', 'dev', 'vpn0']).out.includes('198.18.10.1/24') && Date.now() < until2) await new Promise((r) => setTimeout(r, 100));
      expect(topo.exec(topo.headend, 'ip', ['addr', 'show', 'dev', 'vpn0']).out).not.toContain('198.18.10.1');
      await headend.cmd('end');
      expect(topo.exec(topo.client, 'ping', ['-c', '2', '-i', '0.2', '-W', '2', NET.inside]).out).toMatch(/2 received/);
    } finally {
      await disconnect(proc);
    }
  }, 120_000);

  it('drops and counts a spoofed source address', async () => {
    const { proc } = await connect('lee', 'LeePass-1');
    try {
      const before = counter(await detail('lee'), 'Pkts Rx Drop');
      topo.exec(topo.client, 'ip', ['addr', 'add', '203.0.113.222/32', 'dev', 'tun0']);
      const spoofed = topo.exec(topo.client, 'ping', ['-c', '3', '-i', '0.2', '-W', '1', '-I', '203.0.113.222', NET.inside]);
      expect(spoofed.out).toMatch(/ 0 received/);
      const d1 = await detail('lee');
      const after = counter(d1, 'Pkts Rx Drop');
      expect(after - before).toBeGreaterThanOrEqual(3);
    } finally {
      await disconnect(proc);
    }
  }, 120_000);

  it('a client that stops reading loses packets (dropped and counted), not the headend its memory', async () => {
    const { proc, address } = await connect('lee', 'LeePass-1');
    try {
      proc.kill('SIGSTOP');
      const rss = (): number => Number(fs.readFileSync(`/proc/${headend.proc.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)![1]) * 1024;
      const before = rss();
      // 20,000 x 1,000-byte datagrams as fast as the inside host can send, toward a client that reads nothing
      const blast = `import socket\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\nfor i in range(20000): s.sendto(b'x'*1000,('${address}',9))`;
      topo.exec(topo.inside, 'python3', ['-c', blast], 60_000);
      // 20 MB were sent; the tunnel's send queue holds at most 1 MB of them
      expect(rss() - before).toBeLessThan(15 * 1024 * 1024);
      const d = await detail('lee');
      // (how many depends on how fast this machine let the inside host send; the kernel's own TUN
      // queue drops the rest before headend reads them)
      expect(counter(d, 'Pkts Tx Drop')).toBeGreaterThan(0);
      proc.kill('SIGCONT');
      // the session survives and carries traffic again once the client reads
      const until = Date.now() + 15_000;
      let ok = false;
      while (!ok && Date.now() < until) ok = /1 received/.test(topo.exec(topo.client, 'ping', ['-c', '1', '-W', '1', NET.inside]).out);
      expect(ok).toBe(true);
    } finally {
      proc.kill('SIGCONT');
      await disconnect(proc);
    }
  }, 120_000);

  it('split-tunnel: only the listed network is routed into the tunnel', async () => {
    const { proc } = await connect('sam', 'SamPass-1');
    try {
      const routes = topo.exec(topo.client, 'ip', ['route']).out;
      expect(routes).toMatch(new RegExp(`^${NET.inside.replace(/\./g, '\\.')} dev tun0`, 'm'));
      expect(topo.exec(topo.client, 'ip', ['route', 'show', 'default']).out).not.toMatch(/tun0/);
      expect(topo.exec(topo.client, 'ping', ['-c', '2', '-i', '0.2', '-W', '2', NET.inside]).out).toMatch(/2 received/);
    } finally {
      await disconnect(proc);
    }
  }, 120_000);

  it('split-tunnel exclude: everything through the tunnel but the listed network', async () => {
    const { proc } = await connect('alex', 'AlexPass-1');
    try {
      expect(topo.exec(topo.client, 'ip', ['route', 'show', 'default']).out).toMatch(/dev tun0/);
      // the excluded host is routed outside the tunnel, on the client's own interface
      expect(topo.exec(topo.client, 'ip', ['route', 'get', NET.inside]).out).toMatch(/via 192\.0\.2\.1 dev vc/);
      expect(topo.exec(topo.client, 'ip', ['route', 'get', NET.inside2]).out).toMatch(/dev tun0/);
      expect(topo.exec(topo.client, 'ping', ['-c', '2', '-i', '0.2', '-W', '2', NET.inside2]).out).toMatch(/2 received/);
    } finally {
      await disconnect(proc);
    }
  }, 120_000);

  it('vpn-filter: passes what it permits, blocks and counts what it denies, and a changed ACL applies at once', async () => {
    const { proc } = await connect('fay', 'FayPass-1');
    try {
      const curl = (host: string): string => topo.exec(topo.client, 'curl', ['-sS', '--max-time', '3', `http://${host}:${HTTP_PORT}/hello.txt`]).out;
      const ping = (host: string): string => topo.exec(topo.client, 'ping', ['-c', '2', '-i', '0.2', '-W', '1', host]).out;
      expect(curl(NET.inside)).toBe('hello from the inside\n');
      expect(ping(NET.inside)).toMatch(/2 received/);
      // the same server on the second address of the inside host: denied by the last entry
      expect(curl(NET.inside2)).not.toContain('hello');
      expect(ping(NET.inside2)).toMatch(/ 0 received/);
      const acl = await headend.cmd('show access-list VF');
      const hits = (re: RegExp): number => Number(acl.split('\n').find((l) => re.test(l))?.match(/hitcnt=(\d+)/)?.[1]);
      expect(hits(/permit tcp any host 198\.51\.100\.2 eq 8080/)).toBeGreaterThan(0);
      expect(hits(/permit icmp any host 198\.51\.100\.2/)).toBeGreaterThanOrEqual(2);
      expect(hits(/deny ip any any/)).toBeGreaterThanOrEqual(2);
      // a permit put before the deny reaches the running session at once, as on an ASA
      await headend.cmd('configure terminal');
      const added = await headend.cmd(`access-list VF line 3 extended permit icmp any host ${NET.inside2}`);
      expect(added).not.toMatch(/ERROR/);
      await headend.cmd('end');
      expect(ping(NET.inside2)).toMatch(/2 received/);
      expect(curl(NET.inside2)).not.toContain('hello');
    } finally {
      await disconnect(proc);
    }
  }, 120_000);

  it('after vpn-sessiondb logoff nothing more flows', async () => {
    const { proc, address } = await connect('lee', 'LeePass-1');
    try {
      expect(topo.exec(topo.inside, 'ping', ['-c', '1', '-W', '2', address]).out).toMatch(/1 received/);
      await headend.cmd('vpn-sessiondb logoff name lee noconfirm');
      await Promise.race([new Promise((r) => proc.once('exit', r)), new Promise((r) => setTimeout(r, 10_000))]);
      expect(proc.exitCode).not.toBeNull();
      expect(topo.exec(topo.inside, 'ping', ['-c', '2', '-i', '0.2', '-W', '1', address]).out).toMatch(/ 0 received/);
      expect(await headend.cmd('show vpn-sessiondb anyconnect')).toMatch(/INFO: There are presently no active sessions/);
    } finally {
      await disconnect(proc);
    }
  }, 120_000);
});
