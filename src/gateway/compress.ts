// CSTP "deflate" compression as openconnect does it: one raw-deflate stream per direction for the
// life of the tunnel (window 2^12), each packet flushed with Z_SYNC_FLUSH, followed by the running
// adler32 of all uncompressed bytes so far. Both streams carry state across packets, so packets must
// be (de)compressed strictly in order; Node's zlib is asynchronous, hence the promise chains.
//
// A peer's frame may inflate far beyond any packet (64 KB of deflate can hold 64 MB of zeros): the
// inflater's output is kept only up to a limit (the tunnel MTU) per frame. Past it the frame is
// dropped, but the stream still runs to the frame's end, its output looked at as it comes and then
// let go (for the running adler32), so that the next frames still inflate and check.
import zlib from 'node:zlib';

export function adler32(prev: number, data: Uint8Array): number {
  let a = prev & 0xffff;
  let b = (prev >>> 16) & 0xffff;
  for (let i = 0; i < data.length;) {
    // 3800 bytes keep the sums below 2^32 before the modulo, as zlib's NMAX does
    const end = Math.min(data.length, i + 3800);
    for (; i < end; i++) { a += data[i]; b += a; }
    a %= 65521; b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

class OrderedZ {
  private chain: Promise<unknown> = Promise.resolve();
  private chunks: Buffer[] = [];
  private failed: Error | null = null;
  /** output of the current run: its size, how much of it is kept, who sees each chunk */
  private size = 0;
  private limit = Infinity;
  private onChunk?: (c: Buffer) => void;

  constructor(private z: zlib.DeflateRaw | zlib.InflateRaw) {
    z.on('data', (c: Buffer) => {
      this.onChunk?.(c);
      this.size += c.length;
      if (this.size <= this.limit) this.chunks.push(c);
      else this.chunks = [];
    });
    z.on('error', (e: Error) => { this.failed = e; });
  }

  /** the output for `input`, or null when it came to more than `limit` bytes (then not kept) */
  run(input: Buffer, limit = Infinity, onChunk?: (c: Buffer) => void): Promise<Buffer | null> {
    const p = this.chain.then(() => new Promise<Buffer | null>((resolve, reject) => {
      if (this.failed) { reject(this.failed); return; }
      this.size = 0;
      this.limit = limit;
      this.onChunk = onChunk;
      this.z.write(input);
      this.z.flush(zlib.constants.Z_SYNC_FLUSH, () => {
        this.onChunk = undefined;
        if (this.failed) { reject(this.failed); return; }
        const out = this.size > this.limit ? null : Buffer.concat(this.chunks);
        this.chunks = [];
        resolve(out);
      });
    }));
    this.chain = p.catch(() => undefined);
    return p;
  }

  close(): void { this.z.close(); }
}

export class DeflateCodec {
  private def = new OrderedZ(zlib.createDeflateRaw({ windowBits: 12, memLevel: 9 }));
  // 64 KiB output chunks: a bomb's megabytes pass in fewer steps
  private inf = new OrderedZ(zlib.createInflateRaw({ windowBits: 15, chunkSize: 64 * 1024 }));
  private txSum = 1;
  private rxSum = 1;

  /** compressed payload for a COMPRESSED frame: deflate output + running adler32 */
  async compress(packet: Buffer): Promise<Buffer> {
    const body = (await this.def.run(packet))!;
    // the sum is taken after the await so that it follows the stream's (serialised) order
    this.txSum = adler32(this.txSum, packet);
    const out = Buffer.allocUnsafe(body.length + 4);
    body.copy(out);
    out.writeUInt32BE(this.txSum, body.length);
    return out;
  }

  /**
   * The packet inside a COMPRESSED frame, or null when it inflates to more than `maxLen` bytes (no
   * packet of the tunnel can: the frame is to be dropped). Rejects when the adler32 does not match.
   */
  async decompress(payload: Buffer, maxLen = Infinity): Promise<Buffer | null> {
    if (payload.length < 4) throw new Error('short compressed frame');
    let sum = this.rxSum;
    const packet = await this.inf.run(payload.subarray(0, payload.length - 4), maxLen, (c) => { sum = adler32(sum, c); });
    this.rxSum = sum;
    if (this.rxSum !== payload.readUInt32BE(payload.length - 4)) throw new Error('Compression (inflate) adler32 failure');
    return packet;
  }

  close(): void { this.def.close(); this.inf.close(); }
}
