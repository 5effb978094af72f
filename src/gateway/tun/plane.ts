// The forwarding plane: one TUN device for every session. Packets from clients are written to it
// (the kernel routes them on); packets the kernel routes to a pool come back out of it and go to the
// session that holds their destination address, found in one map lookup.
import { TunDevice } from './device.ts';
import { LinkConfig } from './link.ts';
import { dst4, dst6, ipVersion, key4, key6 } from './packet.ts';

/** where a packet for one session's address goes */
export interface Endpoint { toClient(packet: Buffer, version: 4 | 6): void }

/** what went through the device: "input" is from the sessions into the kernel, "output" back out to them */
export interface PlaneCounters { packetsIn: number; bytesIn: number; packetsOut: number; bytesOut: number }

export interface PlaneDrops {
  /** read from the TUN for an address no session holds (or not IP at all) */
  noSession: number;
  /** refused by the kernel on write (its queue full, or the device down) */
  tunWrite: number;
}

/** the device's MTU: the largest packet the kernel hands us; each session's own MTU is enforced per packet */
export const DEVICE_MTU = 1500;

export class ForwardingPlane {
  readonly drops: PlaneDrops = { noSession: 0, tunWrite: 0 };
  readonly counters: PlaneCounters = { packetsIn: 0, bytesIn: 0, packetsOut: 0, bytesOut: 0 };
  private by4 = new Map<number, Endpoint>();
  private by6 = new Map<string, Endpoint>();
  private constructor(private dev: TunDevice, readonly link: LinkConfig) {}

  /** Opens the device and brings it up; throws with the reason when this process may not. */
  static async open(name: string, onError: (why: string) => void): Promise<ForwardingPlane> {
    const dev = TunDevice.open(name);
    const link = new LinkConfig(dev.name, onError);
    const plane = new ForwardingPlane(dev, link);
    dev.start((packets) => plane.fromKernel(packets), (errno) => onError(`${dev.name}: read error ${errno}; no more packets are read from it`));
    try {
      await link.up(DEVICE_MTU);
    } catch (e) {
      dev.close();
      throw e;
    }
    return plane;
  }

  get device(): string { return this.dev.name; }

  bind(v4: string | null, v6: string | null, ep: Endpoint): void {
    if (v4) this.by4.set(key4(v4), ep);
    if (v6) this.by6.set(key6(v6), ep);
  }

  unbind(v4: string | null, v6: string | null, ep: Endpoint): void {
    if (v4) { const k = key4(v4); if (this.by4.get(k) === ep) this.by4.delete(k); }
    if (v6) { const k = key6(v6); if (this.by6.get(k) === ep) this.by6.delete(k); }
  }

  /** a packet for the kernel to route; false when it was dropped */
  send(packet: Buffer): boolean {
    if (this.dev.write(packet)) { this.counters.packetsIn++; this.counters.bytesIn += packet.length; return true; }
    this.drops.tunWrite++;
    return false;
  }

  private fromKernel(packets: Buffer[]): void {
    for (const p of packets) {
      const v = ipVersion(p);
      const ep = v === 4 ? this.by4.get(dst4(p)) : v === 6 ? this.by6.get(dst6(p)) : undefined;
      this.counters.packetsOut++;
      this.counters.bytesOut += p.length;
      if (ep) ep.toClient(p, v as 4 | 6);
      else this.drops.noSession++;
    }
  }

  close(): void { this.dev.close(); }
}
