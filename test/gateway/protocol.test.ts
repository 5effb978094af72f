// Unit tests of the gateway's protocol pieces: CSTP framing, ICMP, deflate, pools, cookies, XML, groups.
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CSTP, encodeFrame, FrameReader } from '../../src/gateway/cstp.ts';
import { checksum, icmp4EchoReply, icmp4EchoRequest, icmp6EchoReply, onesSum } from '../../src/gateway/icmp.ts';
import { adler32, DeflateCodec } from '../../src/gateway/compress.ts';
import { AddressPools, v4GatewayFor, v6GatewayFor } from '../../src/gateway/pools.ts';
import { CookieJar, cookieValue } from '../../src/gateway/cookies.ts';
import { authRequestXml, completeXml, parseClientAuth } from '../../src/gateway/auth-xml.ts';
import { groupBySelect, groupByUrl, groupOptions } from '../../src/gateway/groups.ts';
import { escapeBanner, planConnect } from '../../src/gateway/connect-headers.ts';
import type { GroupEntry, PoolSpec } from '../../src/gateway/view.ts';
import { policy } from './view-fixture.ts';

describe('CSTP framing', () => {
  it('encodes the 8-byte header', () => {
    expect(encodeFrame(CSTP.DPD_REQ).toString('hex')).toBe('5354460100000300');
    expect(encodeFrame(CSTP.DATA, Buffer.from([1, 2, 3])).toString('hex')).toBe('5354460100030000010203');
  });

  it('reassembles frames split and merged arbitrarily', () => {
    const stream = Buffer.concat([encodeFrame(CSTP.KEEPALIVE), encodeFrame(CSTP.DATA, Buffer.alloc(300, 7)), encodeFrame(CSTP.DISCONNECT, Buffer.from([0xb0]))]);
    const r = new FrameReader();
    const got = [];
    for (let i = 0; i < stream.length; i += 5) got.push(...r.push(stream.subarray(i, i + 5)));
    expect(got.map((f) => [f.type, f.payload.length])).toEqual([[7, 0], [0, 300], [5, 1]]);
  });

  it('rejects a stream that is not CSTP', () => {
    expect(() => new FrameReader().push(Buffer.from('GET / HTTP/1.1\r\n'))).toThrow(/magic/);
  });
});

describe('ICMP echo', () => {
  it('answers a v4 echo request with valid IP and ICMP checksums', () => {
    const req = icmp4EchoRequest('192.0.2.10', '192.0.2.1', 0x1234, 9, Buffer.from('payload!'));
    expect(checksum(req.subarray(0, 20))).toBe(0);
    const rep = icmp4EchoReply(req)!;
    expect(rep).toBeDefined();
    expect(checksum(rep.subarray(0, 20))).toBe(0);
    expect(checksum(rep.subarray(20))).toBe(0);
    expect(rep[20]).toBe(0);
    expect(rep.subarray(12, 16)).toEqual(Buffer.from([192, 0, 2, 1]));
    expect(rep.subarray(16, 20)).toEqual(Buffer.from([192, 0, 2, 10]));
    expect(rep.readUInt16BE(24)).toBe(0x1234);
    expect(rep.readUInt16BE(26)).toBe(9);
    expect(rep.subarray(28).toString()).toBe('payload!');
  });

  it('ignores damaged packets and non-requests', () => {
    const req = icmp4EchoRequest('192.0.2.10', '192.0.2.1', 1, 1, Buffer.from('x'));
    const bad = Buffer.from(req); bad[28] ^= 0xff;
    expect(icmp4EchoReply(bad)).toBeUndefined();
    const reply = icmp4EchoReply(req)!;
    expect(icmp4EchoReply(reply)).toBeUndefined();
  });

  it('answers an ICMPv6 echo request', () => {
    const src = Buffer.from('20010db8000000000000000000000005', 'hex');
    const dst = Buffer.from('20010db8000000000000000000000001', 'hex');
    const body = Buffer.from('8000000000010001616263', 'hex');
    const pseudo = Buffer.concat([src, dst, Buffer.from([0, 0, 0, body.length, 0, 0, 0, 58])]);
    body.writeUInt16BE(checksum(body, onesSum(pseudo)), 2);
    const hdr = Buffer.alloc(40);
    hdr[0] = 0x60; hdr.writeUInt16BE(body.length, 4); hdr[6] = 58; hdr[7] = 64;
    src.copy(hdr, 8); dst.copy(hdr, 24);
    const rep = icmp6EchoReply(Buffer.concat([hdr, body]))!;
    expect(rep[40]).toBe(129);
    expect(rep.subarray(8, 24)).toEqual(dst);
    const rpseudo = Buffer.concat([dst, src, Buffer.from([0, 0, 0, body.length, 0, 0, 0, 58])]);
    expect(checksum(rep.subarray(40), onesSum(rpseudo))).toBe(0);
  });
});

describe('deflate as openconnect does it', () => {
  it('adler32 matches zlib\'s', () => {
    expect(adler32(1, Buffer.from('Wikipedia'))).toBe(0x11e60398);
    // running sums: feeding in pieces equals feeding at once, also across the 3800-byte blocks
    const data = Buffer.alloc(10000).map((_, i) => (i * 31) & 255);
    expect(adler32(adler32(1, data.subarray(0, 4321)), data.subarray(4321))).toBe(adler32(1, data));
    // zlib's own framing ends with the same adler32
    const z = zlib.deflateSync(data);
    expect(adler32(1, data)).toBe(z.readUInt32BE(z.length - 4));
  });

  it('round-trips packets through two codecs with running checksums', async () => {
    const a = new DeflateCodec();
    const b = new DeflateCodec();
    const packets = [Buffer.from('hello hello hello'), Buffer.alloc(1400, 1), Buffer.from('hello again')];
    const wire = await Promise.all(packets.map((p) => a.compress(p)));
    for (let i = 0; i < packets.length; i++) expect(await b.decompress(wire[i])).toEqual(packets[i]);
    const broken = Buffer.from(await a.compress(Buffer.from('x')));
    broken[broken.length - 1] ^= 1;
    await expect(b.decompress(broken)).rejects.toThrow(/adler32/);
    a.close(); b.close();
  });
});

describe('address pools', () => {
  const specs = new Map<string, PoolSpec>([
    ['P', { kind: 'v4', first: '192.0.2.1', last: '192.0.2.3', mask: '255.255.255.0' }],
    ['Q', { kind: 'v4', first: '198.51.100.10', last: '198.51.100.10', mask: '255.255.255.0' }],
    ['V6', { kind: 'v6', prefix: '2001:db8:1:1::1', len: 64, count: 3 }],
  ]);

  it('skips the gateway address, falls through to the next pool, and releases', () => {
    const pools = new AddressPools((n) => specs.get(n));
    expect(v4GatewayFor('192.0.2.77', '255.255.255.0')).toBe('192.0.2.1');
    const a = pools.allocateV4(['P', 'Q'], 1)!;
    const b = pools.allocateV4(['P', 'Q'], 2)!;
    const c = pools.allocateV4(['P', 'Q'], 3)!;
    expect([a.address, b.address, c.address]).toEqual(['192.0.2.2', '192.0.2.3', '198.51.100.10']);
    expect(c.gateway).toBe('198.51.100.1');
    expect(pools.allocateV4(['P', 'Q'], 4)).toBeUndefined();
    expect(pools.inUse('Q')).toBe(true);
    pools.release(c);
    expect(pools.inUse('Q')).toBe(false);
    expect(pools.allocateV4(['Q'], 5)!.address).toBe('198.51.100.10');
  });

  it('leases IPv6 addresses', () => {
    const pools = new AddressPools((n) => specs.get(n));
    expect(v6GatewayFor('2001:db8:1:1::1', 64)).toBe('2001:db8:1:1::1');
    expect(pools.allocateV6(['V6'], 1)!.address).toBe('2001:db8:1:1::2');
    expect(pools.allocateV6(['V6'], 2)!.address).toBe('2001:db8:1:1::3');
    expect(pools.allocateV6(['V6'], 3)).toBeUndefined();
  });
});

describe('cookies', () => {
  it('issues 256-bit tokens and finds them only when exact', () => {
    const jar = new CookieJar<number>();
    const t = jar.issue(7);
    expect(t).toMatch(/^[0-9A-F]{64}$/);
    expect(jar.lookup(t)).toBe(7);
    expect(jar.lookup(t.slice(0, -1) + (t.endsWith('0') ? '1' : '0'))).toBeUndefined();
    expect(jar.lookup(t.toLowerCase())).toBeUndefined();
    jar.revoke(t);
    expect(jar.lookup(t)).toBeUndefined();
  });

  it('reads one cookie out of a list', () => {
    expect(cookieValue('openconnect_strapkey=abc==; webvpn=XYZ; webvpncontext=1', 'webvpn')).toBe('XYZ');
    expect(cookieValue('webvpncontext=1', 'webvpn')).toBeUndefined();
  });
});

describe('aggregate-auth XML', () => {
  it('parses init and auth-reply as openconnect sends them', () => {
    const init = parseClientAuth('<?xml version="1.0" encoding="UTF-8"?>\n<config-auth client="vpn" type="init" aggregate-auth-version="2"><version who="vpn">v9.01-3</version><device-id>linux-64</device-id><group-select>ENG</group-select><group-access>https://127.0.0.1:8443/</group-access></config-auth>')!;
    expect(init).toMatchObject({ type: 'init', version: 'v9.01-3', deviceId: 'linux-64', groupSelect: 'ENG' });
    const reply = parseClientAuth('<config-auth client="vpn" type="auth-reply"><auth><username>007</username><password> s&amp;cret </password></auth></config-auth>')!;
    expect(reply.fields).toEqual({ username: '007', password: ' s&cret ' });
  });

  it('refuses DTDs and non-config-auth bodies', () => {
    expect(parseClientAuth('<!DOCTYPE x [<!ENTITY a "aaaa">]><config-auth type="init"/>')).toBeUndefined();
    expect(parseClientAuth('username=a&password=b')).toBeUndefined();
  });

  it('builds auth-request and complete documents with escaping', () => {
    const x = authRequestXml({ tunnelGroup: 'A&B', groupAlias: 'a', handle: 'h', action: '/', error: 'Login failed.', groups: [{ value: 'x<y', label: 'x<y', selected: true }] });
    expect(x).toContain('<tunnel-group>A&amp;B</tunnel-group>');
    expect(x).toContain('<option value="x&lt;y" selected="true">x&lt;y</option>');
    expect(x).toContain('<error id="88" param1="" param2="">Login failed.</error>');
    const c = completeXml({ sessionId: 3, token: 'T', certSha1: 'AB', profiles: [{ fileName: 'p.xml', sha1: 'CD' }], customAttrs: [{ type: 'DeferredUpdateAllowed', value: 'true' }] });
    expect(c).toContain('<session-token>T</session-token>');
    expect(c).toContain('<uri>/CACHE/stc/profiles/p.xml</uri><hash type="sha1">CD</hash>');
    expect(c).toContain('<custom-attr><DeferredUpdateAllowed><![CDATA[true]]></DeferredUpdateAllowed></custom-attr>');
  });
});

describe('group selection', () => {
  const groups: GroupEntry[] = [
    { tunnelGroup: 'DefaultWEBVPNGroup', aliases: [], urls: [] },
    { tunnelGroup: 'ENG-TG', aliases: ['Engineering'], urls: ['https://127.0.0.1/eng'] },
    { tunnelGroup: 'SALES-TG', aliases: ['Sales', 'Field'], urls: ['https://vpn-sales.example.com'] },
  ];

  it('matches group-url by host+path, or by a non-root path alone', () => {
    expect(groupByUrl(groups, '/eng', '127.0.0.1:8443')?.tunnelGroup).toBe('ENG-TG');
    expect(groupByUrl(groups, '/ENG/', 'other.example')?.tunnelGroup).toBe('ENG-TG');
    expect(groupByUrl(groups, '/', 'vpn-sales.example.com')?.tunnelGroup).toBe('SALES-TG');
    expect(groupByUrl(groups, '/', '127.0.0.1')).toBeUndefined();
  });

  it('lists aliases and resolves an alias or an offered tunnel-group name', () => {
    expect(groupOptions(groups).map((o) => o.alias)).toEqual(['Engineering', 'Sales', 'Field']);
    expect(groupBySelect(groups, 'field')?.group.tunnelGroup).toBe('SALES-TG');
    expect(groupBySelect(groups, 'eng-tg')?.alias).toBe('Engineering');
    expect(groupBySelect(groups, 'DefaultWEBVPNGroup')).toBeUndefined();
  });
});

describe('CONNECT reply headers', () => {
  const hdr = (h: [string, string][], k: string): string[] => h.filter(([n]) => n === k).map(([, v]) => v);

  it('maps the policy to X-CSTP headers and clamps the MTU', () => {
    const pol = policy({
      keepaliveSec: 300, dpdClientSec: 45, idleTimeoutMin: 10, sessionTimeoutMin: 60, mtu: 1300,
      dnsServers: ['192.0.2.53'], winsServers: ['192.0.2.137', '192.0.2.138', '192.0.2.139'], defaultDomain: 'example.com', banner: ['Hello', '100% ok'],
      splitTunnelPolicy: 'tunnelspecified', splitNetworks: [{ address: '10.0.0.0', mask: '255.0.0.0' }], splitDns: ['corp.example'],
      rekeyMethod: 'new-tunnel', rekeyTimeMin: 30, compression: 'deflate', keepInstaller: false,
      customAttrs: [{ type: 'DeferredUpdateAllowed', values: [{ name: 'x', value: 'true' }] }],
    });
    const plan = planConnect({
      policy: pol, v4: { address: '192.0.2.10', mask: '255.255.255.0', gateway: '192.0.2.1' }, v6: null,
      request: { 'x-cstp-mtu': '1200', 'x-cstp-base-mtu': '65535', 'x-cstp-accept-encoding': 'oc-lz4,lzs,deflate' },
      sessionRemainingSec: 3599.5,
    });
    const h = plan.headers;
    expect(hdr(h, 'X-CSTP-Address')).toEqual(['192.0.2.10']);
    expect(hdr(h, 'X-CSTP-Keepalive')).toEqual(['300']);
    expect(hdr(h, 'X-CSTP-DPD')).toEqual(['45']);
    expect(hdr(h, 'X-CSTP-Idle-Timeout')).toEqual(['600']);
    expect(hdr(h, 'X-CSTP-Session-Timeout')).toEqual(['3600']);
    expect(hdr(h, 'X-CSTP-Session-Timeout-Remaining')).toEqual(['3599']);
    expect(hdr(h, 'X-CSTP-MTU')).toEqual(['1200']);
    expect(plan.mtu).toBe(1200);
    expect(hdr(h, 'X-CSTP-Split-Include')).toEqual(['10.0.0.0/255.0.0.0', '192.0.2.1/255.255.255.255']);
    expect(hdr(h, 'X-CSTP-Split-DNS')).toEqual(['corp.example']);
    // ASA sends at most two WINS servers
    expect(hdr(h, 'X-CSTP-NBNS')).toEqual(['192.0.2.137', '192.0.2.138']);
    expect(hdr(h, 'X-CSTP-Rekey-Method')).toEqual(['new-tunnel']);
    expect(hdr(h, 'X-CSTP-Rekey-Time')).toEqual(['1800']);
    expect(hdr(h, 'X-CSTP-Content-Encoding')).toEqual(['deflate']);
    expect(hdr(h, 'X-CSTP-Keep')).toEqual(['false']);
    expect(hdr(h, 'X-CSTP-Banner')).toEqual(['Hello%0A100%25 ok']);
    expect(hdr(h, 'X-CSTP-Post-Auth-XML')[0]).toContain('<DeferredUpdateAllowed><![CDATA[true]]></DeferredUpdateAllowed>');
    expect(h.some(([n]) => n.startsWith('X-DTLS'))).toBe(false);
  });

  it('sends no compression the client did not offer, and no split routes for tunnelall', () => {
    const plan = planConnect({ policy: policy({ compression: 'deflate' }), v4: { address: '192.0.2.10', mask: '255.255.255.0', gateway: '192.0.2.1' }, v6: null, request: { 'x-cstp-accept-encoding': 'oc-lz4,lzs' }, sessionRemainingSec: null });
    expect(plan.compression).toBe('none');
    expect(plan.headers.some(([n]) => n.startsWith('X-CSTP-Split'))).toBe(false);
    expect(hdr(plan.headers, 'X-CSTP-MTU')).toEqual(['1406']);
    expect(escapeBanner(['a\r\nb'])).toBe('a%0D%0Ab');
  });
});
