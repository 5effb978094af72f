// The tunnel layer driven by a hand-written client, for what openconnect does not show directly:
// frames arriving together with the CONNECT, DPD answers, a dropped tunnel that the same cookie
// picks up again with the same address, bursts, session timeout and shutdown.
import tls from 'node:tls';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CSTP, encodeFrame, FrameReader, type Frame } from '../../src/gateway/cstp.ts';
import { icmp4EchoRequest } from '../../src/gateway/icmp.ts';
import { removeSharedDir, startGateway, stopGateways, type TestGateway } from './harness.ts';
import { TestView } from './view-fixture.ts';

afterEach(async () => { await stopGateways(); });
afterAll(() => removeSharedDir());

const XML = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;

/** A minimal AnyConnect client over one TLS connection. */
class RawClient {
  private buf = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  private frames: Frame[] = [];
  private reader: FrameReader | null = null;
  closed = false;

  private constructor(readonly sock: tls.TLSSocket) {
    sock.on('data', (c: Buffer) => {
      if (this.reader) this.frames.push(...this.reader.push(c));
      else this.buf = Buffer.concat([this.buf, c]);
      for (const w of [...this.waiters]) w();
    });
    sock.on('close', () => { this.closed = true; for (const w of [...this.waiters]) w(); });
    sock.on('error', () => {});
  }

  static open(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  private until<T>(get: () => T | undefined, timeoutMs = 10_000): Promise<T> {
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

  /** sends a request and returns the response head and body (Content-Length framed) */
  async request(head: string, body = '', extra?: Buffer): Promise<{ head: string; body: string }> {
    this.sock.write(head + (body ? `Content-Length: ${Buffer.byteLength(body)}\r\n` : '') + '\r\n' + body);
    if (extra) this.sock.write(extra);
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

  nextFrame(pred: (f: Frame) => boolean = () => true): Promise<Frame> {
    return this.until(() => { const i = this.frames.findIndex(pred); return i < 0 ? undefined : this.frames.splice(i, 1)[0]; });
  }

  send(type: number, payload?: Buffer): void { this.sock.write(encodeFrame(type, payload)); }
}

async function login(t: TestGateway, c: RawClient): Promise<string> {
  const h = `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Aggregate-Auth: 1\r\nX-Transcend-Version: 1\r\nContent-Type: application/xml\r\n`;
  const init = await c.request(h, XML('<config-auth client="vpn" type="init" aggregate-auth-version="2"><version who="vpn">raw-1</version><device-id>linux-64</device-id></config-auth>'));
  expect(init.body).toContain('type="auth-request"');
  const reply = await c.request(h, XML('<config-auth client="vpn" type="auth-reply" aggregate-auth-version="2"><auth><username>lee</username><password>pw</password></auth></config-auth>'));
  const token = /<session-token>([0-9A-F]{64})<\/session-token>/.exec(reply.body)?.[1];
  expect(reply.head).toContain(`Set-Cookie: webvpn=${token}`);
  return token!;
}

const connectHead = (token: string): string => `CONNECT /CSCOSSLC/tunnel HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: webvpn=${token}\r\nX-CSTP-Version: 1\r\nX-CSTP-MTU: 1399\r\nX-CSTP-Address-Type: IPv4\r\n`;

function view(): TestView {
  const v = new TestView();
  v.users.set('lee', { password: 'pw' });
  return v;
}

describe('CSTP with a raw client', () => {
  it('handles frames sent right behind CONNECT, answers DPD, and keeps the address across a dropped tunnel', async () => {
    const t = await startGateway(view());
    const c = await RawClient.open(t.port);
    const token = await login(t, c);
    const early = Buffer.concat([encodeFrame(CSTP.DPD_REQ, Buffer.from('abc')), encodeFrame(CSTP.DATA, icmp4EchoRequest('192.0.2.10', '192.0.2.1', 1, 1, Buffer.from('early')))]);
    const res = await c.request(connectHead(token), '', early);
    expect(res.head).toContain('X-CSTP-Address: 192.0.2.10');
    expect(res.head).toContain('X-CSTP-MTU: 1399');
    expect(res.head).not.toContain('X-DTLS');
    const dpd = await c.nextFrame((f) => f.type === CSTP.DPD_RESP);
    expect(dpd.payload.toString()).toBe('abc');
    const data = await c.nextFrame((f) => f.type === CSTP.DATA);
    expect(data.payload.subarray(28).toString()).toBe('early');

    // the TLS connection dies without a DISCONNECT: the session stays, without its tunnel
    c.sock.destroy();
    await t.waitEvent('tunnel-down', () => true, 10_000);
    expect(t.gw.sessions()[0].protocols).toEqual(['AnyConnect-Parent']);

    const c2 = await RawClient.open(t.port);
    const res2 = await c2.request(connectHead(token));
    expect(res2.head).toContain('X-CSTP-Address: 192.0.2.10');
    c2.send(CSTP.DATA, icmp4EchoRequest('192.0.2.10', '192.0.2.1', 1, 2, Buffer.from('again')));
    expect((await c2.nextFrame((f) => f.type === CSTP.DATA)).payload.subarray(28).toString()).toBe('again');
    const [s] = t.gw.sessions();
    expect(s.protocols).toEqual(['AnyConnect-Parent', 'SSL-Tunnel']);
    expect(s.counters.pktsRx).toBe(2);
    expect(s.tunnel!.counters.pktsRx).toBe(1);

    // a client DISCONNECT with reason 0xb0 is a logoff: cookie gone
    c2.send(CSTP.DISCONNECT, Buffer.concat([Buffer.from([0xb0]), Buffer.from('Aborted by caller')]));
    expect((await t.waitEvent('session-end', () => true, 10_000)).reason).toBe('User Requested');
    const c3 = await RawClient.open(t.port);
    expect((await c3.request(connectHead(token))).head).toMatch(/^HTTP\/1\.1 401 /);
  }, 60_000);

  it('answers every packet of a 200-packet burst', async () => {
    const t = await startGateway(view());
    const c = await RawClient.open(t.port);
    const token = await login(t, c);
    await c.request(connectHead(token));
    // one write with 200 requests: the gateway answers each with its own write
    c.sock.write(Buffer.concat([...Array(200)].map((_, i) => encodeFrame(CSTP.DATA, icmp4EchoRequest('192.0.2.10', '192.0.2.1', 9, i, Buffer.alloc(64, i))))));
    const seen = new Set<number>();
    while (seen.size < 200) seen.add((await c.nextFrame((f) => f.type === CSTP.DATA)).payload.readUInt16BE(26));
    expect(t.gw.sessions()[0].counters.pktsTx).toBe(200);
  }, 60_000);

  it('ends the session at the session timeout (minute shortened) with a DISCONNECT', async () => {
    const v = view();
    v.base = { sessionTimeoutMin: 2, idleTimeoutMin: null };
    const t = await startGateway(v, { minuteMs: 1000 });
    const c = await RawClient.open(t.port);
    const token = await login(t, c);
    const res = await c.request(connectHead(token));
    expect(res.head).toMatch(/X-CSTP-Session-Timeout: 120/);
    const bye = await c.nextFrame((f) => f.type === CSTP.DISCONNECT);
    expect(bye.payload.subarray(1).toString()).toBe('Max time exceeded');
    expect(t.gw.sessions()).toHaveLength(0);
  }, 60_000);

  it('stop() tells tunnel clients before closing', async () => {
    const t = await startGateway(view());
    const c = await RawClient.open(t.port);
    await c.request(connectHead(await login(t, c)));
    const bye = c.nextFrame((f) => f.type === CSTP.DISCONNECT);
    await t.gw.stop();
    expect((await bye).payload.subarray(1).toString()).toBe('System Shutdown');
  }, 30_000);
});
