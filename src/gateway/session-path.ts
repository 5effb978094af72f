// What happens to one session's packets. From the client: the source must be the session's own
// address (anything else is dropped and counted), then the vpn-filter, then the TUN. To the client:
// the vpn-filter again, the tunnel's MTU (an oversized packet that may not be fragmented gets ICMP
// "too big" back to its sender), then the tunnel's bounded send queue. Without a forwarding plane
// the gateway only answers pings to its own tunnel address.
import { DEVICE_MTU, type ForwardingPlane, type Endpoint } from './tun/plane.ts';
import type { ForwardingStatus } from './api.ts';
import { clampMss, dontFragment4, dst4, dst6, fragNeeded4, ipVersion, key4, key6, packetTooBig6, src4, src6 } from './tun/packet.ts';
import { icmp4EchoReply, icmp6EchoReply } from './icmp.ts';
import type { Session, TunnelLink } from './sessions.ts';
import { v4GatewayFor, v6GatewayFor } from './pools.ts';
import ipaddr from 'ipaddr.js';

const maskLength = (mask: string): number => ipaddr.IPv4.parse(mask).prefixLengthFromSubnetMask() ?? 32;
import type { GatewayView, PacketFilter } from './view.ts';

/** per-session drops beyond the tunnel's own Tx/Rx counters */
export interface PathDrops { spoofed: number; filtered: number; tooBig: number }

export interface SessionPath {
  key4: number | null;
  key6: string | null;
  /** the gateway's address on the session's side, as keys, for the no-TUN ping */
  gw4: number | null;
  gw6: string | null;
  endpoint: Endpoint;
  drops: PathDrops;
}

const IPV4_TCP_OVERHEAD = 40;
const IPV6_TCP_OVERHEAD = 60;

function hostRoutes(s: Session): string[] {
  const v4 = s.framed ?? s.lease4;
  const out: string[] = [];
  if (v4 && (s.framed || !v4.gateway)) out.push(`${v4.address}/32`);
  if (s.lease6 && !s.lease6.gateway) out.push(`${s.lease6.address}/128`);
  return out;
}

export class Forwarding {
  constructor(private plane: ForwardingPlane | null, private view: GatewayView) {}

  get enabled(): boolean { return this.plane !== null; }
  get device(): string | null { return this.plane?.device ?? null; }

  /** Gives the session its path (once its addresses are known) and makes its addresses reachable. */
  attach(s: Session): SessionPath {
    const old = s.path;
    // a reconnect may bring an address the first tunnel did not have (IPv6 asked for only now)
    if (old) this.release(s);
    const v4 = s.framed ?? s.lease4;
    const v6 = s.lease6;
    const path: SessionPath = {
      key4: v4 ? key4(v4.address) : null,
      key6: v6 ? key6(v6.address) : null,
      gw4: v4?.gateway ? key4(v4.gateway) : null,
      gw6: v6?.gateway ? key6(v6.gateway) : null,
      endpoint: { toClient: (p, v) => this.toClient(s, p, v) },
      drops: old?.drops ?? { spoofed: 0, filtered: 0, tooBig: 0 },
    };
    s.path = path;
    if (this.plane) {
      this.plane.bind(v4?.address ?? null, v6?.address ?? null, path.endpoint);
      // a framed address, or one from a pool with no room for a gateway address, lies outside
      // every subnet on the device
      for (const r of hostRoutes(s)) void this.plane.link.addRoute(r);
    }
    return path;
  }

  /** The session ended: nothing more reaches it. */
  release(s: Session): void {
    const path = s.path;
    if (!path || !this.plane) return;
    const v4 = s.framed ?? s.lease4;
    this.plane.unbind(v4?.address ?? null, s.lease6?.address ?? null, path.endpoint);
    for (const r of hostRoutes(s)) void this.plane.link.delRoute(r);
  }

  status(): ForwardingStatus | null {
    const p = this.plane;
    if (!p) return null;
    return {
      device: p.device, mtu: DEVICE_MTU, addresses: p.link.addresses, hostRoutes: p.link.hostRoutes,
      ...p.counters, dropsNoSession: p.drops.noSession, dropsWrite: p.drops.tunWrite,
    };
  }

  /** The device carries the gateway side of every pool (the kernel then routes each pool to it). */
  async syncPools(): Promise<void> {
    if (!this.plane) return;
    const want: string[] = [];
    for (const name of this.view.poolNames?.() ?? []) {
      const spec = this.view.pool(name);
      if (spec?.kind === 'v4') {
        const gw = v4GatewayFor(spec.first, spec.mask);
        if (gw) want.push(`${gw}/${maskLength(spec.mask)}`);
      } else if (spec?.kind === 'v6') {
        const gw = v6GatewayFor(spec.prefix, spec.len);
        if (gw) want.push(`${gw}/${spec.len}`);
      }
    }
    await this.plane.link.setAddresses(want);
  }

  private filter(s: Session, v: 4 | 6): PacketFilter | undefined {
    // since ASA 9.0 access-lists are unified: `vpn-filter` filters IPv6 too, `ipv6-vpn-filter`
    // (deprecated) overrides it for IPv6 where it is set
    const name = v === 4 ? s.policy.vpnFilter : s.policy.ipv6VpnFilter ?? s.policy.vpnFilter;
    return name ? this.view.packetFilter?.(name) : undefined;
  }

  /** a packet from the client; false when it was dropped (the tunnel counts it as an Rx drop) */
  fromClient(s: Session, link: TunnelLink, p: Buffer): boolean {
    const path = s.path;
    const v = ipVersion(p);
    if (!path || !v) return false;
    if (v === 4 ? path.key4 === null || src4(p) !== path.key4 : path.key6 === null || src6(p) !== path.key6) {
      path.drops.spoofed++;
      return false;
    }
    s.lastActivity = Date.now();
    if (!this.plane) return this.answerPing(path, link, p, v);
    const f = this.filter(s, v);
    if (f && !f.permits(p, true)) { path.drops.filtered++; return false; }
    const mtu = s.tunnel?.info.mtu;
    if (mtu) clampMss(p, v, mtu - (v === 4 ? IPV4_TCP_OVERHEAD : IPV6_TCP_OVERHEAD));
    return this.plane.send(p);
  }

  private toClient(s: Session, p: Buffer, v: 4 | 6): void {
    const t = s.tunnel;
    const path = s.path!;
    if (!t) { s.counters.pktsTxDrop++; return; }
    const f = this.filter(s, v);
    if (f && !f.permits(p, false)) { path.drops.filtered++; t.link.countTxDrop(); return; }
    const mtu = t.info.mtu;
    if (p.length > mtu) {
      path.drops.tooBig++;
      t.link.countTxDrop();
      if (v === 6 || dontFragment4(p)) {
        // from the destination's own address: the kernel drops a packet arriving with one of its
        // local addresses (the gateway's) as source, and any hop may report a path MTU
        this.plane!.send(v === 4 ? fragNeeded4(p, mtu, dst4(p)) : packetTooBig6(p, mtu, dst6(p)));
        return;
      }
      // IPv4 without DF: the client's stack takes the whole packet (its tun reads up to 64 KB)
    } else {
      clampMss(p, v, mtu - (v === 4 ? IPV4_TCP_OVERHEAD : IPV6_TCP_OVERHEAD));
    }
    s.lastActivity = Date.now();
    t.link.sendPacket(p);
  }

  /** no forwarding plane: the gateway's own tunnel address answers pings, nothing else is reachable */
  private answerPing(path: SessionPath, link: TunnelLink, p: Buffer, v: 4 | 6): boolean {
    if (v === 4 ? path.gw4 === null || dst4(p) !== path.gw4 : path.gw6 === null || dst6(p) !== path.gw6) return false;
    const reply = v === 4 ? icmp4EchoReply(p) : icmp6EchoReply(p);
    if (!reply) return false;
    link.sendPacket(reply);
    return true;
  }
}
