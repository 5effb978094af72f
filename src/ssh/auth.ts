// Who may reach the CLI over SSH, read from the running-config at the moment of asking, so that a
// rule or user changed by another admin applies to the next connection or attempt at once.
import type { RunningConfig } from '../config/model.ts';
import { inSubnet } from '../config/ip.ts';
import { verifyPasswordAsync } from '../config/passwords.ts';
import type { LocalLockout } from './lockout.ts';

/** IPv4 of `ip address` on each named, not shut down interface: address → nameifs */
export function interfaceAddresses(c: RunningConfig): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const i of c.interfaces.values()) {
    const name = i.attrs.get('if.nameif')?.args.NAME as string | undefined;
    const ip = i.attrs.get('if.ip-address')?.args.ADDR as string | undefined;
    const down = i.attrs.get('if.shutdown');
    if (!name || !ip || (down && !down.no)) continue;
    out.set(ip, [...(out.get(ip) ?? []), name]);
  }
  return out;
}

/** the addresses SSH must listen on: those of interfaces named by at least one `ssh` rule */
export function listenAddresses(c: RunningConfig): string[] {
  const named = new Set(c.sshRules.map((r) => r.args.IFNAME as string));
  return [...interfaceAddresses(c).entries()].filter(([, names]) => names.some((n) => named.has(n))).map(([ip]) => ip);
}

const plain = (a: string) => a.replace(/^::ffff:/, '');

/** `ssh ADDR MASK IFNAME`: the source must be in ADDR/MASK and arrive on IFNAME's address */
export function sourceAllowed(c: RunningConfig, remote: string, local: string): boolean {
  const names = interfaceAddresses(c).get(plain(local)) ?? [];
  const from = plain(remote);
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(from)) return false;
  return c.sshRules.filter((r) => names.includes(r.args.IFNAME as string))
    .some((r) => inSubnet(from, r.args.ADDR as string, r.args.MASK as string));
}

export type LoginResult =
  | { ok: true; user: string; privilege: number; autoEnable: boolean }
  | { ok: false; reason: 'no-aaa' | 'bad-credentials' | 'locked' | 'remote-access' };

/** `aaa authentication ssh console LOCAL` (or a server group with LOCAL fallback, which is all we have) */
function localAuthEnabled(c: RunningConfig): boolean {
  const a = c.global.get('g.aaa-authentication\u0000ssh');
  return !!a && (a.args.SERVER === 'LOCAL' || a.kws.has('LOCAL'));
}

/** `config` is read again after the hash, which runs off the event loop: the user may have changed meanwhile. */
export async function checkLogin(config: () => RunningConfig, lockout: LocalLockout, name: string, password: string): Promise<LoginResult> {
  if (!localAuthEnabled(config())) return { ok: false, reason: 'no-aaa' };
  const u = config().usernames.get(name);
  if (!u) return { ok: false, reason: 'bad-credentials' };
  if (lockout.isLocked(name)) return { ok: false, reason: 'locked' };
  const before = u.password;
  const good = await verifyPasswordAsync(password, before);
  const c = config();
  if (!good || c.usernames.get(name)?.password !== before) {
    lockout.fail(name);
    return { ok: false, reason: 'bad-credentials' };
  }
  if (lockout.isLocked(name)) return { ok: false, reason: 'locked' };
  lockout.succeed(name);
  if (u.attrs.get('u.service-type')?.kws.has('remote-access')) return { ok: false, reason: 'remote-access' };
  const exec = c.global.get('g.aaa-authorization-exec');
  return { ok: true, user: name, privilege: u.privilege ?? 2, autoEnable: !!exec && exec.kws.has('auto-enable') };
}
