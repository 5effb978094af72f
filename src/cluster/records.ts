// Session records as the cluster database holds them: one JSON value per session, dates as
// ISO strings. A record read back from Redis is another member's word about its own session, so it
// is checked for shape before it reaches a `show` (whose formatter escapes every text in it).
import type { SessionRecord } from '../gateway/api.ts';

/** the largest record accepted from the database (a real one is well under 2 KB) */
const MAX_RECORD = 16 * 1024;

/** the RADIUS Class values stay with the member that does the accounting */
export function encodeRecord(s: SessionRecord): string {
  const { classes: _classes, member: _member, ...rest } = s;
  return JSON.stringify(rest);
}

const isDate = (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v));

export function decodeRecord(text: string, member: string): SessionRecord | null {
  if (text.length > MAX_RECORD) return null;
  let r: Record<string, unknown>;
  try { r = JSON.parse(text) as Record<string, unknown>; } catch { return null; }
  if (!r || typeof r !== 'object' || typeof r.index !== 'number' || typeof r.user !== 'string'
    || !isDate(r.loginTime) || !isDate(r.lastActivity) || !Array.isArray(r.protocols)
    || !r.counters || typeof r.counters !== 'object') return null;
  const t = r.tunnel as Record<string, unknown> | null;
  const rec = {
    ...r,
    loginTime: new Date(r.loginTime),
    lastActivity: new Date(r.lastActivity),
    tunnel: t && isDate(t.connectedAt) ? { ...t, connectedAt: new Date(t.connectedAt) } : null,
    modules: Array.isArray(r.modules) ? r.modules : [],
    pathDrops: r.pathDrops ?? { spoofed: 0, filtered: 0, tooBig: 0 },
    member,
  } as unknown as SessionRecord;
  return rec;
}
