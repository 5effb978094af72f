// RADIUS packets (RFC 2865/2866) through the `radius` codec: it encodes and decodes attributes with
// FreeRADIUS-style dictionaries (ours adds Cisco's vendor 3076) and adds the Message-Authenticator
// (RFC 3579) to what we send. The authenticators of a reply are checked here with node:crypto, in
// constant time: the codec compares them as strings, which maps invalid UTF-8 bytes together.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type codec from 'radius';
import { ROOT } from '../../root.ts';

let loaded: typeof codec | undefined;

/** the codec, loaded with our dictionary on the first packet: a process that speaks no RADIUS never loads it */
function radius(): typeof codec {
  if (!loaded) {
    const lib = createRequire(import.meta.url)('radius') as typeof codec;
    // by the project folder: the bundle bin/headend.cjs runs has no src/ beside it
    lib.add_dictionary(join(ROOT, 'src', 'aaa', 'radius', 'dictionary.asa'));
    loaded = lib;
  }
  return loaded;
}

export type Attr = [string, unknown] | [string, number, [string, unknown][]];

export const VENDOR_CISCO = 3076;

/** an Access-Request or Accounting-Request ready to send, and what is needed to check its reply */
export interface Request { packet: Buffer; id: number; authenticator: Buffer }

export function accessRequest(id: number, secret: string, attrs: Attr[]): Request {
  const packet = radius().encode({ code: 'Access-Request', identifier: id, secret, attributes: attrs, add_message_authenticator: true });
  return { packet, id, authenticator: Buffer.from(packet.subarray(4, 20)) };
}

export function accountingRequest(id: number, secret: string, attrs: Attr[]): Request {
  const packet = radius().encode({ code: 'Accounting-Request', identifier: id, secret, attributes: attrs });
  return { packet, id, authenticator: Buffer.from(packet.subarray(4, 20)) };
}

export type ReplyCode = 'Access-Accept' | 'Access-Reject' | 'Access-Challenge' | 'Accounting-Response';

export interface Reply {
  code: ReplyCode;
  attributes: Record<string, unknown>;
}

/** why a datagram is not a valid reply to `req` (the caller drops it and keeps waiting) */
export type Invalid = { invalid: 'malformed' | 'bad-authenticator' | 'unrecognized'; detail: string };

const md5 = (...parts: Buffer[]) => { const h = createHash('md5'); for (const p of parts) h.update(p); return h.digest(); };
const same = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);

const REPLIES: Record<number, ReplyCode> = { 2: 'Access-Accept', 3: 'Access-Reject', 11: 'Access-Challenge', 5: 'Accounting-Response' };

/**
 * Checks and decodes a reply: its length, that it answers `req` (code and identifier), its Response
 * Authenticator, and its Message-Authenticator when it has one. FreeRADIUS 3.2.1 sends no
 * Message-Authenticator in an Access-Accept, so its absence is not an error; a wrong one is.
 */
export function decodeReply(buf: Buffer, req: Request, secret: string, accounting: boolean): Reply | Invalid {
  if (buf.length < 20 || buf.length > 4096) return { invalid: 'malformed', detail: `length ${buf.length}` };
  const len = buf.readUInt16BE(2);
  if (len < 20 || len > buf.length) return { invalid: 'malformed', detail: `length field ${len} of ${buf.length} bytes` };
  const pkt = buf.subarray(0, len);
  const code = REPLIES[pkt[0]];
  if (!code || (code === 'Accounting-Response') !== accounting) return { invalid: 'unrecognized', detail: `code ${pkt[0]}` };
  if (pkt[1] !== req.id) return { invalid: 'unrecognized', detail: `identifier ${pkt[1]}` };
  const s = Buffer.from(secret, 'utf8');
  const expect = md5(pkt.subarray(0, 4), req.authenticator, pkt.subarray(20), s);
  if (!same(expect, pkt.subarray(4, 20))) return { invalid: 'bad-authenticator', detail: 'Response Authenticator mismatch (wrong shared secret?)' };
  // attributes: walk them once for the Message-Authenticator (80) and for their framing
  let ma: number | undefined;
  for (let o = 20; o < len;) {
    if (o + 2 > len) return { invalid: 'malformed', detail: 'truncated attribute' };
    const t = pkt[o], l = pkt[o + 1];
    if (l < 2 || o + l > len) return { invalid: 'malformed', detail: `attribute ${t} length ${l}` };
    if (t === 80) { if (l !== 18) return { invalid: 'malformed', detail: 'Message-Authenticator length' }; ma = o + 2; }
    o += l;
  }
  if (ma !== undefined) {
    const copy = Buffer.from(pkt);
    req.authenticator.copy(copy, 4);
    copy.fill(0, ma, ma + 16);
    const mac = createHmac('md5', s).update(copy).digest();
    if (!same(mac, pkt.subarray(ma, ma + 16))) return { invalid: 'bad-authenticator', detail: 'Message-Authenticator mismatch' };
  }
  let decoded: { attributes: Record<string, unknown> };
  try {
    decoded = radius().decode_without_secret({ packet: Buffer.from(pkt) });
  } catch (e) {
    return { invalid: 'malformed', detail: (e as Error).message };
  }
  return { code, attributes: decoded.attributes ?? {} };
}

/** one attribute, or each of a repeated one, as a list */
export function all(attrs: Record<string, unknown>, name: string): unknown[] {
  const v = attrs[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** the Cisco vendor attributes of a reply */
export function cisco(attrs: Record<string, unknown>): Record<string, unknown> {
  const vs = attrs['Vendor-Specific'];
  return vs && typeof vs === 'object' && !Buffer.isBuffer(vs) ? vs as Record<string, unknown> : {};
}
