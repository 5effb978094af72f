// Who may reach the CLI over SSH, read from the running-config at the moment of asking, so that a
// rule or user changed by another admin applies to the next connection or attempt at once. The
// password itself is the AAA service's (src/aaa/): `app.aaa.authenticate({ service: 'ssh', … })`.
import type { RunningConfig } from '../config/model.ts';
import { inSubnet } from '../config/ip.ts';
import { interfaceAddresses } from '../aaa/interfaces.ts';
import { config as G } from '../../grammar/config.ts';

/** the addresses SSH must listen on: those of interfaces named by at least one `ssh` rule */
export function listenAddresses(c: RunningConfig): string[] {
  const named = new Set(c.sshRules.of(G.ssh).map((r) => r.args.IFNAME));
  return [...interfaceAddresses(c).entries()].filter(([, names]) => names.some((n) => named.has(n))).map(([ip]) => ip);
}

const plain = (a: string) => a.replace(/^::ffff:/, '');

/** `ssh ADDR MASK IFNAME`: the source must be in ADDR/MASK and arrive on IFNAME's address */
export function sourceAllowed(c: RunningConfig, remote: string, local: string): boolean {
  const names = interfaceAddresses(c).get(plain(local)) ?? [];
  const from = plain(remote);
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(from)) return false;
  return c.sshRules.of(G.ssh).filter((r) => names.includes(r.args.IFNAME))
    .some((r) => inSubnet(from, r.args.ADDR, r.args.MASK));
}
