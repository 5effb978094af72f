// The gateway under abuse, in the product (running-config view, `max-fail` lockout, the daemon's
// gateway wiring): malformed and oversized XML, slow clients, forged and replayed cookies, a
// password-guessing run, a flood of half-open TLS connections. A real openconnect session is
// established first and must stay up and pass traffic through all of it.
import net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { icmp4EchoRequest } from '../../src/gateway/icmp.ts';
import { killOpenConnects, startOpenConnect, type OpenConnectRun } from '../helpers/openconnect.ts';
import {
  AGG_HEADERS, bounded, connectTunnel, HeldTunnel, login, LoadgenError, post, RawTls, startProduct, stopProducts,
  type Product, type Target,
} from '../helpers/loadgen.ts';

const USERS = ['carol', 'dave', 'erin', 'frank', 'gina', 'hal'];
const pw = (u: string): string => `pw-${u}-1`;

let p: Product;
let oc: OpenConnectRun;
let ocAddress = '';
let pingSeq = 0;
let target: Target;

beforeAll(async () => {
  p = await startProduct([
    'ip local pool vpn_pool 192.0.2.10-192.0.2.250 mask 255.255.255.0',
    'aaa local authentication attempts max-fail 5',
    ...USERS.map((u) => `username ${u} password ${pw(u)}`),
    'group-policy DfltGrpPolicy attributes',
    ' vpn-tunnel-protocol ssl-client',
    ' address-pools value vpn_pool',
  ]);
  target = { host: '127.0.0.1', port: p.port, timeoutMs: 20_000 };
  oc = await startOpenConnect({ url: `https://127.0.0.1:${p.port}/`, pin: p.gateway.certPin(), user: 'carol', password: pw('carol') });
  await oc.waitFor(/Configured as/, 30_000);
  ocAddress = (await oc.tun!.env).INTERNAL_IP4_ADDRESS;
  await realSessionWorks();
}, 60_000);

afterAll(async () => {
  await killOpenConnects();
  await stopProducts();
});

/** the openconnect session made before the abuse: still a session with a tunnel, and it answers a ping */
async function realSessionWorks(): Promise<void> {
  expect(oc.exitCode).toBeUndefined();
  const mine = p.gateway.sessions().find((s) => s.user === 'carol');
  expect(mine?.protocols).toContain('SSL-Tunnel');
  expect(mine?.assignedIp).toBe(ocAddress);
  const seq = ++pingSeq;
  oc.tun!.send(icmp4EchoRequest(ocAddress, '192.0.2.1', 0x5151, seq, Buffer.from(`still-up-${seq}`)));
  for (;;) {
    const r = await oc.tun!.next(15_000);
    if (r[0] >> 4 === 4 && r[9] === 1 && r[20] === 0 && r.readUInt16BE(26) === seq) break;
  }
}

/** a fresh login and tunnel from another user still work */
async function freshLoginWorks(user = 'hal'): Promise<void> {
  const l = await login(target, user, pw(user));
  const c = await connectTunnel(target, l.cookie, l);
  const t = new HeldTunnel(c.sock, 0, l.cookie, c.params, c.early);
  expect(c.params.address).toMatch(/^192\.0\.2\./);
  await t.logoff();
}

/** the first flight of a real TLS client (Node's), captured by a listener that never answers */
function clientHello(): Promise<Buffer> {
  return new Promise((resolve) => {
    const srv = net.createServer((c) => c.once('data', (d: Buffer) => { resolve(d); c.destroy(); srv.close(); }));
    srv.listen(0, '127.0.0.1', () => {
      const c = tls.connect({ host: '127.0.0.1', port: (srv.address() as net.AddressInfo).port, rejectUnauthorized: false });
      c.on('error', () => {});
    });
  });
}

const INIT = '<?xml version="1.0" encoding="UTF-8"?>\n<config-auth client="vpn" type="init" aggregate-auth-version="2"><version who="vpn">v9.01-3</version><device-id>linux-64</device-id></config-auth>';

describe('malformed and oversized requests', () => {
  it('answers malformed XML with 400 (never 5xx) and keeps serving', async () => {
    const bodies: (string | Buffer)[] = [
      'not xml at all',
      '<config-auth client="vpn" type="init"><version>',
      '<config-auth client="vpn" type="auth-reply"><auth><username>x</username></auth>',
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]><config-auth type="init">&lol2;</config-auth>',
      '<config-auth client="vpn" type="init">' + '<a>'.repeat(15_000) + '</a>'.repeat(15_000).slice(0, 100) + '</config-auth>',
      '<config-auth ' + Array.from({ length: 3000 }, (_, i) => `a${i}="${i}"`).join(' ') + ' type="init"/>',
      Buffer.from([0x3c, 0xff, 0xfe, 0x00, 0x80, 0x3e, 0xc3, 0x28]),
      '<config-auth client="vpn" type="auth-reply"><auth><username><![CDATA[' + 'x'.repeat(40_000) + ']]></username><password>p</password></auth></config-auth>',
      '',
    ];
    for (const b of bodies) {
      const { status, conn } = await post(p.port, b);
      conn.destroy();
      // a client error or the login form again; a 5xx or no answer is a bug
      expect(status === 400 || status === 200, `status ${status} for ${JSON.stringify(b.toString().slice(0, 60))}`).toBe(true);
    }
    // a well-formed init still gets the form
    const ok = await post(p.port, INIT);
    expect(ok.status).toBe(200);
    expect(ok.conn.text).toContain('type="auth-request"');
    ok.conn.destroy();
    await realSessionWorks();
  });

  it('refuses an oversized body with 413 before reading it, and oversized headers with 431', async () => {
    // a declared 10 MB body: refused from the head alone
    const big = await RawTls.open(p.port);
    big.write(`POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n${AGG_HEADERS}Content-Length: 10000000\r\n\r\n`);
    await big.until(() => big.status() !== undefined, 20_000, '413');
    expect(big.status()).toBe(413);
    await big.until(() => big.closed, 20_000, 'the close after 413');
    // a body really sent, just over the 64 KiB limit
    const body = '<config-auth client="vpn" type="init">' + ' '.repeat(70 * 1024) + '</config-auth>';
    const r = await post(p.port, body);
    expect(r.status).toBe(413);
    r.conn.destroy();
    // 20 KiB of headers
    const h = await RawTls.open(p.port);
    h.write(`POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n${'X-Junk: ' + 'j'.repeat(20 * 1024)}\r\nContent-Length: 0\r\n\r\n`);
    await h.until(() => h.status() !== undefined || h.closed, 20_000, '431');
    expect(h.status()).toBe(431);
    h.destroy();
    // a bad Content-Length and chunked bodies
    for (const head of ['Content-Length: -5', 'Content-Length: 1e3', 'Content-Length: 0x10', 'Content-Length: +5', 'Content-Length: 5\r\nContent-Length: 6', 'Transfer-Encoding: chunked']) {
      const c = await RawTls.open(p.port);
      c.write(`POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n${AGG_HEADERS}${head}\r\n\r\n`);
      await c.until(() => c.status() !== undefined || c.closed, 20_000, `an answer to ${head}`);
      expect([400, 411]).toContain(c.status());
      c.destroy();
    }
    await realSessionWorks();
  });
});

describe('slow clients', () => {
  it('times out clients dribbling their headers or body (slowloris) and closes them', async () => {
    const slow: RawTls[] = [];
    for (let i = 0; i < 40; i++) slow.push(await RawTls.open(p.port));
    // half dribble headers, half a body that never completes
    slow.forEach((c, i) => c.write(i % 2 ? 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n' : `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n${AGG_HEADERS}Content-Length: 500\r\n\r\n<config`));
    let n = 0;
    const drip = setInterval(() => { for (const [i, c] of slow.entries()) if (!c.closed) c.write(i % 2 ? `X-Drip-${n}: x\r\n` : 'x'); n++; }, 400);
    try {
      // each keeps sending (so the idle timer never fires); the request timer closes them
      await Promise.all(slow.map((c) => c.until(() => c.closed, 40_000, 'the server to close a slow client')));
    } finally {
      clearInterval(drip);
    }
    for (const c of slow) expect(c.status()).toBe(408);
    await realSessionWorks();
    await freshLoginWorks();
  }, 60_000);
});

describe('cookies', () => {
  const connectWith = async (cookie: string): Promise<number | undefined> => {
    const c = await RawTls.open(p.port);
    c.write(`CONNECT /CSCOSSLC/tunnel HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: webvpn=${cookie}\r\nX-CSTP-Version: 1\r\nX-CSTP-Address-Type: IPv4\r\n\r\n`);
    await c.until(() => c.status() !== undefined || c.closed, 20_000, 'a CONNECT answer');
    c.destroy();
    return c.status();
  };

  it('refuses forged cookies and cookies of ended sessions, and a real one still works', async () => {
    const l = await login(target, 'dave', pw('dave'));
    l.sock.destroy();
    const real = l.cookie;
    const flip = (s: string, i: number): string => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    const forged = [
      '', 'x', '0'.repeat(64), 'A'.repeat(64), flip(real, 0), flip(real, 63), real.slice(0, 63), real + '0', real.toLowerCase(),
      'Z'.repeat(4096), `${real}; webvpn=${'0'.repeat(64)}`.replace(real, '1'.repeat(64)),
    ];
    for (const f of forged) expect(await connectWith(f), `cookie ${f.slice(0, 20)}…`).toBe(401);
    // forged cookies on the profile URL too
    const g = await RawTls.open(p.port);
    g.write(`GET /CACHE/stc/profiles/x.xml HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: webvpn=${'0'.repeat(64)}\r\n\r\n`);
    await g.until(() => g.status() !== undefined, 20_000, 'profile answer');
    expect(g.status()).toBe(401);
    g.destroy();

    // the real one opens a tunnel
    const c = await connectTunnel(target, real);
    const t = new HeldTunnel(c.sock, 1, real, c.params, c.early);
    const ended = new Promise<string>((r) => { t.onEnd = (_t, why) => r(why); });
    expect(p.gateway.sessions().some((s) => s.user === 'dave' && s.tunnel)).toBe(true);
    // an administrator logs dave off: the client is told, and the cookie is dead
    expect(p.gateway.logoff({ name: 'dave' })).toBe(1);
    expect(await ended).toBe('server-disconnect');
    expect(await connectWith(real)).toBe(401);

    // a user logoff (DISCONNECT 0xb0) kills the cookie as well
    const l2 = await login(target, 'dave', pw('dave'));
    const c2 = await connectTunnel(target, l2.cookie, l2);
    await new HeldTunnel(c2.sock, 2, l2.cookie, c2.params, c2.early).logoff();
    await expect.poll(() => p.gateway.sessions().some((s) => s.user === 'dave'), { timeout: 10_000 }).toBe(false);
    expect(await connectWith(l2.cookie)).toBe(401);
    // and so does the Cisco client's XML logout
    const l3 = await login(target, 'dave', pw('dave'));
    l3.sock.destroy();
    const out = await post(p.port, `<config-auth client="vpn" type="logout"><session-token>${l3.cookie}</session-token></config-auth>`);
    expect(out.status).toBe(200);
    out.conn.destroy();
    expect(await connectWith(l3.cookie)).toBe(401);
    await realSessionWorks();
  });
});

describe('password guessing', () => {
  it('1,000 wrong passwords for one user from one source lock that user; another user still logs in', async () => {
    let refused = 0;
    let other = 0;
    // 10 kept-alive connections, 100 attempts each, as a guessing script would
    await bounded(10, 10, async () => {
      for (let k = 0; k < 100; k++) {
        try {
          await login(target, 'erin', `guess-${k}`);
          other++;
        } catch (e) {
          if (e instanceof LoadgenError && e.kind === 'auth-failed') refused++; else other++;
        }
      }
    });
    expect(refused).toBe(1000);
    expect(other).toBe(0);
    // locked: the right password no longer works
    await expect(login(target, 'erin', pw('erin'))).rejects.toMatchObject({ kind: 'auth-failed' });
    expect(p.gateway.sessions().some((s) => s.user === 'erin')).toBe(false);
    // another user from the same source is not affected
    await freshLoginWorks('frank');
    await realSessionWorks();
  }, 120_000);
});

describe('half-open TLS flood', () => {
  it('survives hundreds of TCP connections that never finish the handshake (some dribbling a ClientHello), and closes them', async () => {
    const flood: net.Socket[] = [];
    const closed = new Set<net.Socket>();
    await bounded(400, 50, async (i) => {
      const s = net.connect({ host: '127.0.0.1', port: p.port });
      s.on('error', () => {});
      s.on('close', () => closed.add(s));
      await new Promise<void>((r) => { s.once('connect', () => r()); s.once('close', () => r()); });
      // a third send the start of a TLS record and stop; the rest send nothing
      if (i % 3 === 0) s.write(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01]));
      flood.push(s);
    });
    // and a few that dribble a real ClientHello, a byte every 500 ms: still bounded by the handshake timeout
    const hello = await clientHello();
    let at = 0;
    for (let k = 0; k < 5; k++) {
      const s = net.connect({ host: '127.0.0.1', port: p.port });
      s.on('error', () => {});
      s.on('close', () => closed.add(s));
      flood.push(s);
    }
    const dribblers = flood.slice(-5);
    const drip = setInterval(() => { for (const s of dribblers) if (!s.destroyed) s.write(hello.subarray(at, at + 1)); at++; }, 500);
    try {
      // during the flood: the real session passes traffic and a new client logs in
      await realSessionWorks();
      await freshLoginWorks('gina');
      // the handshake timeout frees them (15 s in the gateway)
      await expect.poll(() => closed.size, { timeout: 45_000, interval: 500 }).toBe(flood.length);
      expect(at).toBeLessThan(hello.length);
    } finally {
      clearInterval(drip);
      for (const s of flood) s.destroy();
    }
    await realSessionWorks();
    expect(oc.exitCode).toBeUndefined();
  }, 90_000);

  it('after everything, the real session never noticed: same address, tunnel up, no reconnect', async () => {
    await realSessionWorks();
    expect(oc.output).not.toMatch(/Reconnect|reconnect|dead peer/);
    const s = p.gateway.sessions().filter((x) => x.user === 'carol');
    expect(s).toHaveLength(1);
    // the first tunnel of the session (a reconnect would have made it .3)
    expect(s[0].tunnel?.id).toBe(`${s[0].index}.2`);
  });
});
