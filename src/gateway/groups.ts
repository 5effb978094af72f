// Which tunnel-group a login belongs to: a matching group-url wins (the client cannot override it),
// then the group drop-down when `tunnel-group-list enable` is on, then DefaultWEBVPNGroup.
import { DEFAULT_WEBVPN_GROUP, type GroupEntry } from './view.ts';

const normPath = (p: string): string => {
  let s = p;
  try { s = decodeURIComponent(p); } catch { /* keep it raw */ }
  s = s.replace(/\/+$/, '');
  return (s || '/').toLowerCase();
};

const hostOnly = (host: string): string => {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.lastIndexOf(':');
  return colon >= 0 ? h.slice(0, colon) : h;
};

/**
 * The group whose enabled group-url matches the request. A URL matches on host and path; a URL with
 * a path other than "/" also matches on path alone, because clients often reach the headend by a
 * different name or address than the one configured.
 */
export function groupByUrl(groups: GroupEntry[], path: string, hostHeader: string | undefined): GroupEntry | undefined {
  const p = normPath(path);
  const host = hostHeader ? hostOnly(hostHeader) : '';
  let pathOnly: GroupEntry | undefined;
  for (const g of groups) {
    for (const u of g.urls) {
      let url: URL;
      try { url = new URL(u); } catch { continue; }
      const up = normPath(url.pathname);
      if (up !== p) continue;
      if (url.hostname.toLowerCase() === host) return g;
      if (up !== '/' && !pathOnly) pathOnly = g;
    }
  }
  return pathOnly;
}

export interface GroupChoice { group: GroupEntry; alias: string }

/** The drop-down entries: every enabled alias, in the order the view lists them. */
export function groupOptions(groups: GroupEntry[]): GroupChoice[] {
  return groups.flatMap((g) => g.aliases.map((alias) => ({ group: g, alias })));
}

/**
 * Resolves a <group-select> value among the offered groups: an alias first, then the tunnel-group
 * name of a group that has an alias (some clients send that instead of the label).
 */
export function groupBySelect(groups: GroupEntry[], value: string): GroupChoice | undefined {
  const v = value.trim().toLowerCase();
  if (!v) return undefined;
  const byAlias = groupOptions(groups).find((o) => o.alias.toLowerCase() === v);
  if (byAlias) return byAlias;
  const g = groups.find((x) => x.aliases.length > 0 && x.tunnelGroup.toLowerCase() === v);
  return g ? { group: g, alias: g.aliases[0] } : undefined;
}

export function defaultGroup(groups: GroupEntry[]): GroupEntry | undefined {
  return groups.find((g) => g.tunnelGroup === DEFAULT_WEBVPN_GROUP);
}
