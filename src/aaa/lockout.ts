// `aaa local authentication attempts max-fail N`: consecutive failed logins per local user, and the
// lock that follows, for VPN, portal and SSH alike (one table per process). Kept in memory only, as
// on an ASA (a reboot clears every lock).
//
// Only users of the running-config are ever recorded: a name an attacker typed for a user that does
// not exist is never stored, so the table is bounded by the configuration (and by `cap` whatever the
// configuration holds). An entry whose user has been removed from the config is dropped.
import type { LocalAuthService } from '../app-types.ts';
import type { RunningConfig } from '../config/model.ts';
import { config as G } from '../../grammar/config.ts';
import { argDefault } from '../config/defaults.ts';

interface Entry { failures: number; locked: boolean }

export const LOCKOUT_CAP = 10_000;

export class LocalLockout implements LocalAuthService {
  private readonly users = new Map<string, Entry>();

  constructor(private readonly config: () => RunningConfig, private readonly cap = LOCKOUT_CAP) {}

  private maxFail(): number | undefined {
    return this.config().global.get(G.aaaMaxFail)?.args.ATTEMPTS;
  }

  get size(): number { return this.users.size; }

  isLocked(user: string): boolean {
    return this.users.get(user)?.locked ?? false;
  }

  /** a wrong password for a configured user; returns true when this failure locked the account */
  fail(user: string): boolean {
    const u = this.config().usernames.get(user);
    if (!u) return false;
    let r = this.users.get(user);
    if (!r) {
      if (!this.makeRoom()) return false;
      r = { failures: 0, locked: false };
      this.users.set(user, r);
    }
    r.failures++;
    const max = this.maxFail();
    // ASA never locks a privilege 15 account: it would shut the last administrator out
    const priv = u.privilege ?? argDefault(G.username, 'PRIV');
    const lockedNow = !r.locked && max !== undefined && r.failures >= max && priv < 15;
    if (lockedNow) r.locked = true;
    return lockedNow;
  }

  /** a good password resets the count, unless the account is already locked */
  succeed(user: string): void {
    const r = this.users.get(user);
    if (r && !r.locked) this.users.delete(user);
  }

  lockedUsers(): { user: string; failures: number; locked: boolean }[] {
    this.prune();
    return [...this.users.entries()].map(([user, r]) => ({ user, failures: r.failures, locked: r.locked }));
  }

  clearLockout(user?: string): number {
    if (user === undefined) {
      const n = [...this.users.values()].filter((r) => r.locked).length;
      this.users.clear();
      return n;
    }
    const r = this.users.get(user);
    if (!r) return 0;
    this.users.delete(user);
    return r.locked ? 1 : 0;
  }

  /** drop the entries of users no longer configured */
  private prune(): void {
    const names = this.config().usernames;
    for (const u of this.users.keys()) if (!names.has(u)) this.users.delete(u);
  }

  /** room for one more entry: removed users first, then the oldest unlocked count; locks are kept */
  private makeRoom(): boolean {
    if (this.users.size < this.cap) return true;
    this.prune();
    if (this.users.size < this.cap) return true;
    for (const [u, r] of this.users) {
      if (!r.locked) { this.users.delete(u); return true; }
    }
    return false;
  }
}
