// The TUN's addresses and routes, set with iproute2's `ip` (the interface to netlink every Linux
// host has). Commands run one at a time, in order, each with a time bound.
import { execFile } from 'node:child_process';

const IP_TIMEOUT_MS = 5000;

function ip(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('ip', args, { timeout: IP_TIMEOUT_MS }, (err, _out, stderr) => {
      if (err) reject(new Error(`ip ${args.join(' ')}: ${String(stderr).trim() || err.message}`));
      else resolve();
    });
  });
}

export class LinkConfig {
  private chain: Promise<void> = Promise.resolve();
  /** the addresses (CIDR) and routes now on the device, as this process set them */
  private addrs = new Set<string>();
  private routes = new Set<string>();

  constructor(readonly dev: string, private onError: (why: string) => void) {}

  private run(step: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(step).catch((e: Error) => this.onError(e.message));
    return this.chain;
  }

  /** brings the device up; rejects when the process may not configure it */
  up(mtu: number): Promise<void> {
    return ip(['link', 'set', 'dev', this.dev, 'mtu', String(mtu), 'up']);
  }

  /** makes the device's addresses exactly `want` (CIDR, the gateway address with its pool's prefix) */
  setAddresses(want: Iterable<string>): Promise<void> {
    const target = new Set(want);
    return this.run(async () => {
      for (const a of [...this.addrs]) {
        if (target.has(a)) continue;
        await ip([...family(a), 'addr', 'del', a, 'dev', this.dev]).catch(() => undefined);
        this.addrs.delete(a);
      }
      for (const a of target) {
        if (this.addrs.has(a)) continue;
        // nodad: the address is ours alone on a point-to-multipoint device; no 1 s duplicate check
        await ip([...family(a), 'addr', 'add', a, 'dev', this.dev, ...(a.includes(':') ? ['nodad'] : [])]);
        this.addrs.add(a);
      }
    });
  }

  /** a host route for an address outside every pool (a framed address) */
  addRoute(cidr: string): Promise<void> {
    if (this.routes.has(cidr)) return this.chain;
    this.routes.add(cidr);
    return this.run(() => ip([...family(cidr), 'route', 'replace', cidr, 'dev', this.dev]));
  }

  delRoute(cidr: string): Promise<void> {
    if (!this.routes.delete(cidr)) return this.chain;
    return this.run(() => ip([...family(cidr), 'route', 'del', cidr, 'dev', this.dev]).catch(() => undefined));
  }

  /** what `show route` lists: the device's addresses and host routes */
  get addresses(): string[] { return [...this.addrs]; }
  get hostRoutes(): string[] { return [...this.routes]; }

  settled(): Promise<void> { return this.chain; }
}

const family = (cidr: string): string[] => (cidr.includes(':') ? ['-6'] : ['-4']);
