// Address leases from `ip local pool` / `ipv6 local pool`. The pool definitions are asked of the view
// at every allocation (a pool may be edited while sessions run); only the leases live here.
//
// The gateway's own tunnel-side address is the first host of the pool's subnet (network + 1). It is
// never leased, and it is the address the gateway answers pings on.
import ipaddr from 'ipaddr.js';
import type { PoolSpec } from './view.ts';

export interface Lease4 { kind: 'v4'; pool: string; address: string; mask: string; gateway: string | null }
export interface Lease6 { kind: 'v6'; pool: string; address: string; len: number; gateway: string | null }

const v4num = (a: string): number => ipaddr.IPv4.parse(a).toByteArray().reduce((n, b) => n * 256 + b, 0);
const v4str = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
const v6num = (a: string): bigint => ipaddr.IPv6.parse(a).toByteArray().reduce((n, b) => (n << 8n) | BigInt(b), 0n);
const v6str = (n: bigint): string => {
  const bytes: number[] = [];
  for (let i = 15; i >= 0; i--) bytes.push(Number((n >> BigInt(i * 8)) & 255n));
  return ipaddr.fromByteArray(bytes).toString();
};

/** network + 1 of `address/mask`, or null when the subnet has no room for it (/31, /32) */
export function v4GatewayFor(address: string, mask: string): string | null {
  const m = v4num(mask);
  if (m >= 0xfffffffe) return null;
  const net = (v4num(address) & m) >>> 0;
  return v4str(net + 1);
}

export function v6GatewayFor(address: string, len: number): string | null {
  if (len >= 127) return null;
  const hostBits = BigInt(128 - len);
  const net = (v6num(address) >> hostBits) << hostBits;
  return v6str(net + 1n);
}

export class AddressPools {
  /** pool name → leased address → owner (session index) */
  private leases = new Map<string, Map<string, number>>();
  /**
   * pool name → where the search for a free IPv4 address starts: every address of [first, next) is
   * leased (or the gateway's). Keeps the lowest-free-first order without rescanning the leased
   * part, which made 10,000 logins quadratic. Reset when the pool's range changes.
   */
  private next4 = new Map<string, { first: number; last: number; next: number }>();

  constructor(private lookup: (name: string) => PoolSpec | undefined) {}

  private taken(pool: string): Map<string, number> {
    let m = this.leases.get(pool);
    if (!m) { m = new Map(); this.leases.set(pool, m); }
    return m;
  }

  allocateV4(pools: string[], owner: number): Lease4 | undefined {
    for (const name of pools) {
      const spec = this.lookup(name);
      if (!spec || spec.kind !== 'v4') continue;
      const taken = this.taken(name);
      const gateway = v4GatewayFor(spec.first, spec.mask);
      const first = v4num(spec.first);
      const last = v4num(spec.last);
      let hint = this.next4.get(name);
      if (!hint || hint.first !== first || hint.last !== last) { hint = { first, last, next: first }; this.next4.set(name, hint); }
      for (let n = hint.next; n <= last; n++) {
        const a = v4str(n);
        if (a === gateway || taken.has(a)) continue;
        taken.set(a, owner);
        hint.next = n + 1;
        return { kind: 'v4', pool: name, address: a, mask: spec.mask, gateway };
      }
      hint.next = last + 1;
    }
    return undefined;
  }

  allocateV6(pools: string[], owner: number): Lease6 | undefined {
    for (const name of pools) {
      const spec = this.lookup(name);
      if (!spec || spec.kind !== 'v6') continue;
      const taken = this.taken(name);
      const gateway = v6GatewayFor(spec.prefix, spec.len);
      const first = v6num(spec.prefix);
      for (let i = 0n; i < BigInt(spec.count); i++) {
        const a = v6str(first + i);
        if (a === gateway || taken.has(a)) continue;
        taken.set(a, owner);
        return { kind: 'v6', pool: name, address: a, len: spec.len, gateway };
      }
    }
    return undefined;
  }

  release(lease: Lease4 | Lease6): void {
    const m = this.leases.get(lease.pool);
    if (!m) return;
    m.delete(lease.address);
    const hint = lease.kind === 'v4' ? this.next4.get(lease.pool) : undefined;
    if (hint) hint.next = Math.min(hint.next, v4num(lease.address));
    if (m.size === 0) this.leases.delete(lease.pool);
  }

  inUse(pool: string): boolean {
    return (this.leases.get(pool)?.size ?? 0) > 0;
  }

  leased(pool: string): string[] {
    return [...(this.leases.get(pool)?.keys() ?? [])];
  }

  /** the IPv4 addresses of `pool` that cannot be leased now: the leased ones and the gateway's own */
  taken4(pool: string): string[] {
    const out = this.leased(pool);
    const spec = this.lookup(pool);
    if (spec?.kind === 'v4') {
      const gw = v4GatewayFor(spec.first, spec.mask);
      if (gw && v4num(gw) >= v4num(spec.first) && v4num(gw) <= v4num(spec.last) && !out.includes(gw)) out.push(gw);
    }
    return out;
  }
}
