// `show ip local pool NAME`: the pool's range and counts, then every free address and every one in
// use, as ASA 9.x prints it (the golden output of genieparser's ShowIpLocalPool test, GH id
// 32219877443 in the workplace index):
//
//   Begin           End             Mask            Free     Held     In use
//   192.168.1.144   192.168.1.147   255.255.255.252     2        0        2
//
//   Available Addresses:
//   192.168.1.145
//   192.168.1.146
//
//   In Use Addresses:
//   192.168.1.144
//   192.168.1.147
//
// headend holds no address back after a logoff, so `Held` is 0; the gateway's own tunnel address,
// when the pool contains it, is in use (no session is ever given it).
import type { IpPool } from '../../config/model.ts';
import { ipToNum, numToIp } from '../../config/ip.ts';
import { poolMask } from '../../config/pools.ts';

/** made as it is printed (printAll reads it a slice at a time): a /8 pool has 16 million lines */
export function* formatIpLocalPool(pool: IpPool, taken: readonly string[]): Generator<string> {
  const first = ipToNum(pool.range.from), last = ipToNum(pool.range.to);
  const used = [...new Set(taken.map(ipToNum))].filter((n) => n >= first && n <= last).sort((a, b) => a - b);
  const size = last - first + 1;
  yield 'Begin           End             Mask            Free     Held     In use';
  yield `${pool.range.from.padEnd(15)} ${pool.range.to.padEnd(15)} ${poolMask(pool).padEnd(15)} ${String(size - used.length).padStart(5)}${'0'.padStart(9)}${String(used.length).padStart(9)}`;
  yield '';
  yield 'Available Addresses:';
  let u = 0;
  for (let n = first; n <= last; n++) {
    if (used[u] === n) { u++; continue; }
    yield numToIp(n);
  }
  if (!used.length) return;
  yield '';
  yield 'In Use Addresses:';
  for (const n of used) yield numToIp(n);
}
