// Issue 11, point 9: an authenticated VPN client cannot grow the headend's memory through CSTP.
// DPD requests are answered through the same capped send queue as data (a client that floods them
// and never reads gets its answers dropped, not queued without end), and a COMPRESSED frame that
// inflates past the tunnel MTU (a deflate bomb) is dropped and counted while the tunnel goes on.
import tls from 'node:tls';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DeflateCodec } from '../../src/gateway/compress.ts';
import { CSTP, encodeFrame, FrameReader, type Frame } from '../../src/gateway/cstp.ts';
import { icmp4EchoRequest } from '../../src/gateway/icmp.ts';
import type { Tunnel } from '../../src/gateway/tunnel.ts';
import { removeSharedDir, startGateway, stopGateways, type TestGateway } from '../gateway/harness.ts';
import { TestView } from '../gateway/view-fixture.ts';

afterEach(async () => { await stopGateways(); });
afterAll(() => removeSharedDir());

const XML = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
const ADDR = '192.0.2.10';
const GW = '192.0.2.1';

/** a hand-written AnyConnect client on one TLS connection (as in test/gateway/raw-client.test.ts) */
class RawClient {
  private buf = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  frames: Frame[] = [];
  private reader: FrameReader | null = null;
  closed = false;

  private constructor(readonly sock: tls.TLSSocket) {
    sock.on('data', (c: Buffer) => {
      if (this.reader) this.frames.push(...this.reader.push(c));
      else this.buf = Buffer.concat([this.buf, c]);
      this.wake();
    });
    sock.on('close', () => { this.closed = true; this.wake(); });
    sock.on('error', () => {});
  }

  wake(): void { for (const w of [...this.waiters]) w(); }

  static open(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  until<T>(get: () => T | undefined, timeoutMs = 20_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const v = get();
        if (v !== undefined) { done(); resolve(v); } else if (this.closed) { done(); reject(new Error('closed')); }
      };
      const t = setTimeout(() => { done(); reject(new Error('timeout')); }, timeoutMs);
      const done = (): void => { clearTimeout(t); this.waiters = this.waiters.filter((w) => w !== check); };
      this.waiters.push(check);
      check();
    });
  }

  async request(head: string, body = ''): Promise<{ head: string; body: string }> {
    this.sock.write(head + (body ? `Content-Length: ${Buffer.byteLength(body)}\r\n` : '') + '\r\n' + body);
    const end = await this.until(() => { const i = this.buf.indexOf('\r\n\r\n'); return i < 0 ? undefined : i; });
    const h = this.buf.subarray(0, end).toString('latin1');
    const len = Number(/content-length: (\d+)/i.exec(h)?.[1] ?? 0);
    await this.until(() => (this.buf.length >= end + 4 + len ? true : undefined));
    const b = this.buf.subarray(end + 4, end + 4 + len).toString('utf8');
    this.buf = this.buf.subarray(end + 4 + len);
    if (/^HTTP\/1\.1 200 CONNECTED/.test(h)) {
      this.reader = new FrameReader();
      if (this.buf.length) this.frames.push(...this.reader.push(this.buf));
    }
    return { head: h, body: b };
  }

  nextFrame(pred: (f: Frame) => boolean, timeoutMs?: number): Promise<Frame> {
    return this.until(() => { const i = this.frames.findIndex(pred); return i < 0 ? undefined : this.frames.splice(i, 1)[0]; }, timeoutMs);
  }

  send(type: number, payload?: Buffer): boolean { return this.sock.write(encodeFrame(type, payload)); }
}

async function tunnelUp(t: TestGateway, extraHead = ''): Promise<RawClient> {
  const c = await RawClient.open(t.port);
  const h = `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Aggregate-Auth: 1\r\nX-Transcend-Version: 1\r\nContent-Type: application/xml\r\n`;
  await c.request(h, XML('<config-auth client="vpn" type="init" aggregate-auth-version="2"><version who="vpn">raw-1</version><device-id>linux-64</device-id></config-auth>'));
  const reply = await c.request(h, XML('<config-auth client="vpn" type="auth-reply" aggregate-auth-version="2"><auth><username>lee</username><password>pw</password></auth></config-auth>'));
  const token = /<session-token>([0-9A-F]{64})<\/session-token>/.exec(reply.body)![1];
  const res = await c.request(`CONNECT /CSCOSSLC/tunnel HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: webvpn=${token}\r\nX-CSTP-Version: 1\r\nX-CSTP-MTU: 1399\r\nX-CSTP-Address-Type: IPv4\r\n${extraHead}`);
  expect(res.head).toContain(`X-CSTP-Address: ${ADDR}`);
  return c;
}

/** the gateway's live Tunnel object of its only session (internals, for the queue and drop counts) */
function liveTunnel(t: TestGateway): Tunnel {
  const sessions = (t.gw as unknown as { table: { all(): { tunnel: { link: Tunnel } | null }[] } }).table.all();
  return sessions[0].tunnel!.link;
}

function view(): TestView {
  const v = new TestView();
  v.users.set('lee', { password: 'pw' });
  return v;
}

/** resolves once `pred` holds, checked every 10 ms (a paused client has no events to check on) */
async function poll(pred: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('CSTP: bounded memory per authenticated client', () => {
  it('packets for a deflate client, handed over faster than zlib compresses them, wait in a bounded queue; the rest are dropped and counted', async () => {
    const v = view();
    v.base = { compression: 'deflate' };
    const t = await startGateway(v);
    await tunnelUp(t, 'X-CSTP-Accept-Encoding: deflate\r\n');
    const link = liveTunnel(t);
    // what the forwarding plane does with a burst read from the TUN: every packet at once, in one turn
    const packet = icmp4EchoRequest(GW, ADDR, 3, 1, Buffer.alloc(1300, 0x42));
    let accepted = 0;
    for (let i = 0; i < 5000; i++) if (link.sendPacket(packet)) accepted++;
    expect(link.txQueue.compressing).toBeLessThanOrEqual(256);
    expect(accepted).toBeLessThanOrEqual(256);
    await poll(() => link.txQueue.compressing === 0, 30_000, 'the deflater to finish');
    const c = t.gw.sessions()[0].counters;
    expect(c.pktsTxDrop).toBeGreaterThanOrEqual(5000 - 256);
    // the queue drained: the tunnel takes packets again
    expect(link.sendPacket(packet)).toBe(true);
  });

  it('a DPD flood from a client that never reads keeps the send queue bounded; the tunnel goes on', async () => {
    const t = await startGateway(view());
    const c = await tunnelUp(t);
    // the client stops reading: the gateway's writes back up once the socket buffers are full
    c.sock.pause();
    const payload = Buffer.alloc(60_000, 0x5a);
    const FLOOD = 1000; // 60 MB of DPD requests
    let maxFrames = 0;
    let maxBytes = 0;
    const sample = setInterval(() => {
      const w = (liveTunnel(t) as unknown as { writer: { pending: number } }).writer;
      maxFrames = Math.max(maxFrames, w.pending);
      maxBytes = Math.max(maxBytes, w.pending * (payload.length + 8));
    }, 5);
    try {
      for (let i = 0; i < FLOOD; i++) {
        if (!c.send(CSTP.DPD_REQ, payload)) await new Promise((r) => c.sock.once('drain', r));
      }
      // a data packet behind the flood: once it is counted, every DPD request before it was handled
      c.send(CSTP.DATA, icmp4EchoRequest(ADDR, GW, 7, 1, Buffer.from('after')));
      await poll(() => c.sock.writableLength === 0, 60_000, 'the flood to be sent');
      await poll(() => t.gw.sessions()[0]?.counters.pktsRx === 1, 60_000, 'the gateway to read the flood');
    } finally {
      clearInterval(sample);
    }
    const link = liveTunnel(t);
    // before the fix every answer was queued: hundreds of 60 KB frames (60 MB) waiting
    expect(maxBytes).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(link.txQueue.bytes).toBeLessThanOrEqual(1024 * 1024);
    expect(link.txQueue.dropped).toBeGreaterThan(0);
    // the client reads again: the tunnel is up and answers both a DPD request and a ping
    c.sock.resume();
    c.send(CSTP.DPD_REQ, Buffer.from('last'));
    expect((await c.nextFrame((f) => f.type === CSTP.DPD_RESP && f.payload.toString() === 'last', 60_000)).type).toBe(CSTP.DPD_RESP);
    c.send(CSTP.DATA, icmp4EchoRequest(ADDR, GW, 7, 2, Buffer.from('alive')));
    const reply = await c.nextFrame((f) => f.type === CSTP.DATA && f.payload.subarray(28).toString() === 'alive', 60_000);
    expect(reply.payload.length).toBe(28 + 5);
    expect(t.gw.sessions()[0].protocols).toEqual(['AnyConnect-Parent', 'SSL-Tunnel']);
  }, 120_000);

  it('a deflate bomb (16 MB of zeros in one small frame) is dropped and counted; the stream stays in step', async () => {
    const v = view();
    v.base = { compression: 'deflate' };
    const t = await startGateway(v);
    // the largest packet handed to the packet path: a bomb must never get there whole
    // (the gateway's per-session packet path: src/gateway/session-path.ts)
    const fwd = (t.gw as unknown as { fwd: { fromClient(s: unknown, tun: unknown, p: Buffer): boolean } }).fwd;
    const fromClient = fwd.fromClient.bind(fwd);
    let largest = 0;
    fwd.fromClient = (s, tun, p) => { largest = Math.max(largest, p.length); return fromClient(s, tun, p); };

    const c = await tunnelUp(t, 'X-CSTP-Accept-Encoding: deflate\r\n');
    expect(t.gw.sessions()[0].tunnel?.compression).toBe('deflate');
    const tx = new DeflateCodec(); // the client's deflate stream (its running adler32 included)
    const rx = new DeflateCodec();
    const ping = async (seq: number, text: string): Promise<void> => {
      c.send(CSTP.COMPRESSED, await tx.compress(icmp4EchoRequest(ADDR, GW, 9, seq, Buffer.from(text))));
      for (;;) {
        const f = await c.nextFrame((x) => x.type === CSTP.COMPRESSED || x.type === CSTP.DATA, 30_000);
        const p = f.type === CSTP.COMPRESSED ? await rx.decompress(f.payload) : f.payload;
        if (p && p.subarray(28).toString() === text) return;
      }
    };
    await ping(1, 'before');

    const BOMBS = 4;
    for (let i = 0; i < BOMBS; i++) {
      const bomb = await tx.compress(Buffer.alloc(16 * 1024 * 1024));
      expect(bomb.length).toBeLessThan(65_536); // one frame
      c.send(CSTP.COMPRESSED, bomb);
    }
    // the same deflate stream goes on: the next packet inflates and checks (adler32) as before
    await ping(2, 'after');

    // before the fix each bomb reached the packet path inflated, 16 MB at a time
    expect(largest).toBeLessThanOrEqual(1399);
    expect(liveTunnel(t).inflateDropped).toBe(BOMBS);
    expect(t.gw.sessions()[0].counters.pktsRxDrop).toBe(BOMBS);
    expect(t.gw.sessions()[0].tunnel!.counters.pktsRxDrop).toBe(BOMBS);
    expect(t.gw.sessions()[0].protocols).toEqual(['AnyConnect-Parent', 'SSL-Tunnel']);
  }, 120_000);
});
