// Session records as the cluster database holds them: one JSON value per session, dates as
// ISO strings. A record read back from Redis is another member's word about its own session, so it
// is checked for shape before it reaches a `show` (whose formatter escapes every text in it).
import type { SessionRecord } from '../gateway/api.ts';
import { isIP } from 'node:net';
import { isHostName } from './reverse-name.ts';

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

/** a member's heartbeat record (P:member:ID): where it takes clients, its load and its counters */
export interface MemberRecord {
  id: string; name: string; priority: number; publicIp: string; port: number; fqdn: string | null;
  sessions: number; capacity: number; otherCapacity: number;
  /** tunnels up now, and the member's own counters (the cluster's summary adds them up) */
  tunnels: number; cumulative: number; peak: number; tunnelsCumulative: number; tunnelsPeak: number;
  at: number;
}

const count = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const text = (v: unknown, max: number): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;

/** another member's record, checked for shape and size (it is shown and redirected to), or null */
export function decodeMember(t: string): MemberRecord | null {
  if (t.length > 4096) return null;
  let r: Record<string, unknown>;
  try { r = JSON.parse(t) as Record<string, unknown>; } catch { return null; }
  if (!r || typeof r !== 'object' || !text(r.id, 32) || !text(r.name, 64) || !text(r.publicIp, 64) || isIP(r.publicIp) === 0
    || !(r.fqdn === null || (text(r.fqdn, 253) && isHostName(r.fqdn))) || !count(r.priority) || !count(r.port) || r.port > 65535
    || !count(r.sessions) || !count(r.capacity) || !count(r.at)) return null;
  const n = (v: unknown): number => (count(v) ? v : 0);
  return {
    id: r.id, name: r.name, priority: r.priority, publicIp: r.publicIp, port: r.port, fqdn: r.fqdn as string | null,
    sessions: r.sessions, capacity: r.capacity, otherCapacity: n(r.otherCapacity), tunnels: n(r.tunnels),
    cumulative: n(r.cumulative), peak: n(r.peak), tunnelsCumulative: n(r.tunnelsCumulative), tunnelsPeak: n(r.tunnelsPeak), at: r.at,
  };
}
