// One member of a VPN load-balancing cluster, on a shared Redis. Everything between members goes
// through Redis (no protocol of our own between nodes):
//   P:members            ZSET member id → expiry (ms); P:member:ID its record (JSON, PX ttl)
//   P:director           the director lease: a member id, SET NX PX, renewed by its holder
//   P:sess:ID            HASH session index → record (JSON); PEXPIRE ttl with every heartbeat, so
//                        the sessions of a member that dies leave the view with it
//   P:user:NAME          ZSET "ID:index" → login time: vpn-simultaneous-logins across the cluster
//   P:slot:N             the member id holding index slot N (1-15), PX ttl: session indexes that
//                        no two members repeat (src/cluster/slots.ts)
//   P:cmd, P:reply:ID    pub/sub: logoff requests to every member, and their answers
// where P is `headend:lb:<cluster ip>:`. The heartbeat writes the member record, renews the lease or
// takes it (only the live member of highest priority, then lowest id, tries), and now and then
// rewrites this member's sessions (their counters); the same rewrite resynchronises a Redis that
// came back empty. No login waits on Redis longer than `admitMs`; without Redis the member serves
// its own sessions and says so once.
import { randomBytes } from 'node:crypto';
import type { LogoffFilter, SessionRecord, SessionStats } from '../gateway/api.ts';
import type { TlsIdentity } from '../gateway/tls.ts';
import type { ClusterSettings } from '../config/cluster-view.ts';
import { maskedDatabase } from '../config/cluster-view.ts';
import type { ClusterService, ClusterStatus, MemberInfo } from './api.ts';
import { openDatabase, type Database } from './redis.ts';
import { DirectorListener, type RedirectTarget } from './director.ts';
import { decodeMember, decodeRecord, encodeRecord, type MemberRecord } from './records.ts';
import { CLAIM, IndexNumbering, RELEASE, slotKeys } from './slots.ts';
import { ReverseName } from './reverse-name.ts';

export interface LocalMember {
  sessions(): SessionRecord[];
  /** this member's own counters (cumulative, peaks) */
  stats(): SessionStats;
  logoff(filter: LogoffFilter, reason: string): number;
  /** the first listener of the gateway: where clients are sent when no address is configured */
  listener(): { address: string; port: number } | null;
  identity(): TlsIdentity;
}

export interface NodeOptions {
  heartbeatMs?: number;
  /** a member record, the lease and a member's sessions live this long without a heartbeat */
  ttlMs?: number;
  /** the longest a login waits on Redis for vpn-simultaneous-logins */
  admitMs?: number;
  /** every n-th heartbeat rewrites this member's sessions (their counters) */
  refreshEvery?: number;
  log: (line: string) => void;
}

/** KEYS: the cluster's session and tunnel peaks; ARGV: the counts now. Raises each to its count (the director's heartbeat) */
const PEAK = `
for i = 1, 2 do
  if tonumber(redis.call('get', KEYS[i]) or '0') < tonumber(ARGV[i]) then redis.call('set', KEYS[i], ARGV[i]) end
end
return 1`;

const RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

export class ClusterNode implements ClusterService {
  readonly id = randomBytes(6).toString('hex');
  private readonly db: Database;
  private readonly prefix: string;
  private readonly hb: number;
  private readonly ttl: number;
  private readonly admitMs: number;
  private readonly refreshEvery: number;
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;
  private ticks = 0;
  /** the whole of this member's state must be written again (first contact, Redis back) */
  private resync = true;
  private members: MemberRecord[] = [];
  private directorId: string | null = null;
  private readonly director: DirectorListener;
  private directorError: string | null = null;
  /** clients sent to each member since its record was last read (its count lags by a heartbeat) */
  private pending = new Map<string, number>();
  private rr = 0;
  private replies = new Map<string, (n: number) => void>();
  private closed = false;
  /** heartbeats since Redis was (re)connected */
  private seen = 0;
  /** the index slot held (src/cluster/slots.ts), and the last one held, wanted back after an outage */
  private slot: number | null = null;
  private wanted = 0;
  /** Redis went away once: a new slot is then taken only with a member view two heartbeats old */
  private hadOutage = false;
  private slotTold = false;
  private readonly numbering = new IndexNumbering();
  /** this member's name for redirect-fqdn: the reverse lookup of its public address */
  private readonly reverse = new ReverseName();
  private readonly slotKeys: string[];
  /** the cluster's peaks as the last heartbeat left them in Redis */
  private peaks = { sessions: 0, tunnels: 0 };

  constructor(private settings: ClusterSettings, private readonly local: LocalMember, private readonly o: NodeOptions) {
    this.hb = o.heartbeatMs ?? 1000;
    this.ttl = o.ttlMs ?? 3 * this.hb;
    this.admitMs = o.admitMs ?? 300;
    this.refreshEvery = o.refreshEvery ?? 10;
    this.prefix = `headend:lb:${settings.clusterIp ?? 'default'}:`;
    this.slotKeys = slotKeys(this.prefix);
    const shown = maskedDatabase(settings.database);
    this.db = openDatabase(settings.database, {
      down: (why) => { this.hadOutage = true; o.log(`%HEADEND-4-750001: Cluster database ${shown} unreachable (${why}): serving this member's sessions only`); },
      up: () => { this.resync = true; this.seen = 0; o.log(`%HEADEND-6-750002: Cluster database ${shown} reachable`); void this.tick(); },
    });
    this.director = new DirectorListener(() => local.identity(), () => this.pick());
    this.db.sub.on('ready', () => { void this.db.sub.subscribe(this.key('cmd'), this.key(`reply:${this.id}`)).catch(() => undefined); });
    this.db.sub.on('message', (channel: string, text: string) => this.onMessage(channel, text));
  }

  private key(k: string): string { return this.prefix + k; }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => { void this.tick(); }, this.hb);
    this.timer.unref();
    void this.tick();
  }

  update(s: ClusterSettings): void { this.settings = s; }

  get ops(): number { return this.db.ops; }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.director.close();
    if (this.db.up) {
      // leave at once rather than at expiry: the lease, the member record and its sessions
      try {
        const m = this.db.cmd.multi().eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end", 1, this.key('director'), this.id)
          .zrem(this.key('members'), this.id).del(this.key(`member:${this.id}`), this.key(`sess:${this.id}`));
        if (this.slot) m.eval(RELEASE, 1, this.slotKeys[this.slot - 1], this.id);
        await m.exec();
      } catch { /* it expires anyway */ }
    }
    this.db.close();
  }

  // ---- heartbeat --------------------------------------------------------------------------------

  private self(): MemberRecord {
    const l = this.local.listener();
    const list = this.local.sessions();
    const st = this.local.stats();
    return {
      id: this.id, name: this.settings.name, priority: this.settings.priority,
      publicIp: this.settings.publicIp ?? l?.address ?? '0.0.0.0', port: l?.port ?? this.settings.port,
      fqdn: this.reverse.get(this.settings.publicIp ?? l?.address ?? ''), sessions: list.length, capacity: this.settings.capacity, otherCapacity: this.settings.otherCapacity,
      tunnels: list.filter((s) => s.tunnel).length, cumulative: st.cumulative, peak: st.peak,
      tunnelsCumulative: st.tunnelsCumulative, tunnelsPeak: st.tunnelsPeak, at: Date.now(),
    };
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.closed || !this.db.up) { if (!this.db.up) this.loseDirectorIfRedisBackElsewhere(); return; }
    this.ticking = true;
    try {
      const now = Date.now();
      const me = this.self();
      const r = this.db.cmd;
      const res = await r.multi()
        .set(this.key(`member:${this.id}`), JSON.stringify(me), 'PX', this.ttl)
        .zadd(this.key('members'), now + this.ttl, this.id)
        .zremrangebyscore(this.key('members'), '-inf', now)
        .pexpire(this.key(`sess:${this.id}`), this.ttl)
        .zrangebyscore(this.key('members'), now, '+inf')
        .get(this.key('director'))
        .mget(this.key('peak'), this.key('tunnels-peak'))
        .exec();
      this.db.ops += 7;
      const ids = (res?.[4]?.[1] as string[] | undefined) ?? [];
      let directorId = (res?.[5]?.[1] as string | null | undefined) ?? null;
      const recs = ids.length ? await r.mget(...ids.map((i) => this.key(`member:${i}`))) : [];
      this.db.ops++;
      this.seen++;
      this.members = recs.flatMap((t) => { const m = t ? decodeMember(t) : null; return m ? [m] : []; });
      const at = this.members.findIndex((m) => m.id === this.id);
      if (at < 0) this.members.push(me); else this.members[at] = me;
      const peaks = (res?.[6]?.[1] as (string | null)[] | undefined) ?? [];
      this.peaks = { sessions: Number(peaks[0]) || 0, tunnels: Number(peaks[1]) || 0 };
      this.pending.clear();
      if (directorId === this.id) {
        const kept = await r.eval(RENEW, 1, this.key('director'), this.id, String(this.ttl));
        this.db.ops++;
        if (!kept) directorId = null;
      } else if (directorId === null && (this.directorId === this.id || (this.seen >= 2 && this.best()?.id === this.id))) {
        // a free lease: the director that lost it with Redis's data takes it back at once (it still
        // serves the cluster address); the others contend only with a member list two heartbeats old,
        // so that a Redis that came back empty does not hand the role to whoever reconnected first
        const got = await r.set(this.key('director'), this.id, 'PX', this.ttl, 'NX');
        this.db.ops++;
        if (got === 'OK') directorId = this.id;
      }
      this.directorId = directorId;
      if (directorId === this.id) {
        // the cluster's peaks: its total of sessions and of tunnels as this heartbeat sees them
        const total = (k: 'sessions' | 'tunnels'): number => this.members.reduce((a, m) => a + m[k], 0);
        await r.eval(PEAK, 2, this.key('peak'), this.key('tunnels-peak'), String(total('sessions')), String(total('tunnels')));
        this.db.ops++;
      }
      await this.claimSlot();
      await this.serveClusterAddress(directorId === this.id);
      if (this.resync || ++this.ticks % this.refreshEvery === 0) await this.writeAll(this.resync);
      this.resync = false;
    } catch {
      // a failed heartbeat: the connection's events say whether Redis is gone
    } finally {
      this.ticking = false;
    }
  }

  /**
   * renews this member's index slot, or takes one: the one it held before first (after an outage
   * Redis may have come back empty), a new one at once on first contact, else only with a member
   * view two heartbeats old, so that the members that held slots get theirs back first
   */
  private async claimSlot(): Promise<void> {
    const want = this.slot ?? this.wanted;
    const allowNew = !this.hadOutage || this.seen >= 2;
    const got = Number(await this.db.cmd.eval(CLAIM, this.slotKeys.length, ...this.slotKeys, this.id, String(this.ttl), String(want), allowNew ? '1' : '0'));
    this.db.ops++;
    const slot = got > 0 ? got : null;
    if (slot !== null && this.wanted && slot !== this.wanted) {
      this.o.log(`%HEADEND-4-750004: index slot ${this.wanted} is held by another member: new sessions are numbered in slot ${slot}; sessions numbered before keep their indexes`);
    }
    if (slot === null && allowNew && !this.slotTold) {
      this.slotTold = true;
      this.o.log('%HEADEND-4-750005: no index slot is free (15 members hold them): this member numbers its sessions 16, 32, 48 ..., which other such members may repeat');
    }
    if (slot !== null) { this.wanted = slot; this.slotTold = false; }
    // a slot not renewed (Redis came back and another member has it, or none is free) is not used further
    this.slot = slot;
  }

  /** the index of a new local session (src/cluster/slots.ts): no Redis call, none waited on */
  sessionIndex(last: number): number {
    return this.numbering.next(this.slot, last);
  }

  /** the member that should hold the lease when it is free: highest priority, then lowest id */
  private best(): MemberRecord | undefined {
    return [...this.members].sort((a, b) => b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0];
  }

  /** while Redis is away the director keeps serving (no one else can take the lease meanwhile) */
  private loseDirectorIfRedisBackElsewhere(): void { /* the next successful heartbeat decides */ }

  private async serveClusterAddress(director: boolean): Promise<void> {
    const ip = this.settings.clusterIp;
    if (!director || !ip) {
      if (this.director.listening) this.director.close();
      return;
    }
    if (this.director.listening) return;
    const err = await this.director.open(ip, this.settings.port);
    if (err && err !== this.directorError) this.o.log(`%HEADEND-3-750003: cannot serve the cluster address ${ip}:${this.settings.port}: ${err}`);
    this.directorError = err;
  }

  /** the least-loaded member, counting the clients already sent its way */
  private pick(): RedirectTarget | null {
    // the members of the last heartbeat: Redis expired the dead ones (a record's own time says
    // nothing when its writer's loop is busy with logins)
    const load = (m: MemberRecord): number => (m.sessions + (this.pending.get(m.id) ?? 0)) / Math.max(1, m.capacity);
    // a member at its session limit would refuse the login: it is not sent more
    const live = this.members.filter((m) => m.publicIp !== '0.0.0.0' && load(m) < 1);
    if (!live.length) return null;
    const least = Math.min(...live.map(load));
    const ties = live.filter((m) => load(m) === least);
    const m = ties[this.rr++ % ties.length];
    this.pending.set(m.id, (this.pending.get(m.id) ?? 0) + 1);
    return { host: this.settings.redirectFqdn && m.fqdn ? m.fqdn : m.publicIp, port: m.port };
  }

  // ---- this member's sessions -------------------------------------------------------------------

  /** every local session written again; on resync the user index too, and strays removed */
  private async writeAll(full: boolean): Promise<void> {
    const list = this.local.sessions();
    const r = this.db.cmd;
    const m = r.multi();
    let n = 0;
    if (full) { m.del(this.key(`sess:${this.id}`)); n++; }
    if (list.length) {
      m.hset(this.key(`sess:${this.id}`), Object.fromEntries(list.map((s) => [String(s.index), encodeRecord(s)])));
      n++;
      if (full) for (const s of list) { m.zadd(this.key(`user:${s.user}`), s.loginTime.getTime(), `${this.id}:${s.index}`); n++; }
    }
    m.pexpire(this.key(`sess:${this.id}`), this.ttl);
    await m.exec();
    this.db.ops += n + 1;
  }

  /**
   * the gateway's events, written as they happen and never waited for: a new session (its record,
   * the hash's expiry, the user index), a changed one (its record: the hash keeps its expiry), an
   * ended one. A pipeline, not MULTI: each command stands alone, and MULTI/EXEC would double the count
   */
  sessionChanged(s: SessionRecord, change: 'start' | 'update' | 'end'): void {
    if (!this.db.up) { this.resync = true; return; }
    const h = this.key(`sess:${this.id}`);
    const p = this.db.cmd.pipeline();
    if (change === 'end') p.hdel(h, String(s.index)).zrem(this.key(`user:${s.user}`), `${this.id}:${s.index}`);
    else p.hset(h, String(s.index), encodeRecord(s));
    if (change === 'start') p.pexpire(h, this.ttl).zadd(this.key(`user:${s.user}`), s.loginTime.getTime(), `${this.id}:${s.index}`);
    this.db.ops += change === 'start' ? 3 : change === 'end' ? 2 : 1;
    p.exec().then((res) => { if (res?.some(([e]) => e)) this.resync = true; }, () => { this.resync = true; });
  }

  /**
   * vpn-simultaneous-logins across the cluster: the local table has made room already (it holds
   * fewer than `limit` of the user's sessions); the user's sessions on other members are ended,
   * oldest first, until the new one fits. Bounded by admitMs; without Redis the local check stands.
   */
  async admit(user: string, limit: number, localCount: number): Promise<void> {
    if (!this.db.up || limit <= 0) return;
    const work = (async () => {
      const refs = await this.db.cmd.zrange(this.key(`user:${user}`), 0, -1);
      this.db.ops++;
      const live = new Set(this.members.map((m) => m.id));
      const remote: { member: string; index: number }[] = [];
      const stale: string[] = [];
      for (const ref of refs) {
        const [member, index] = ref.split(':');
        if (member === this.id) continue;
        if (!live.has(member)) stale.push(ref);
        else remote.push({ member, index: Number(index) });
      }
      if (stale.length) { void this.db.cmd.zrem(this.key(`user:${user}`), ...stale).catch(() => undefined); this.db.ops++; }
      let total = localCount + remote.length;
      for (const v of remote) {
        if (total < limit) break;
        await this.db.cmd.publish(this.key('cmd'), JSON.stringify({ op: 'end', member: v.member, index: v.index, reason: 'Connection Preempted' }));
        this.db.ops++;
        total--;
      }
    })();
    await Promise.race([work.catch(() => undefined), new Promise((r) => setTimeout(r, this.admitMs).unref())]);
  }

  // ---- commands between members -----------------------------------------------------------------

  private onMessage(channel: string, text: string): void {
    if (text.length > 4096) return;
    let msg: { op?: string; from?: string; req?: string; member?: string; index?: number; filter?: LogoffFilter; reason?: string; n?: number };
    try { msg = JSON.parse(text); } catch { return; }
    if (channel === this.key(`reply:${this.id}`)) {
      if (typeof msg.req === 'string' && typeof msg.n === 'number') this.replies.get(msg.req)?.(msg.n);
      return;
    }
    const reason = typeof msg.reason === 'string' ? msg.reason.slice(0, 64) : 'Administrator Reset';
    if (msg.op === 'end' && msg.member === this.id && typeof msg.index === 'number') {
      this.local.logoff({ index: msg.index }, reason);
    } else if (msg.op === 'logoff' && msg.from !== this.id && msg.filter && typeof msg.req === 'string' && typeof msg.from === 'string') {
      const f = msg.filter as Record<string, unknown>;
      const filter: LogoffFilter | null = f.all === true ? { all: true } : typeof f.name === 'string' ? { name: f.name }
        : typeof f.tunnelGroup === 'string' ? { tunnelGroup: f.tunnelGroup }
        : typeof f.index === 'number' && Number.isSafeInteger(f.index) ? { index: f.index } : null;
      if (!filter) return;
      const n = this.local.logoff(filter, reason);
      void this.db.cmd.publish(this.key(`reply:${msg.from}`), JSON.stringify({ req: msg.req, n })).catch(() => undefined);
    }
  }

  // ---- ClusterService ---------------------------------------------------------------------------

  status(): ClusterStatus {
    const role = this.directorId === this.id ? 'Director' : 'Member';
    const members: MemberInfo[] = this.members.map((m) => ({
      id: m.id, name: m.name, role: m.id === this.directorId ? 'Director' : 'Member', priority: m.priority,
      publicIp: m.publicIp, port: m.port, fqdn: m.fqdn, sessions: m.id === this.id ? this.local.sessions().length : m.sessions,
      capacity: m.capacity, otherCapacity: m.otherCapacity, self: m.id === this.id,
    }));
    return {
      clusterIp: this.settings.clusterIp, encryption: this.settings.encryption, database: maskedDatabase(this.settings.database),
      databaseUp: this.db.up, databaseError: this.db.lastError, role,
      serving: this.director.listening ? `${this.settings.clusterIp}:${this.settings.port}` : null, members,
    };
  }

  stats(): SessionStats | null {
    if (!this.db.up) return null;
    const others = this.members.filter((m) => m.id !== this.id);
    const own = this.local.stats();
    const list = this.local.sessions();
    const sum = (k: 'cumulative' | 'tunnelsCumulative'): number => others.reduce((a, m) => a + m[k], own[k]);
    const now = others.reduce((a, m) => a + m.sessions, list.length);
    const tunnelsNow = others.reduce((a, m) => a + m.tunnels, list.filter((s) => s.tunnel).length);
    const peak = (k: 'peak' | 'tunnelsPeak'): number => Math.max(own[k], ...others.map((m) => m[k]));
    return {
      cumulative: sum('cumulative'), tunnelsCumulative: sum('tunnelsCumulative'),
      peak: Math.max(this.peaks.sessions, peak('peak'), now), tunnelsPeak: Math.max(this.peaks.tunnels, peak('tunnelsPeak'), tunnelsNow),
    };
  }

  async sessions(): Promise<SessionRecord[] | null> {
    if (!this.db.up) return null;
    const work = (async () => {
      const now = Date.now();
      const ids = await this.db.cmd.zrangebyscore(this.key('members'), now, '+inf');
      const names = new Map(this.members.map((m) => [m.id, m.name]));
      const p = this.db.cmd.pipeline();
      for (const id of ids) p.hgetall(this.key(`sess:${id}`));
      const res = (await p.exec()) ?? [];
      this.db.ops += 1 + ids.length;
      const out: SessionRecord[] = [];
      ids.forEach((id, i) => {
        if (id === this.id) { out.push(...this.local.sessions().map((s) => ({ ...s, member: this.settings.name }))); return; }
        const h = (res[i]?.[1] ?? {}) as Record<string, string>;
        for (const v of Object.values(h)) { const rec = decodeRecord(v, names.get(id) ?? id); if (rec) out.push(rec); }
      });
      if (!ids.includes(this.id)) out.push(...this.local.sessions().map((s) => ({ ...s, member: this.settings.name })));
      return out.sort((a, b) => (a.member! < b.member! ? -1 : a.member! > b.member! ? 1 : a.index - b.index));
    })();
    return Promise.race([work.catch(() => null), new Promise<null>((r) => setTimeout(() => r(null), 1000).unref())]);
  }

  async logoff(filter: LogoffFilter, reason: string): Promise<number> {
    const mine = this.local.logoff(filter, reason);
    // an index names one session of the cluster (src/cluster/slots.ts): found here, it is nowhere else
    if (('index' in filter && mine > 0) || !this.db.up) return mine;
    const others = this.members.filter((m) => m.id !== this.id).length;
    if (!others) return mine;
    const req = randomBytes(6).toString('hex');
    let sum = 0;
    let got = 0;
    const done = new Promise<void>((resolve) => {
      const t = setTimeout(resolve, 1500);
      t.unref();
      this.replies.set(req, (n) => { sum += n; if (++got >= others) { clearTimeout(t); resolve(); } });
    });
    try {
      await this.db.cmd.publish(this.key('cmd'), JSON.stringify({ op: 'logoff', from: this.id, req, filter, reason }));
      this.db.ops++;
      await done;
    } catch { /* Redis went away: this member's part is done */ }
    this.replies.delete(req);
    return mine + sum;
  }
}
