// `redirect-fqdn enable`: an ASA director sends a client the member's fully qualified domain name,
// found "using reverse DNS lookup" of the member's address, instead of the address (Cisco ASA VPN
// configuration guide, load balancing, "Enable Redirection Using a Fully-qualified Domain Name");
// with no name for the address, the address. Each member looks up its own public address (the
// system resolver: /etc/hosts, then DNS) in the background and publishes the name in its record, so
// a redirect never waits on a lookup.
import { lazyBuiltin } from '../lazy-builtin.ts';
import { isIP } from 'node:net';

const dns = lazyBuiltin<typeof import('node:dns/promises')>('node:dns/promises');

/** a DNS host name: letters, digits, hyphens, dots; what may go into a Location header */
export const isHostName = (s: string): boolean =>
  s.length <= 253 && /^(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/.test(s) && isIP(s) === 0;

export class ReverseName {
  private addr = '';
  private name: string | null = null;
  private until = 0;
  private asking = false;

  constructor(private readonly ttlMs = 300_000, private readonly failMs = 30_000, private readonly timeoutMs = 2_000) {}

  /** the name known now for `addr` (null: none, or not known yet); asks again in the background when stale */
  get(addr: string): string | null {
    if (addr !== this.addr) { this.addr = addr; this.name = null; this.until = 0; }
    if (Date.now() >= this.until && !this.asking && isIP(addr)) void this.ask(addr);
    return this.name;
  }

  private async ask(addr: string): Promise<void> {
    this.asking = true;
    let timer: NodeJS.Timeout | undefined;
    try {
      const r = await Promise.race([
        dns().lookupService(addr, 443).then((x) => x.hostname),
        new Promise<null>((resolve) => { timer = setTimeout(() => resolve(null), this.timeoutMs); }),
      ]);
      if (addr !== this.addr) return;
      // getnameinfo gives the address back as text when it has no name
      this.name = r && isHostName(r) ? r : null;
      this.until = Date.now() + (this.name ? this.ttlMs : this.failMs);
    } catch {
      if (addr === this.addr) { this.name = null; this.until = Date.now() + this.failMs; }
    } finally {
      clearTimeout(timer);
      this.asking = false;
    }
  }
}
