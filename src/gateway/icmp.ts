// The gateway answers pings sent through the tunnel to its own tunnel-side address, which is all the
// IP stack a headend without a forwarding plane needs for "can I reach the VPN?" checks.
import ipaddr from 'ipaddr.js';

/** RFC 1071 one's-complement sum, folded; `initial` lets a pseudo-header be summed first */
export function onesSum(data: Uint8Array, initial = 0): number {
  let sum = initial;
  const n = data.length & ~1;
  for (let i = 0; i < n; i += 2) sum += (data[i] << 8) | data[i + 1];
  if (data.length & 1) sum += data[data.length - 1] << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

export function checksum(data: Uint8Array, initial = 0): number {
  return (~onesSum(data, initial)) & 0xffff;
}

export interface PacketInfo { version: 4 | 6; src: string; dst: string }

/** Source and destination of a raw IP packet, or undefined if it is not one. */
export function packetInfo(p: Buffer): PacketInfo | undefined {
  if (p.length < 1) return undefined;
  const v = p[0] >> 4;
  if (v === 4 && p.length >= 20) {
    return { version: 4, src: ipaddr.fromByteArray([...p.subarray(12, 16)]).toString(), dst: ipaddr.fromByteArray([...p.subarray(16, 20)]).toString() };
  }
  if (v === 6 && p.length >= 40) {
    return { version: 6, src: ipaddr.fromByteArray([...p.subarray(8, 24)]).toString(), dst: ipaddr.fromByteArray([...p.subarray(24, 40)]).toString() };
  }
  return undefined;
}

let ipId = Math.floor(Math.random() * 0xffff);

/** An echo reply to an IPv4 ICMP echo request, or undefined when `p` is anything else or damaged. */
export function icmp4EchoReply(p: Buffer): Buffer | undefined {
  if (p.length < 28 || p[0] >> 4 !== 4) return undefined;
  const ihl = (p[0] & 0x0f) * 4;
  const total = p.readUInt16BE(2);
  if (ihl < 20 || total > p.length || total < ihl + 8 || p[9] !== 1) return undefined;
  if ((p.readUInt16BE(6) & 0x3fff) !== 0) return undefined; // fragments are not reassembled
  if (checksum(p.subarray(0, ihl)) !== 0) return undefined;
  const icmp = p.subarray(ihl, total);
  if (icmp[0] !== 8 || icmp[1] !== 0 || checksum(icmp) !== 0) return undefined;

  // A fresh 20-byte header: options of the request are not echoed.
  const out = Buffer.alloc(20 + icmp.length);
  out[0] = 0x45;
  out.writeUInt16BE(out.length, 2);
  ipId = (ipId + 1) & 0xffff;
  out.writeUInt16BE(ipId, 4);
  out[8] = 64;
  out[9] = 1;
  p.copy(out, 12, 16, 20); // src ← request's dst
  p.copy(out, 16, 12, 16); // dst ← request's src
  out.writeUInt16BE(checksum(out.subarray(0, 20)), 10);
  icmp.copy(out, 20);
  out[20] = 0; // echo reply
  out.writeUInt16BE(0, 22);
  out.writeUInt16BE(checksum(out.subarray(20)), 22);
  return out;
}

function icmp6Sum(src: Buffer, dst: Buffer, body: Buffer): number {
  const pseudo = Buffer.alloc(40);
  src.copy(pseudo, 0);
  dst.copy(pseudo, 16);
  pseudo.writeUInt32BE(body.length, 32);
  pseudo[39] = 58;
  return checksum(body, onesSum(pseudo));
}

/** An echo reply to an ICMPv6 echo request without extension headers, or undefined. */
export function icmp6EchoReply(p: Buffer): Buffer | undefined {
  if (p.length < 48 || p[0] >> 4 !== 6 || p[6] !== 58) return undefined;
  const plen = p.readUInt16BE(4);
  if (40 + plen > p.length || plen < 8) return undefined;
  const src = p.subarray(8, 24);
  const dst = p.subarray(24, 40);
  const body = p.subarray(40, 40 + plen);
  if (body[0] !== 128 || body[1] !== 0 || icmp6Sum(src, dst, body) !== 0) return undefined;
  const out = Buffer.alloc(40 + plen);
  p.copy(out, 0, 0, 8);
  out[7] = 64;
  dst.copy(out, 8);
  src.copy(out, 24);
  body.copy(out, 40);
  out[40] = 129;
  out.writeUInt16BE(0, 42);
  out.writeUInt16BE(icmp6Sum(out.subarray(8, 24), out.subarray(24, 40), out.subarray(40)), 42);
  return out;
}

/** An IPv4 ICMP echo request, for tests and diagnostics. */
export function icmp4EchoRequest(src: string, dst: string, id: number, seq: number, data: Buffer): Buffer {
  const out = Buffer.alloc(28 + data.length);
  out[0] = 0x45;
  out.writeUInt16BE(out.length, 2);
  out[8] = 64;
  out[9] = 1;
  Buffer.from(ipaddr.parse(src).toByteArray()).copy(out, 12);
  Buffer.from(ipaddr.parse(dst).toByteArray()).copy(out, 16);
  out.writeUInt16BE(checksum(out.subarray(0, 20)), 10);
  out[20] = 8;
  out.writeUInt16BE(id, 24);
  out.writeUInt16BE(seq, 26);
  data.copy(out, 28);
  out.writeUInt16BE(checksum(out.subarray(20)), 22);
  return out;
}
