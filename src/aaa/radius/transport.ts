// The UDP side of RADIUS: one socket per address family, requests matched to replies by server,
// port and identifier. Each request is sent again every `retryMs` until `timeoutMs` has passed
// (ASA's `retry-interval` and `timeout`), and a reply that does not check out is dropped, counted
// and reported, while the request goes on waiting for a good one. At most 256 requests are in flight
// per server and port (the identifier space) and `maxPending` in all: past that a request is refused
// at once, so a flood of logins cannot grow memory. Nothing here blocks the event loop.
import type dgram from 'node:dgram';
import { lazyBuiltin } from '../../lazy-builtin.ts';
import { isIPv6 } from 'node:net';
import { decodeReply, type Invalid, type Reply, type Request } from './packet.ts';

const udp = lazyBuiltin<typeof import('node:dgram')>('node:dgram');

export interface Destination { address: string; port: number; secret: string }

export interface ExchangeOptions { timeoutMs: number; retryMs: number; accounting: boolean }

export type Outcome =
  | { reply: Reply; rttMs: number; retransmissions: number }
  | { timeout: true; retransmissions: number }
  | { busy: true };

interface Pending {
  dest: Destination;
  req: Request;
  accounting: boolean;
  sent: number;
  resolve(o: Outcome): void;
  timers: NodeJS.Timeout[];
  retransmissions: number;
}

export const MAX_PENDING = 4096;

export class RadiusTransport {
  private readonly sockets = new Map<'udp4' | 'udp6', dgram.Socket>();
  private readonly pending = new Map<string, Pending>();
  private readonly lastId = new Map<string, number>();
  private closed = false;

  constructor(private readonly onInvalid: (dest: Destination, why: Invalid) => void, private readonly maxPending = MAX_PENDING) {}

  get inFlight(): number { return this.pending.size; }

  private socket(family: 'udp4' | 'udp6'): dgram.Socket {
    let s = this.sockets.get(family);
    if (!s) {
      s = udp().createSocket(family);
      s.on('message', (m, r) => this.message(m, r));
      s.on('error', () => { /* ICMP errors and the like: the request times out */ });
      s.unref();
      s.bind(0);
      this.sockets.set(family, s);
    }
    return s;
  }

  private message(buf: Buffer, r: dgram.RemoteInfo): void {
    const p = buf.length >= 2 ? this.pending.get(`${r.address}\u0000${r.port}\u0000${buf[1]}`) : undefined;
    if (!p) {
      this.onInvalid({ address: r.address, port: r.port, secret: '' }, { invalid: 'unrecognized', detail: `no request with identifier ${buf[1]}` });
      return;
    }
    const d = decodeReply(buf, p.req, p.dest.secret, p.accounting);
    if ('invalid' in d) { this.onInvalid(p.dest, d); return; }
    this.finish(p, { reply: d, rttMs: Date.now() - p.sent, retransmissions: p.retransmissions });
  }

  private finish(p: Pending, o: Outcome): void {
    for (const t of p.timers) clearTimeout(t);
    this.pending.delete(`${p.dest.address}\u0000${p.dest.port}\u0000${p.req.id}`);
    p.resolve(o);
  }

  /** a free identifier for this server and port, or undefined when 256 are in flight */
  private allocate(dest: Destination): number | undefined {
    const base = `${dest.address}\u0000${dest.port}\u0000`;
    const last = this.lastId.get(base) ?? Math.floor(Math.random() * 256);
    for (let i = 1; i <= 256; i++) {
      const id = (last + i) & 0xff;
      if (!this.pending.has(base + id)) { this.lastId.set(base, id); return id; }
    }
    return undefined;
  }

  exchange(dest: Destination, build: (id: number) => Request, o: ExchangeOptions): Promise<Outcome> {
    if (this.closed || this.pending.size >= this.maxPending) return Promise.resolve({ busy: true });
    const id = this.allocate(dest);
    if (id === undefined) return Promise.resolve({ busy: true });
    const req = build(id);
    const sock = this.socket(isIPv6(dest.address) ? 'udp6' : 'udp4');
    return new Promise((resolve) => {
      const p: Pending = { dest, req, accounting: o.accounting, sent: Date.now(), resolve, timers: [], retransmissions: 0 };
      this.pending.set(`${dest.address}\u0000${dest.port}\u0000${id}`, p);
      const send = () => sock.send(req.packet, dest.port, dest.address, () => { /* a send error shows as a timeout */ });
      send();
      for (let t = o.retryMs; t < o.timeoutMs; t += o.retryMs) {
        p.timers.push(setTimeout(() => { p.retransmissions++; send(); }, t));
      }
      p.timers.push(setTimeout(() => this.finish(p, { timeout: true, retransmissions: p.retransmissions }), o.timeoutMs));
    });
  }

  close(): void {
    this.closed = true;
    for (const p of [...this.pending.values()]) this.finish(p, { timeout: true, retransmissions: p.retransmissions });
    for (const s of this.sockets.values()) { try { s.close(); } catch { /* closed */ } }
    this.sockets.clear();
  }
}
