// Opening the forwarding plane at start-up: said once when it cannot be had, and what the host
// still has to do for traffic to flow beyond the headend (IP forwarding).
import { readFileSync } from 'node:fs';
import { ForwardingPlane } from './plane.ts';

const IFNAME = /^[A-Za-z0-9_.-]{1,15}$/;

function sysctlOn(path: string): boolean | null {
  try { return readFileSync(path, 'utf8').trim() === '1'; } catch { return null; }
}

/** the plane, or null after one line saying why sessions will reach only the gateway address */
export async function openForwarding(name: string, log: (line: string) => void): Promise<ForwardingPlane | null> {
  if (!IFNAME.test(name)) {
    log(`%HEADEND-4-TUN: "${name}" is not an interface name; no forwarding plane: VPN sessions reach only the gateway address`);
    return null;
  }
  try {
    const plane = await ForwardingPlane.open(name, (why) => log(`%HEADEND-4-TUN: ${why}`));
    if (sysctlOn('/proc/sys/net/ipv4/ip_forward') === false) {
      log(`%HEADEND-5-TUN: forwarding plane on ${plane.device}; net.ipv4.ip_forward is 0, so traffic stops at this host (sysctl -w net.ipv4.ip_forward=1)`);
    }
    return plane;
  } catch (e) {
    log(`%HEADEND-4-TUN: cannot open TUN device ${name} (${(e as Error).message}); no forwarding plane: VPN sessions reach only the gateway address`);
    return null;
  }
}
