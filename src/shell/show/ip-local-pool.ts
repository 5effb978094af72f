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

export function formatIpLocalPool(pool: IpPool, taken: readonly string[]): string[] {
  const first = ipToNum(pool.range.from), last = ipToNum(pool.range.to);
  const used = [...new Set(taken.map(ipToNum))].filter((n) => n >= first && n <= last).sort((a, b) => a - b);
  const size = last - first + 1;
  const out = [
    'Begin           End             Mask            Free     Held     In use',
    `${pool.range.from.padEnd(15)} ${pool.range.to.padEnd(15)} ${poolMask(pool).padEnd(15)} ${String(size - used.length).padStart(5)}${'0'.padStart(9)}${String(used.length).padStart(9)}`,
    '',
    'Available Addresses:',
  ];
  let u = 0;
  for (let n = first; n <= last; n++) {
    if (used[u] === n) { u++; continue; }
    out.push(numToIp(n));
  }
  if (used.length) out.push('', 'In Use Addresses:', ...used.map(numToIp));
  return out;
}
