// Raw IP header access for the forwarding plane: the few fields it reads per packet, read in place,
// and the two rewrites the gateway makes (TCP MSS clamping, "packet too big" errors).
import ipaddr from 'ipaddr.js';
import { checksum, onesSum } from '../icmp.ts';

/** 4, 6, or 0 when the buffer is too short to be either */
export function ipVersion(p: Buffer): 0 | 4 | 6 {
  if (p.length >= 20 && p[0] >> 4 === 4) return 4;
  if (p.length >= 40 && p[0] >> 4 === 6) return 6;
  return 0;
}

/** an IPv4 address as the unsigned 32-bit key the session maps use */
export function key4(address: string): number {
  const b = ipaddr.IPv4.parse(address).octets;
  return ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
}

/** an IPv6 address as a 16-character latin1 key (what `p.toString('latin1', off, off + 16)` gives) */
export function key6(address: string): string {
  return Buffer.from(ipaddr.IPv6.parse(address).toByteArray()).toString('latin1');
}

export const src4 = (p: Buffer): number => p.readUInt32BE(12);
export const dst4 = (p: Buffer): number => p.readUInt32BE(16);
export const src6 = (p: Buffer): string => p.toString('latin1', 8, 24);
export const dst6 = (p: Buffer): string => p.toString('latin1', 24, 40);

const TCP = 6;
const SYN = 0x02;

/**
 * Lowers the MSS option of a TCP SYN to `mss` in place (checksum adjusted, RFC 1624), so that the
 * segments of both ends fit the tunnel's MTU. Only unfragmented first fragments carry the option.
 */
export function clampMss(p: Buffer, version: 4 | 6, mss: number): void {
  let off: number;
  if (version === 4) {
    if (p[9] !== TCP || (p.readUInt16BE(6) & 0x1fff) !== 0) return;
    off = (p[0] & 0x0f) * 4;
  } else {
    if (p[6] !== TCP) return;
    off = 40;
  }
  if (p.length < off + 20 || !(p[off + 13] & SYN)) return;
  const dataOff = (p[off + 12] >> 4) * 4;
  const end = Math.min(p.length, off + dataOff);
  for (let i = off + 20; i < end;) {
    const kind = p[i];
    if (kind === 0) return;
    if (kind === 1) { i++; continue; }
    if (i + 1 >= end) return;
    const len = p[i + 1];
    if (len < 2 || i + len > end) return;
    if (kind === 2 && len === 4) {
      const old = p.readUInt16BE(i + 2);
      if (old <= mss) return;
      p.writeUInt16BE(mss, i + 2);
      // HC' = ~(~HC + ~m + m')
      let sum = (~p.readUInt16BE(off + 16) & 0xffff) + (~old & 0xffff) + mss;
      while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
      p.writeUInt16BE(~sum & 0xffff, off + 16);
      return;
    }
    i += len;
  }
}

/** true when an IPv4 packet says Don't Fragment */
export const dontFragment4 = (p: Buffer): boolean => (p[6] & 0x40) !== 0;

let ipId = Math.floor(Math.random() * 0xffff);

/**
 * ICMP "fragmentation needed" (type 3 code 4) from `from` back to the sender of `p`, quoting its
 * header and first 8 bytes, with the next-hop MTU the tunnel takes (RFC 1191).
 */
export function fragNeeded4(p: Buffer, mtu: number, from: number): Buffer {
  const ihl = (p[0] & 0x0f) * 4;
  const quote = p.subarray(0, Math.min(p.length, ihl + 8));
  const out = Buffer.alloc(20 + 8 + quote.length);
  out[0] = 0x45;
  out.writeUInt16BE(out.length, 2);
  out.writeUInt16BE(ipId = (ipId + 1) & 0xffff, 4);
  out[8] = 64;
  out[9] = 1;
  out.writeUInt32BE(from, 12);
  p.copy(out, 16, 12, 16);
  out.writeUInt16BE(checksum(out.subarray(0, 20)), 10);
  out[20] = 3;
  out[21] = 4;
  out.writeUInt16BE(mtu, 26);
  quote.copy(out, 28);
  out.writeUInt16BE(checksum(out.subarray(20)), 22);
  return out;
}

/** ICMPv6 Packet Too Big (type 2) from `from` (a 16-byte key) back to the sender of `p` (RFC 4443). */
export function packetTooBig6(p: Buffer, mtu: number, from: string): Buffer {
  // the whole error must fit the IPv6 minimum MTU
  const quote = p.subarray(0, Math.min(p.length, 1280 - 48));
  const out = Buffer.alloc(40 + 8 + quote.length);
  out[0] = 0x60;
  out.writeUInt16BE(8 + quote.length, 4);
  out[6] = 58;
  out[7] = 64;
  out.write(from, 8, 16, 'latin1');
  p.copy(out, 24, 8, 24);
  out[40] = 2;
  out.writeUInt32BE(mtu, 44);
  quote.copy(out, 48);
  const len = 8 + quote.length;
  const pseudo = Buffer.alloc(40);
  out.copy(pseudo, 0, 8, 40);
  pseudo.writeUInt32BE(len, 32);
  pseudo[39] = 58;
  out.writeUInt16BE(checksum(out.subarray(40), onesSum(pseudo)), 42);
  return out;
}
