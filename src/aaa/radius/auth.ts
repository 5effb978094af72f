// A PAP Access-Request (with Message-Authenticator) to a RADIUS group, host after host as
// src/aaa/servers.ts orders them, and what the answer means for the login: accepted with the
// attributes an ASA applies (Class `OU=name;` or the Cisco Group-Policy VSA, Framed-IP-Address),
// rejected, challenged (Reply-Message and State: a second prompt), or no host answered.
import { aaaServer as A } from '../../../grammar/aaa-server.ts';
import { argDefault } from '../../config/defaults.ts';
import type { AaaServerGroup } from '../../config/model.ts';
import type { AaaServers, HostView } from '../servers.ts';
import type { ServerAttributes } from '../types.ts';
import { accessRequest, all, cisco, type Attr, type Reply } from './packet.ts';
import type { Destination } from './transport.ts';

export type GroupVerdict =
  | { kind: 'accept'; host: string; attributes: ServerAttributes }
  | { kind: 'reject'; host: string; message?: string }
  | { kind: 'challenge'; host: string; message: string; state: string }
  /** LDAP under `password-management`: the right password has expired; `state` names the pending change */
  | { kind: 'password-change'; host: string; message: string; state: string }
  | { kind: 'down'; detail: string };

export interface RadiusLogin {
  user: string;
  password: string;
  /** the client's address: Calling-Station-Id */
  source: string;
  tunnelGroup?: string;
  /** the State of the Access-Challenge this password answers (base64) */
  state?: string;
}

const text = (v: unknown): string => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v ?? ''));

/** ASA reads the group-policy from Class as `OU=name;` (older) or the bare name */
export function classGroupPolicy(v: string): string | undefined {
  const m = /(?:^|;)\s*OU=([^;]+)/i.exec(v);
  const name = (m ? m[1] : v).trim();
  return name && !/[\s=]/.test(name) ? name : undefined;
}

export function replyAttributes(r: Reply): ServerAttributes {
  const out: ServerAttributes = {};
  const classes = all(r.attributes, 'Class').map((v) => (Buffer.isBuffer(v) ? v : Buffer.from(String(v))));
  if (classes.length) out.classes = classes.map((b) => b.toString('base64'));
  const vsa = cisco(r.attributes)['ASA-Group-Policy'];
  const gp = vsa !== undefined ? text(vsa).trim() : classes.map((b) => classGroupPolicy(b.toString('utf8'))).find(Boolean);
  if (gp) out.groupPolicy = gp;
  const ip = r.attributes['Framed-IP-Address'];
  if (typeof ip === 'string' && /^\d+\.\d+\.\d+\.\d+$/.test(ip) && ip !== '255.255.255.254' && ip !== '255.255.255.255') {
    const mask = r.attributes['Framed-IP-Netmask'];
    out.framedIp = { address: ip, mask: typeof mask === 'string' ? mask : '255.255.255.255' };
  }
  return out;
}

export function hostDestination(v: HostView, accounting = false): Destination {
  const port = accounting
    ? v.host.attrs.get(A.accountingPort)?.args.PORT ?? argDefault(A.accountingPort, 'PORT')
    : v.host.attrs.get(A.authenticationPort)?.args.PORT ?? argDefault(A.authenticationPort, 'PORT');
  return { address: v.host.addr, port, secret: v.host.attrs.get(A.key)?.args.KEY ?? '' };
}

export function hostTiming(v: HostView): { timeoutMs: number; retryMs: number } {
  const timeout = v.host.attrs.get(A.timeout)?.args.SECONDS ?? argDefault(A.timeout, 'SECONDS');
  const retry = v.host.attrs.get(A.retryInterval)?.args.SECONDS ?? argDefault(A.retryInterval, 'SECONDS');
  return { timeoutMs: timeout * 1000, retryMs: Math.min(retry, timeout) * 1000 };
}

function loginAttrs(servers: AaaServers, v: HostView, l: RadiusLogin): Attr[] {
  const a: Attr[] = [['User-Name', l.user], ['User-Password', l.password], ['NAS-Port-Type', 'Virtual'], ['Calling-Station-Id', l.source]];
  const nas = servers.nasAddress(v.host);
  a.push(['NAS-IP-Address', nas ?? '127.0.0.1']);
  if (l.tunnelGroup) a.push(['Vendor-Specific', 3076, [['ASA-Tunnel-Group-Name', l.tunnelGroup]]]);
  if (l.state) a.push(['State', Buffer.from(l.state, 'base64')]);
  return a;
}

/**
 * The host's destination with its name resolved (src/aaa/resolver.ts), and what is left of the
 * host's timeout for the request: the lookup and the exchange together take no longer than
 * `timeout`. Undefined: no `key` (a reply could not be checked), no address for the name, or no time left.
 */
export async function resolvedDestination(servers: AaaServers, v: HostView, accounting = false): Promise<{ dest: Destination; timing: { timeoutMs: number; retryMs: number } } | undefined> {
  const d = hostDestination(v, accounting);
  if (!d.secret) return undefined;
  const t = hostTiming(v);
  const t0 = Date.now();
  const r = await servers.resolver.resolve(d.address, t.timeoutMs);
  const left = t.timeoutMs - (Date.now() - t0);
  if (!('address' in r) || left <= 0) return undefined;
  return { dest: { ...d, address: r.address }, timing: { timeoutMs: left, retryMs: Math.min(t.retryMs, left) } };
}

/**
 * one host: its verdict, or undefined when it did not answer. `authorization`: the request asks the
 * user's attributes after another server (or LOCAL) authenticated them, and counts as one
 */
export async function askHost(servers: AaaServers, v: HostView, l: RadiusLogin, authorization = false): Promise<GroupVerdict | undefined> {
  // RADIUS needs a shared secret: a host without `key` is never asked (it could not check a reply)
  if (!hostDestination(v).secret) return undefined;
  if (authorization) v.state.stats.authzRequests++; else v.state.stats.authRequests++;
  v.state.pending++;
  let o;
  try {
    const to = await resolvedDestination(servers, v);
    // a name with no address: the host cannot be asked, as if it did not answer
    if (!to) { servers.noAnswer(v); return undefined; }
    const { dest, timing } = to;
    o = await servers.radius.exchange(dest, (id) => accessRequest(id, dest.secret, loginAttrs(servers, v, l)), { ...timing, accounting: false });
  } finally {
    v.state.pending--;
  }
  if ('busy' in o) return undefined;
  v.state.stats.retransmissions += o.retransmissions;
  if ('timeout' in o) { servers.noAnswer(v); return undefined; }
  servers.answered(v, o.rttMs);
  const r = o.reply;
  const msg = all(r.attributes, 'Reply-Message').map(text).join('\n').slice(0, 1000);
  if (r.code === 'Access-Accept') { v.state.stats.accepts++; return { kind: 'accept', host: v.host.addr, attributes: replyAttributes(r) }; }
  if (r.code === 'Access-Challenge') {
    v.state.stats.challenges++;
    const st = r.attributes['State'];
    const state = Buffer.isBuffer(st) ? st : st !== undefined ? Buffer.from(String(st)) : Buffer.alloc(0);
    return { kind: 'challenge', host: v.host.addr, message: msg || 'Enter the response', state: state.subarray(0, 253).toString('base64') };
  }
  v.state.stats.rejects++;
  return { kind: 'reject', host: v.host.addr, ...(msg ? { message: msg } : {}) };
}

/**
 * The group's verdict. A challenge answer goes to the host that asked it (its State means nothing
 * to the others); a fresh login goes to the ACTIVE hosts in order.
 */
export async function radiusAuthenticate(servers: AaaServers, g: AaaServerGroup, l: RadiusLogin, host?: string): Promise<GroupVerdict> {
  const hosts = servers.activeHosts(g).filter((v) => host === undefined || v.host.addr === host);
  if (!hosts.length) return { kind: 'down', detail: `no active server in group ${g.name}` };
  for (const v of hosts) {
    const r = await askHost(servers, v, l);
    if (r) return r;
  }
  return { kind: 'down', detail: `no server of group ${g.name} answered` };
}
