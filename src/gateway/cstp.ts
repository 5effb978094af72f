// CSTP framing: "STF\x01", 16-bit big-endian payload length, type, 0, payload.
// openconnect reads one TLS record per frame and drops a record whose length is not exactly one frame,
// so every frame must go out as its own socket.write() and the next write may only start when the
// previous one has been handed to TLS (Node otherwise coalesces queued writes through _writev into a
// single record). Incoming frames arrive as a plain byte stream and are reassembled by length.
import type { Socket } from 'node:net';

export const CSTP = {
  DATA: 0x00,
  DPD_REQ: 0x03,
  DPD_RESP: 0x04,
  DISCONNECT: 0x05,
  KEEPALIVE: 0x07,
  COMPRESSED: 0x08,
  TERMINATE: 0x09,
} as const;

/** DISCONNECT reason bytes (first payload byte) as clients send them */
export const DISCONNECT_REASON = { USER: 0xb0, RECONNECTING: 0x91, LOCAL_ERROR: 0x70, PAUSE: 0xd1 } as const;

export const HEADER_LEN = 8;
/** the largest payload that still fits one 16 KiB TLS record with its header */
export const MAX_PAYLOAD = 16384 - HEADER_LEN;

export function encodeFrame(type: number, payload: Uint8Array = Buffer.alloc(0)): Buffer {
  if (payload.length > 0xffff) throw new RangeError('CSTP payload too long');
  const f = Buffer.allocUnsafe(HEADER_LEN + payload.length);
  f[0] = 0x53; f[1] = 0x54; f[2] = 0x46; f[3] = 0x01;
  f.writeUInt16BE(payload.length, 4);
  f[6] = type;
  f[7] = 0;
  f.set(payload, HEADER_LEN);
  return f;
}

export interface Frame { type: number; payload: Buffer }

/**
 * Reassembles frames from stream chunks; throws on bad magic so the caller can drop the tunnel.
 * Payloads are views into the chunk (no copy per packet): a caller that keeps one past its turn
 * copies it, so that a small frame never pins a whole chunk.
 */
export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    // a partial frame left from the last chunk is copied out, never kept as a view of that chunk
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: Frame[] = [];
    const b = this.buf;
    let at = 0;
    while (b.length - at >= HEADER_LEN) {
      if (b[at] !== 0x53 || b[at + 1] !== 0x54 || b[at + 2] !== 0x46 || b[at + 3] !== 0x01) throw new Error('bad CSTP magic');
      const len = (b[at + 4] << 8) | b[at + 5];
      if (b.length - at < HEADER_LEN + len) break;
      out.push({ type: b[at + 6], payload: b.subarray(at + HEADER_LEN, at + HEADER_LEN + len) });
      at += HEADER_LEN + len;
    }
    this.buf = at === b.length ? EMPTY : at === 0 ? b : Buffer.from(b.subarray(at));
    return out;
  }
}

const EMPTY = Buffer.alloc(0);

/**
 * Serialises writes: one write() per frame, the next only after the previous write's callback.
 * Every frame waits in one capped queue, data and control replies (DPD responses) alike: beyond
 * `maxQueued` frames or `maxBytes` bytes a frame is dropped and counted in `dropped`, so that a client
 * that sends without reading cannot grow memory without bound. Only the CONNECT reply and the closing
 * DISCONNECT/TERMINATE, one each per tunnel, are queued whatever the queue holds.
 */
export class FrameWriter {
  private queue: { buf: Buffer; done?: () => void }[] = [];
  private queuedBytes = 0;
  private busy = false;
  private closed = false;
  dropped = 0;

  constructor(private socket: Socket, private maxQueued = 512, private maxBytes = 1024 * 1024) {}

  /** raw bytes that must be their own record (the CONNECT reply) */
  writeRaw(buf: Buffer, done?: () => void): void { this.enqueue(buf, done, true); }

  send(type: number, payload?: Uint8Array, done?: () => void): boolean {
    return this.enqueue(encodeFrame(type, payload), done, type === CSTP.DISCONNECT || type === CSTP.TERMINATE);
  }

  /** frames waiting or being written */
  get pending(): number { return this.queue.length + (this.busy ? 1 : 0); }

  /** bytes of the frames waiting (not counting the one being written) */
  get pendingBytes(): number { return this.queuedBytes; }

  close(): void { this.closed = true; this.queue = []; this.queuedBytes = 0; }

  private enqueue(buf: Buffer, done: (() => void) | undefined, always: boolean): boolean {
    if (this.closed || this.socket.destroyed) return false;
    if (!always && (this.queue.length >= this.maxQueued || this.queuedBytes + buf.length > this.maxBytes)) { this.dropped++; return false; }
    this.queue.push({ buf, done });
    this.queuedBytes += buf.length;
    this.pump();
    return true;
  }

  private pump(): void {
    if (this.busy || this.closed) return;
    const next = this.queue.shift();
    if (!next) return;
    this.queuedBytes -= next.buf.length;
    this.busy = true;
    this.writing = next.done;
    this.socket.write(next.buf, this.written);
  }

  /** the write callback, one for every frame (not a closure per frame) */
  private writing: (() => void) | undefined;
  private written = (err?: Error | null): void => {
    this.busy = false;
    const done = this.writing;
    this.writing = undefined;
    if (err) { this.close(); return; }
    done?.();
    this.pump();
  };
}
