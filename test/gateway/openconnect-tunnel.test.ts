// Full tunnels with the real openconnect: --script-tun hands raw IP packets to tun-bridge.mjs, which
// relays them to the test, so a test can ping the gateway's tunnel address and read the reply.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { killOpenConnects, startOpenConnect, type OpenConnectRun } from '../helpers/openconnect.ts';
import { removeSharedDir, startGateway, stopGateways, type TestGateway } from './harness.ts';
import { TestView } from './view-fixture.ts';
import { checksum, icmp4EchoRequest, onesSum } from '../../src/gateway/icmp.ts';
import { formatAnyconnectFilterName } from '../../src/shell/show/vpn-sessiondb.ts';

afterEach(async () => {
  await killOpenConnects();
  await stopGateways();
});
afterAll(() => removeSharedDir());

function viewWithLee(): TestView {
  const v = new TestView();
  v.users.set('lee', { password: 'pw-lee' });
  v.users.set('ann', { password: 'pw-ann' });
  return v;
}

async function connect(t: TestGateway, user = 'lee', extra: string[] = [], url = t.url()): Promise<OpenConnectRun> {
  const oc = await startOpenConnect({ url, pin: t.gw.certPin(), user, password: `pw-${user}`, extraArgs: extra });
  await oc.waitFor(/Configured as/, 20_000);
  await oc.tun!.env;
  return oc;
}

/** Sends an echo request to `dst` through the client's tunnel and returns the reply packet. */
async function ping(oc: OpenConnectRun, src: string, dst: string, seq: number): Promise<Buffer> {
  const data = Buffer.from(`headend-ping-${seq}`);
  oc.tun!.send(icmp4EchoRequest(src, dst, 0x4242, seq, data));
  for (;;) {
    const p = await oc.tun!.next(10_000);
    if (p[0] >> 4 === 4 && p[9] === 1) return p;
  }
}

describe('AnyConnect tunnel with openconnect', () => {
  it('reaches "Configured as", pings the gateway tunnel address and counts traffic', async () => {
    const t = await startGateway(viewWithLee());
    const oc = await connect(t);
    expect(oc.output).toContain('Configured as 192.0.2.10, with SSL connected and DTLS disabled');
    const env = await oc.tun!.env;
    expect(env.INTERNAL_IP4_ADDRESS).toBe('192.0.2.10');
    expect(env.INTERNAL_IP4_NETMASK).toBe('255.255.255.0');

    for (const seq of [1, 2, 3]) {
      const r = await ping(oc, '192.0.2.10', '192.0.2.1', seq);
      expect(checksum(r.subarray(0, 20))).toBe(0);
      expect(r[20]).toBe(0); // echo reply
      expect(checksum(r.subarray(20, r.readUInt16BE(2)))).toBe(0);
      expect(r.subarray(12, 16)).toEqual(Buffer.from([192, 0, 2, 1]));
      expect(r.subarray(16, 20)).toEqual(Buffer.from([192, 0, 2, 10]));
      expect(r.readUInt16BE(26)).toBe(seq);
      expect(r.subarray(28).toString()).toBe(`headend-ping-${seq}`);
    }
    // a packet to somewhere else is dropped (no forwarding plane), a spoofed source too
    oc.tun!.send(icmp4EchoRequest('192.0.2.10', '198.51.100.7', 1, 1, Buffer.from('x')));
    oc.tun!.send(icmp4EchoRequest('192.0.2.99', '192.0.2.1', 1, 1, Buffer.from('x')));
    await ping(oc, '192.0.2.10', '192.0.2.1', 4);

    const [s] = t.gw.sessions();
    expect(s).toMatchObject({ user: 'lee', assignedIp: '192.0.2.10', protocols: ['AnyConnect-Parent', 'SSL-Tunnel'] });
    expect(s.counters.pktsRx).toBe(6);
    expect(s.counters.pktsTx).toBe(4);
    expect(s.counters.pktsRxDrop).toBe(2);
    expect(s.counters.bytesRx).toBeGreaterThan(s.counters.bytesTx);
    expect(s.tunnel).toMatchObject({ tlsVersion: expect.stringMatching(/^TLSv1\.[23]$/), encryption: expect.stringMatching(/AES/), mtu: 1406 });
    expect(t.gw.poolInUse('POOL1')).toBe(true);
    const shown = formatAnyconnectFilterName(t.gw.sessions(), 'lee', { now: new Date() });
    expect(shown).toContain('Protocol     : AnyConnect-Parent SSL-Tunnel');
    expect(shown.some((l) => /^Assigned IP  : 192\.0\.2\.10 +Public IP    : 127\.0\.0\.1$/.test(l))).toBe(true);
  }, 60_000);

  it('one CSTP frame per TLS record: openconnect receives every reply of a 100-ping burst', async () => {
    const t = await startGateway(viewWithLee());
    const oc = await connect(t);
    for (let seq = 0; seq < 100; seq++) oc.tun!.send(icmp4EchoRequest('192.0.2.10', '192.0.2.1', 0x77, seq, Buffer.alloc(200, seq)));
    const seen = new Set<number>();
    while (seen.size < 100) {
      const p = await oc.tun!.next(15_000);
      if (p[9] === 1 && p[20] === 0) seen.add(p.readUInt16BE(26));
    }
    expect(oc.output).not.toContain('Unexpected packet length');
    expect(t.gw.sessions()[0].counters.pktsTx).toBe(100);
  }, 60_000);

  it('serves the group-policy profile to openconnect -x', async () => {
    const view = viewWithLee();
    const xml = '<?xml version="1.0" encoding="UTF-8"?>\n<AnyConnectProfile xmlns="http://schemas.xmlsoap.org/encoding/"><ServerList/></AnyConnectProfile>\n';
    view.base = { profiles: [{ name: 'eng', fileName: 'eng.xml', xml }] };
    const t = await startGateway(view);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headend-prof-'));
    try {
      const file = path.join(dir, 'profile.xml');
      const oc = await connect(t, 'lee', ['-x', file]);
      expect(oc.output).toContain('Downloaded new XML profile');
      expect(fs.readFileSync(file, 'utf8')).toBe(xml);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('logoff: the client is told and exits, the cookie dies and the address returns to the pool', async () => {
    const t = await startGateway(viewWithLee());
    const oc = await connect(t);
    expect(t.gw.logoff({ name: 'lee' }, 'Administrator Reset')).toBe(1);
    const { code } = await oc.waitExit(20_000);
    expect(code).toBe(1);
    expect(oc.output).toContain("Received server disconnect: 00 'Administrator Reset'");
    expect(oc.output).toContain('Session terminated by server');
    expect(t.gw.sessions()).toHaveLength(0);
    expect(t.gw.poolInUse('POOL1')).toBe(false);
    expect(t.gw.logoff({ name: 'lee' }, 'x')).toBe(0);
  }, 60_000);

  it('the --authenticate cookie opens a tunnel until logoff, then is rejected', async () => {
    const t = await startGateway(viewWithLee());
    const auth = await startOpenConnect({ url: t.url(), pin: t.gw.certPin(), user: 'lee', password: 'pw-lee', authenticateOnly: true });
    expect((await auth.waitExit(20_000)).code).toBe(0);
    const cookie = auth.output.match(/^COOKIE='([^']*)'$/m)![1];
    const live = await startOpenConnect({ url: t.url(), pin: t.gw.certPin(), user: 'lee', password: '', cookie });
    await live.waitFor(/Configured as 192\.0\.2\.10/, 20_000);
    await live.tun!.env;
    expect(t.gw.logoff({ all: true }, 'Administrator Reset')).toBe(1);
    expect((await live.waitExit(20_000)).code).toBe(1);
    const again = await startOpenConnect({ url: t.url(), pin: t.gw.certPin(), user: 'lee', password: '', cookie });
    expect((await again.waitExit(20_000)).code).toBe(2);
    expect(again.output).toMatch(/Cookie was rejected/);
  }, 60_000);

  it('ends a session whose client stops answering (gateway DPD), and the client is refused when it wakes up', async () => {
    const view = viewWithLee();
    view.base = { dpdGatewaySec: 5, dpdClientSec: 300, keepaliveSec: null };
    const t = await startGateway(view);
    const oc = await connect(t);
    process.kill(oc.pid, 'SIGSTOP');
    try {
      const end = await t.waitEvent('session-end', (e) => e.session.user === 'lee', 45_000);
      expect(end.reason).toBe('Lost Service');
      expect(t.gw.sessions()).toHaveLength(0);
      expect(t.gw.poolInUse('POOL1')).toBe(false);
    } finally {
      process.kill(oc.pid, 'SIGCONT');
    }
    const { code } = await oc.waitExit(30_000);
    expect(code).toBe(2); // reconnects with its cookie and gets 401
  }, 90_000);

  it('a session started after the keepalive changes to 300 gets 300; the running one keeps its policy', async () => {
    const t = await startGateway(viewWithLee());
    const first = await connect(t, 'lee');
    expect(first.output).toContain('CSTP connected. DPD 30, Keepalive 20');
    t.view.base = { keepaliveSec: 300 };
    const second = await connect(t, 'ann');
    expect(second.output).toContain('X-CSTP-Keepalive: 300');
    expect(second.output).toContain('CSTP connected. DPD 30, Keepalive 300');
    expect(second.output).toContain('Configured as 192.0.2.11');
    expect(t.gw.sessions().map((s) => s.user)).toEqual(['lee', 'ann']);
    await ping(first, '192.0.2.10', '192.0.2.1', 1);
  }, 60_000);

  it('client SIGINT sends DISCONNECT: the session ends as User Requested', async () => {
    const t = await startGateway(viewWithLee());
    const oc = await connect(t);
    oc.kill('SIGINT');
    expect((await oc.waitExit(20_000)).code).toBe(0);
    const end = await t.waitEvent('session-end', () => true, 10_000);
    expect(end.reason).toBe('User Requested');
    expect(t.gw.poolInUse('POOL1')).toBe(false);
  }, 60_000);

  it('reconcile opens and closes listeners without dropping established sessions', async () => {
    const t = await startGateway(viewWithLee());
    const oc = await connect(t);
    t.view.listenerSpecs = [{ address: '127.0.0.2', port: 0 }];
    const ls = await t.gw.reconcile();
    expect(ls).toHaveLength(1);
    expect(ls[0].address).toBe('127.0.0.2');
    await ping(oc, '192.0.2.10', '192.0.2.1', 7);
    const second = await connect(t, 'ann', [], `https://127.0.0.2:${ls[0].boundPort}/`);
    expect(second.output).toContain('Configured as 192.0.2.11');
    expect(t.gw.sessions()).toHaveLength(2);
  }, 60_000);

  it('negotiates deflate when the policy allows it and the client offers it', async () => {
    const view = viewWithLee();
    view.base = { compression: 'deflate' };
    const t = await startGateway(view);
    const oc = await connect(t, 'lee', ['--compression=all']);
    expect(oc.output).toContain('X-CSTP-Content-Encoding: deflate');
    expect(t.gw.sessions()[0].tunnel?.compression).toBe('deflate');
    for (const seq of [1, 2, 3]) {
      const r = await ping(oc, '192.0.2.10', '192.0.2.1', seq);
      expect(r.subarray(28).toString()).toBe(`headend-ping-${seq}`);
    }
  }, 60_000);

  it('assigns an IPv6 address and answers ICMPv6 echo on the pool gateway address', async () => {
    const view = viewWithLee();
    view.pools.set('V6', { kind: 'v6', prefix: '2001:db8:5::10', len: 64, count: 5 });
    view.base = { ipv6Pools: ['V6'] };
    const t = await startGateway(view);
    const oc = await connect(t);
    const env = await oc.tun!.env;
    expect(env.INTERNAL_IP6_ADDRESS).toBe('2001:db8:5::10');
    expect(t.gw.sessions()[0].assignedIpv6).toBe('2001:db8:5::10');
    const src = Buffer.from('20010db8000500000000000000000010', 'hex');
    const dst = Buffer.from('20010db8000500000000000000000001', 'hex');
    const body = Buffer.from('80000000abcd0001', 'hex');
    const pseudo = Buffer.concat([src, dst, Buffer.from([0, 0, 0, body.length, 0, 0, 0, 58])]);
    body.writeUInt16BE(checksum(body, onesSum(pseudo)), 2);
    const hdr = Buffer.alloc(40);
    hdr[0] = 0x60; hdr.writeUInt16BE(body.length, 4); hdr[6] = 58; hdr[7] = 64;
    src.copy(hdr, 8); dst.copy(hdr, 24);
    oc.tun!.send(Buffer.concat([hdr, body]));
    let r: Buffer;
    do r = await oc.tun!.next(10_000); while (r[0] >> 4 !== 6 || r[6] !== 58);
    expect(r[40]).toBe(129);
    expect(r.subarray(24, 40)).toEqual(src);
  }, 60_000);

  it('ends an idle session (minute shortened for the test) and the client exits', async () => {
    const view = viewWithLee();
    view.base = { idleTimeoutMin: 2 };
    const t = await startGateway(view, { minuteMs: 1000 });
    // not connect(): on a loaded machine the 2 s idle time may pass before the client's tun script
    // is up, and its environment would never arrive
    const oc = await startOpenConnect({ url: t.url(), pin: t.gw.certPin(), user: 'lee', password: 'pw-lee' });
    await oc.waitFor(/Configured as/, 20_000);
    const end = await t.waitEvent('session-end', () => true, 60_000);
    expect(end.reason).toBe('Idle Timeout');
    expect((await oc.waitExit(30_000)).code).toBe(1);
    expect(oc.output).toContain("'Idle Timeout'");
  }, 120_000);
});
