// One SSL tunnel: the CSTP conversation on a socket taken over after CONNECT. It knows frames, not
// policy: what to do with a packet, a client disconnect or a lost connection is the gateway's call.
import type { TLSSocket } from 'node:tls';
import { CSTP, FrameReader, FrameWriter, MAX_PAYLOAD } from './cstp.ts';
import { DeflateCodec } from './compress.ts';
import { DEFAULT_MTU } from './connect-headers.ts';
import type { Counters } from './sessions.ts';

export interface TunnelHooks {
  /** a data packet from the client; return false when it was dropped (counted as Rx drop) */
  onPacket(packet: Buffer): boolean;
  /** the client sent DISCONNECT (or TERMINATE); `code` is the first payload byte */
  onClientDisconnect(code: number, text: string): void;
  /** the connection ended without a DISCONNECT, or broke the protocol */
  onLost(why: string): void;
}

/** how long a closing tunnel waits for the client to close before the socket is destroyed */
const CLOSE_GRACE_MS = 2000;
/**
 * frames from the client waiting for the (asynchronous, in-order) inflater: at this many the socket
 * stops being read until they are down to RX_RESUME, so a client cannot queue frames without bound
 */
const RX_PAUSE = 64;
const RX_RESUME = 16;
/**
 * packets for the client waiting for the (asynchronous) deflater: the TUN can hand over packets
 * faster than zlib's threads compress them, so beyond this many a packet is dropped and counted
 */
const TX_COMPRESS_MAX = 256;

export class Tunnel {
  /** time of the last frame of any kind from the client (dead-peer detection) */
  lastRx = Date.now();
  /** time of the last DPD request sent, 0 when none is outstanding */
  dpdSentAt = 0;
  private reader = new FrameReader();
  private writer: FrameWriter;
  private codec: DeflateCodec | null;
  private rxChain: Promise<void> = Promise.resolve();
  private rxPending = 0;
  private rxPaused = false;
  private txChain: Promise<void> = Promise.resolve();
  private txCompressing = 0;
  private ended = false;
  /** COMPRESSED frames dropped because they inflated past the MTU (also counted as Rx drops) */
  inflateDropped = 0;

  constructor(
    private socket: TLSSocket,
    private compression: 'deflate' | 'none',
    private counters: Counters[],
    private hooks: TunnelHooks,
    /** the tunnel's MTU (X-CSTP-MTU): no packet from the client is longer, inflated or not */
    private mtu = DEFAULT_MTU,
  ) {
    this.writer = new FrameWriter(socket);
    this.codec = compression === 'deflate' ? new DeflateCodec() : null;
    socket.setNoDelay(true);
    socket.on('close', () => this.finish('Connection closed'));
    socket.on('error', () => socket.destroy());
  }

  /** Sends the CONNECT reply as its own record, then starts reading frames (including `early` bytes). */
  start(replyHead: Buffer, early: Buffer): void {
    this.writer.writeRaw(replyHead);
    this.socket.on('data', (c: Buffer) => this.onData(c));
    if (early.length) this.onData(early);
  }

  get closed(): boolean { return this.ended; }

  /** the send queue (capped, see FrameWriter) and what it dropped, data and control frames alike */
  get txQueue(): { frames: number; bytes: number; dropped: number; compressing: number } {
    return { frames: this.writer.pending, bytes: this.writer.pendingBytes, dropped: this.writer.dropped, compressing: this.txCompressing };
  }

  /** runs `step` after the frames before it, with the socket paused while too many wait */
  private inOrder(step: () => Promise<void> | void): void {
    if (++this.rxPending >= RX_PAUSE && !this.rxPaused) { this.rxPaused = true; this.socket.pause(); }
    this.rxChain = this.rxChain.then(step).catch(() => this.fail('Bad frame')).finally(() => {
      if (--this.rxPending <= RX_RESUME && this.rxPaused && !this.ended) { this.rxPaused = false; this.socket.resume(); }
    });
  }

  private count(f: (c: Counters) => void): void { for (const c of this.counters) f(c); }

  // the per-packet counts without a closure per packet
  private countRx(bytes: number): void { for (const c of this.counters) { c.pktsRx++; c.bytesRx += bytes; } }
  private countTx(bytes: number): void { for (const c of this.counters) { c.pktsTx++; c.bytesTx += bytes; } }
  private countRxDrop(): void { for (const c of this.counters) c.pktsRxDrop++; }

  private onData(chunk: Buffer): void {
    if (this.ended) return;
    let frames;
    try {
      frames = this.reader.push(chunk);
    } catch {
      this.fail('Bad CSTP framing');
      return;
    }
    if (frames.length) { this.lastRx = Date.now(); this.dpdSentAt = 0; }
    for (const f of frames) {
      // payloads are views into `chunk`: one that waits its turn (the inflater's order) is copied
      switch (f.type) {
        case CSTP.DATA:
          if (this.codec) { const p = Buffer.from(f.payload); this.inOrder(() => this.deliver(p)); } else this.deliver(f.payload);
          break;
        case CSTP.COMPRESSED: {
          const codec = this.codec;
          if (!codec) { this.fail('Compressed frame without compression'); return; }
          const payload = Buffer.from(f.payload);
          this.inOrder(() => codec.decompress(payload, this.mtu).then(
            (p) => { if (p) this.deliver(p); else this.dropInflated(); },
            () => this.fail('Decompression failed'),
          ));
          break;
        }
        case CSTP.DPD_REQ:
          // through the capped queue like data: a flood from a client that never reads is dropped
          this.writer.send(CSTP.DPD_RESP, f.payload);
          break;
        case CSTP.DISCONNECT:
        case CSTP.TERMINATE: {
          const code = f.payload.length ? f.payload[0] : 0;
          const text = f.payload.subarray(1).toString('latin1').replace(/[^\x20-\x7e]/g, '');
          this.finish(null);
          this.hooks.onClientDisconnect(code, text);
          this.socket.end();
          return;
        }
        default:
          // DPD_RESP, KEEPALIVE and anything unknown only prove the peer is alive
          break;
      }
    }
  }

  /** a frame that inflated past the MTU: dropped, counted, and the tunnel goes on */
  private dropInflated(): void {
    if (this.ended) return;
    this.inflateDropped++;
    this.count((c) => { c.pktsRxDrop++; });
  }

  private deliver(packet: Buffer): void {
    if (this.ended) return;
    this.countRx(packet.length);
    if (!this.hooks.onPacket(packet)) this.countRxDrop();
  }

  /** Queues an IP packet to the client; false when it was dropped. */
  sendPacket(packet: Buffer): boolean {
    if (this.ended || packet.length > MAX_PAYLOAD) {
      this.count((c) => { c.pktsTxDrop++; });
      return false;
    }
    const codec = this.codec;
    if (codec) {
      if (this.txCompressing >= TX_COMPRESS_MAX) { this.countTxDrop(); return false; }
      this.txCompressing++;
      // the packet may be a view into a batch read from the TUN: a copy waits for the deflater
      const own = Buffer.from(packet);
      this.txChain = this.txChain.then(() => codec.compress(own)).then(
        (payload) => { this.txCompressing--; if (this.writer.send(CSTP.COMPRESSED, payload)) this.countTx(own.length); else this.countTxDrop(); },
        () => { this.txCompressing--; this.fail('Compression failed'); },
      );
      return true;
    }
    if (this.writer.send(CSTP.DATA, packet)) { this.countTx(packet.length); return true; }
    this.count((c) => { c.pktsTxDrop++; });
    return false;
  }

  countTxDrop(): void { this.count((c) => { c.pktsTxDrop++; }); }

  sendDpdRequest(): void {
    if (this.ended) return;
    this.dpdSentAt = Date.now();
    this.writer.send(CSTP.DPD_REQ);
  }

  /**
   * Ends the tunnel from our side. 'disconnect' sends DISCONNECT with the reason text (openconnect
   * prints it and exits), 'terminate' sends TERMINATE, 'silent' just drops the connection.
   */
  close(how: 'disconnect' | 'terminate' | 'silent', reason: string): void {
    if (this.ended) return;
    this.finish(null);
    if (how === 'silent') { this.socket.destroy(); return; }
    const payload = how === 'disconnect' ? Buffer.concat([Buffer.from([0]), Buffer.from(reason, 'latin1')]) : undefined;
    this.writer.send(how === 'disconnect' ? CSTP.DISCONNECT : CSTP.TERMINATE, payload, () => this.socket.end());
    const t = setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS);
    t.unref();
  }

  private fail(why: string): void {
    if (this.ended) return;
    this.finish(why);
    this.socket.destroy();
  }

  /** marks the tunnel ended; `lost` non-null reports an unexpected end to the gateway */
  private finish(lost: string | null): void {
    if (this.ended) return;
    this.ended = true;
    this.codec?.close();
    if (lost !== null) this.hooks.onLost(lost);
  }
}
