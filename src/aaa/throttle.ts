// Per-source throttle of failed logins (VPN, portal, SSH), after ocserv's ban score: each failed
// login adds points to its source; a source whose score reaches the limit is refused for a while
// without its password being checked; scores decay with time.
//
// Two scores per source, so that guessing is slowed without one client's typos shutting out the
// others behind the same address (a NAT, a hotel):
//  - per source and name: `userMaxScore` (8 failures for one username) throttles that source for that
//    username only — source A guessing `admin` is throttled for `admin`, and A's colleague logging in
//    as `bob` from the same NAT, or anyone logging in as `admin` from B, is not;
//  - per source: `sourceMaxScore` (32 failures across names) throttles every name from that source
//    (password spraying).
// A throttled attempt is refused before any password check, so it adds no failure to any account:
// the per-user `max-fail` lockout stays ASA's, but one source adds at most 8 failures to one account
// (32 in all) before it is throttled, then about one per 150 s as its score decays. A throttled
// attempt adds no points either (nothing was checked): the score keeps decaying.
//
// Scores decay linearly: a full score is gone after `resetMs` (ocserv's `ban-reset-time`, 1200 s), and
// a source over the limit is refused for at least `banMs` (ocserv's `min-reauth-time`, 300 s). Since
// the score is not reset when the ban ends, a source that goes on failing is banned again after one or
// two failures (no free window as in ocserv issue 678). Names are kept as a digest, never as typed, so
// a 64 KB username costs what a short one does, and the known and unknown users are throttled alike.
// Memory is bounded: at most `maxSources` sources (those decayed to nothing swept first, then the
// least recently seen), each with at most `maxNamesPerSource` names; entries whose score has
// decayed to zero are dropped.
import { createHash } from 'node:crypto';
import ipaddr from 'ipaddr.js';

export interface ThrottleOptions {
  /** points per failed login (ocserv's `ban-points-wrong-password`) */
  failPoints: number;
  /** score at which a source is throttled for one name (ocserv's `max-ban-score`) */
  userMaxScore: number;
  /** score at which a source is throttled for every name */
  sourceMaxScore: number;
  /** time for a full score to decay to zero (ocserv's `ban-reset-time`) */
  resetMs: number;
  /** shortest time a source over its limit is refused (ocserv's `min-reauth-time`) */
  banMs: number;
  maxSources: number;
  maxNamesPerSource: number;
  now: () => number;
}

export const THROTTLE_DEFAULTS: ThrottleOptions = {
  failPoints: 10,
  userMaxScore: 80,
  sourceMaxScore: 320,
  resetMs: 1_200_000,
  banMs: 300_000,
  maxSources: 10_000,
  maxNamesPerSource: 32,
  now: () => Date.now(),
};

interface Score {
  score: number;
  /** when `score` was last brought up to date */
  at: number;
  bannedUntil: number;
  /** attempts admitted and not yet answered (only counted per name) */
  pending: number;
}

interface SourceEntry extends Score { names: Map<string, Score> }

const fresh = (now: number): Score => ({ score: 0, at: now, bannedUntil: 0, pending: 0 });

/** the key of a source: an IPv4 address, an IPv6 /64 (one host's usual share), else the text itself (bounded) */
export function sourceKey(source: string): string {
  try {
    const a = ipaddr.process(source);
    if (a.kind() === 'ipv4') return a.toString();
    return (a as ipaddr.IPv6).parts.slice(0, 4).map((p) => p.toString(16)).join(':') + '::/64';
  } catch {
    return source.length > 64 ? createHash('sha256').update(source).digest('base64') : source;
  }
}

const nameKey = (user: string) => createHash('sha256').update(user).digest('base64').slice(0, 22);

export class SourceThrottle {
  private readonly o: ThrottleOptions;
  private readonly sources = new Map<string, SourceEntry>();
  private swept = -Infinity;

  constructor(o: Partial<ThrottleOptions> = {}) {
    this.o = { ...THROTTLE_DEFAULTS, ...o };
  }

  /** sources tracked now (tests, bounds) */
  get size(): number { return this.sources.size; }

  /** names tracked for one source (tests, bounds) */
  namesTracked(source: string): number { return this.sources.get(sourceKey(source))?.names.size ?? 0; }

  /** a full score (`max`) decays to zero in `resetMs` */
  private decay(s: Score, now: number, max: number): void {
    s.score = Math.max(0, s.score - (now - s.at) * (max / this.o.resetMs));
    s.at = now;
  }

  /**
   * No room for one more failure: it would take the score past `max` (by more than half a failure,
   * so that the few milliseconds of decay between quick failures do not let a ninth one in).
   */
  private full(score: number, pending: number, max: number): boolean {
    return score + (pending + 1) * this.o.failPoints > max + this.o.failPoints / 2;
  }

  private idle(s: Score, now: number): boolean {
    return s.score === 0 && s.pending === 0 && s.bannedUntil <= now;
  }

  /**
   * May `user` be tried from `source` now? When it may, the attempt is admitted and must be answered
   * with `failed` or `succeeded` (the returned ticket does both).
   */
  admit(source: string, user: string): { failed(): void; succeeded(): void } | undefined {
    const now = this.o.now();
    const key = sourceKey(source);
    let src = this.sources.get(key);
    if (src) {
      this.sources.delete(key); // re-inserted below: the map's order is least recently used first
      this.decay(src, now, this.o.sourceMaxScore);
    }
    const nk = nameKey(user);
    let name = src?.names.get(nk);
    if (name) this.decay(name, now, this.o.userMaxScore);
    const over = (s: Score | undefined, max: number, pending = 0) => !!s && (s.bannedUntil > now || this.full(s.score, pending, max));
    if (over(src, this.o.sourceMaxScore) || over(name, this.o.userMaxScore, name?.pending)) {
      if (src) this.sources.set(key, src);
      return undefined;
    }
    src ??= { ...fresh(now), names: new Map() };
    if (!name) {
      name = fresh(now);
      this.addName(src, nk, name, now);
    }
    this.addSource(key, src, now);
    name.pending++;
    const n = name;
    const s = src;
    let done = false;
    return {
      failed: () => {
        if (done) return;
        done = true;
        n.pending--;
        const t = this.o.now();
        this.decay(n, t, this.o.userMaxScore);
        this.decay(s, t, this.o.sourceMaxScore);
        n.score += this.o.failPoints;
        s.score += this.o.failPoints;
        if (this.full(n.score, 0, this.o.userMaxScore)) n.bannedUntil = t + this.o.banMs;
        if (this.full(s.score, 0, this.o.sourceMaxScore)) s.bannedUntil = t + this.o.banMs;
      },
      succeeded: () => {
        if (done) return;
        done = true;
        n.pending--;
        // the user proved the password from here: that name's count starts again; the source's does not
        n.score = 0;
      },
    };
  }

  private addName(src: SourceEntry, nk: string, name: Score, now: number): void {
    if (src.names.size >= this.o.maxNamesPerSource) {
      for (const [k, s] of src.names) { this.decay(s, now, this.o.userMaxScore); if (this.idle(s, now)) src.names.delete(k); }
    }
    if (src.names.size >= this.o.maxNamesPerSource) {
      // the name with the lowest score and no attempt in flight goes, a throttled one last; its
      // failures still count in the source's score (forgetting 32 names takes 32 failures: the limit)
      let victim: [string, Score] | undefined;
      const rank = (x: Score) => (x.bannedUntil > now ? this.o.userMaxScore : 0) + x.score;
      for (const e of src.names) if (e[1].pending === 0 && (!victim || rank(e[1]) < rank(victim[1]))) victim = e;
      if (victim) src.names.delete(victim[0]);
    }
    src.names.set(nk, name);
  }

  private addSource(key: string, src: SourceEntry, now: number): void {
    // a full sweep at most once a second: a flood of new sources costs one eviction each
    if (this.sources.size >= this.o.maxSources && now - this.swept >= 1000) this.sweep(now);
    while (this.sources.size >= this.o.maxSources) {
      const oldest = this.sources.keys().next();
      if (oldest.done) break;
      this.sources.delete(oldest.value);
    }
    this.sources.set(key, src);
  }

  /** drops the sources whose scores have decayed to nothing */
  sweep(now = this.o.now()): void {
    this.swept = now;
    for (const [k, s] of this.sources) {
      this.decay(s, now, this.o.sourceMaxScore);
      for (const [nk, n] of s.names) { this.decay(n, now, this.o.userMaxScore); if (this.idle(n, now)) s.names.delete(nk); }
      if (this.idle(s, now) && s.names.size === 0) this.sources.delete(k);
    }
  }
}
