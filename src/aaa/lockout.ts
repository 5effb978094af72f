// `aaa local authentication attempts max-fail N`: consecutive failed logins per local user, and the
// lock that follows, for VPN, portal and SSH alike (one table per process). Kept in memory only, as
// on an ASA (a reboot clears every lock).
import type { LocalAuthService } from '../app-types.ts';
import type { RunningConfig } from '../config/model.ts';

interface Record { failures: number; locked: boolean }

export class LocalLockout implements LocalAuthService {
  private readonly users = new Map<string, Record>();

  constructor(private readonly config: () => RunningConfig) {}

  private maxFail(): number | undefined {
    return this.config().global.get('g.aaa-max-fail')?.args.ATTEMPTS as number | undefined;
  }

  isLocked(user: string): boolean {
    return this.users.get(user)?.locked ?? false;
  }

  /** a wrong password; returns true when this failure locked the account */
  fail(user: string): boolean {
    const r = this.users.get(user) ?? { failures: 0, locked: false };
    r.failures++;
    const max = this.maxFail();
    // ASA never locks a privilege 15 account: it would shut the last administrator out
    const priv = this.config().usernames.get(user)?.privilege ?? 2;
    const lockedNow = !r.locked && max !== undefined && r.failures >= max && priv < 15;
    if (lockedNow) r.locked = true;
    this.users.set(user, r);
    return lockedNow;
  }

  /** a good password resets the count, unless the account is already locked */
  succeed(user: string): void {
    const r = this.users.get(user);
    if (r && !r.locked) this.users.delete(user);
  }

  lockedUsers(): { user: string; failures: number; locked: boolean }[] {
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
}
