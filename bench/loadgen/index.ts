// The load generator: many AnyConnect sessions (anyconnect.ts) in one process, at most `concurrency`
// logins in flight, every held tunnel driven by one shared timer. Loopback only. Used by the
// benchmarks (bench/gateway-vs-ocserv.ts, bench/sessiondb.ts) and the reliability tests, against
// headend and ocserv alike.
import { connectTunnel, HeldTunnel, LoadgenError, login, type EndReason, type Target } from './anyconnect.ts';

export { HeldTunnel, LoadgenError, login, connectTunnel, type Target, type EndReason } from './anyconnect.ts';

export interface LoadGenOptions extends Target {
  /** the credentials of session number i */
  credentials(i: number): { user: string; password: string };
  /** logins + CONNECTs in flight at once (default 64) */
  concurrency?: number;
  /** use this keepalive instead of the server's X-CSTP-Keepalive (0 = the server's) */
  keepaliveSec?: number;
  /** keepalive/DPD timer resolution (default 500 ms) */
  tickMs?: number;
}

export interface RunResult {
  attempted: number;
  ok: number;
  failed: number;
  ms: number;
  /** failures by kind (auth-failed, cookie-rejected, closed, tls-timeout, …) */
  errors: Record<string, number>;
  firstError?: string;
}

const isLoopback = (h: string): boolean => /^127\./.test(h) || h === '::1' || h === 'localhost';

/** runs fn(i) for i in [from, from+count) with at most `limit` in flight */
export async function bounded(count: number, limit: number, fn: (i: number) => Promise<void>, from = 0): Promise<void> {
  let next = from;
  const end = from + count;
  const worker = async (): Promise<void> => {
    while (next < end) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, count)) }, worker));
}

export class LoadGen {
  /** held tunnels by session number */
  readonly live = new Map<number, HeldTunnel>();
  /** how held tunnels ended that the generator did not end itself */
  readonly ended: Partial<Record<EndReason, number>> = {};
  private timer: NodeJS.Timeout;

  constructor(readonly opts: LoadGenOptions) {
    if (!isLoopback(opts.host)) throw new Error(`loadgen: ${opts.host} is not a loopback address`);
    this.timer = setInterval(() => {
      const now = Date.now();
      for (const t of this.live.values()) t.tick(now);
    }, opts.tickMs ?? 500);
    this.timer.unref();
  }

  private record(r: RunResult, e: unknown): void {
    r.failed++;
    const kind = e instanceof LoadgenError ? e.kind : 'error';
    r.errors[kind] = (r.errors[kind] ?? 0) + 1;
    r.firstError ??= `${kind}: ${(e as Error).message}`;
  }

  /** logs in and CONNECTs session i on one connection, as openconnect does; the tunnel is held */
  async open(i: number): Promise<HeldTunnel> {
    const c = this.opts.credentials(i);
    const l = await login(this.opts, c.user, c.password);
    const { sock, params, early } = await connectTunnel(this.opts, l.cookie, l, `loadgen-${i}`);
    if (this.opts.keepaliveSec) params.keepaliveSec = this.opts.keepaliveSec;
    const t = new HeldTunnel(sock, i, l.cookie, params, early);
    this.live.get(i)?.destroy();
    this.live.set(i, t);
    t.onEnd = (tt, why) => {
      if (this.live.get(i) === tt) this.live.delete(i);
      if (why !== 'logoff' && why !== 'destroyed') this.ended[why] = (this.ended[why] ?? 0) + 1;
    };
    return t;
  }

  /** opens sessions from..from+count-1 and keeps them */
  async establish(count: number, from = 0, onProgress?: (done: number) => void): Promise<RunResult> {
    const r: RunResult = { attempted: count, ok: 0, failed: 0, ms: 0, errors: {} };
    const t0 = performance.now();
    await bounded(count, this.opts.concurrency ?? 64, async (i) => {
      try { await this.open(i); r.ok++; } catch (e) { this.record(r, e); }
      onProgress?.(r.ok + r.failed);
    }, from);
    r.ms = performance.now() - t0;
    return r;
  }

  /**
   * Login, CONNECT and user logoff (DISCONNECT 0xb0), `count` times: the session set-up rate when the
   * address pool is smaller than the number of sessions.
   */
  async cycle(count: number, from = 0): Promise<RunResult> {
    const r: RunResult = { attempted: count, ok: 0, failed: 0, ms: 0, errors: {} };
    const t0 = performance.now();
    await bounded(count, this.opts.concurrency ?? 64, async (i) => {
      try {
        const t = await this.open(i);
        r.ok++;
        await t.logoff();
      } catch (e) { this.record(r, e); }
    }, from);
    r.ms = performance.now() - t0;
    return r;
  }

  /** user logoff of every held tunnel (bounded, so a large set does not burst) */
  async logoffAll(limit = 256): Promise<number> {
    const all = [...this.live.values()];
    await bounded(all.length, limit, async (k) => { await all[k].logoff(); });
    return all.length;
  }

  /** counters summed over the held tunnels */
  counters(): { keepalive: number; dpdReq: number; dpdResp: number; rx: number } {
    const c = { keepalive: 0, dpdReq: 0, dpdResp: 0, rx: 0 };
    for (const t of this.live.values()) { c.keepalive += t.counts.keepalive; c.dpdReq += t.counts.dpdReq; c.dpdResp += t.counts.dpdResp; c.rx += t.counts.rx; }
    return c;
  }

  /** drops every connection without a goodbye and stops the timer */
  close(): void {
    clearInterval(this.timer);
    for (const t of this.live.values()) t.destroy();
    this.live.clear();
  }
}
