// The X-CSTP-* headers of the CONNECT reply, derived from the session's EffectivePolicy and what the
// client asked for. No X-DTLS-* header is ever sent: the gateway runs as `tls-only`, which makes
// openconnect log "DTLS disabled" and carry everything over CSTP.
import { coreManifestXml, customAttrXml } from './auth-xml.ts';
import type { EffectivePolicy } from './view.ts';

/** `anyconnect mtu` default and upper bound */
export const DEFAULT_MTU = 1406;
const MIN_MTU = 576;

export interface ConnectParams {
  policy: EffectivePolicy;
  v4: { address: string; mask: string; gateway: string | null } | null;
  v6: { address: string; len: number; gateway: string | null } | null;
  /** lower-cased request headers of the CONNECT */
  request: Record<string, string>;
  /** seconds left before the session timeout, null without one */
  sessionRemainingSec: number | null;
}

export interface ConnectPlan {
  headers: [string, string][];
  mtu: number;
  compression: 'deflate' | 'none';
}

/** Whether the client can take an IPv6 address (absent with openconnect --disable-ipv6). */
export function clientWantsIpv6(request: Record<string, string>): boolean {
  const types = (request['x-cstp-address-type'] ?? '').split(',').map((t) => t.trim().toLowerCase());
  return types.includes('ipv6') || request['x-cstp-full-ipv6-capability'] === 'true';
}

/** Banner text goes out percent-escaped: openconnect (and CISCO_BANNER) decode %XX, and headers cannot hold newlines. */
export function escapeBanner(lines: string[]): string {
  return Buffer.from(lines.join('\n'), 'utf8').toString('latin1')
    .replace(/[%\x00-\x1f\x7f-\xff]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

function inNet(addr: string, net: string, mask: string): boolean {
  const num = (a: string): number => a.split('.').reduce((n, o) => n * 256 + (+o), 0);
  const m = num(mask);
  return ((num(addr) & m) >>> 0) === ((num(net) & m) >>> 0);
}

export function planConnect(p: ConnectParams): ConnectPlan {
  const pol = p.policy;
  const h: [string, string][] = [['X-CSTP-Version', '1']];
  if (p.v4) {
    h.push(['X-CSTP-Address', p.v4.address], ['X-CSTP-Netmask', p.v4.mask]);
  }
  if (p.v6) h.push(['X-CSTP-Address-IP6', `${p.v6.address}/${p.v6.len}`]);
  for (const d of pol.dnsServers.slice(0, 3)) h.push([d.includes(':') ? 'X-CSTP-DNS-IP6' : 'X-CSTP-DNS', d]);
  for (const w of pol.winsServers.slice(0, 2)) h.push(['X-CSTP-NBNS', w]);

  if (p.sessionRemainingSec !== null) {
    const left = Math.max(1, Math.floor(p.sessionRemainingSec));
    h.push(['X-CSTP-Lease-Duration', String(left)], ['X-CSTP-Session-Timeout', String((pol.sessionTimeoutMin ?? 0) * 60)]);
    h.push(['X-CSTP-Session-Timeout-Alert-Interval', String(pol.sessionTimeoutAlertMin * 60)], ['X-CSTP-Session-Timeout-Remaining', String(left)]);
  } else {
    h.push(['X-CSTP-Session-Timeout', 'none'], ['X-CSTP-Session-Timeout-Remaining', 'none']);
  }
  const idle = pol.idleTimeoutMin === null ? 'none' : String(pol.idleTimeoutMin * 60);
  // the ASA ties the cookie's survival after a drop to the idle timer
  h.push(['X-CSTP-Idle-Timeout', idle], ['X-CSTP-Disconnected-Timeout', idle]);
  if (pol.defaultDomain) h.push(['X-CSTP-Default-Domain', pol.defaultDomain]);

  if (pol.splitTunnelPolicy === 'tunnelspecified') {
    for (const n of pol.splitNetworks) h.push(n.address.includes(':') ? ['X-CSTP-Split-Include-IP6', `${n.address}/${n.mask}`] : ['X-CSTP-Split-Include', `${n.address}/${n.mask}`]);
    // The gateway's own tunnel address must be routed into the tunnel for pings to it to work.
    const gw = p.v4?.gateway;
    if (gw && !pol.splitNetworks.some((n) => !n.address.includes(':') && inNet(gw, n.address, n.mask))) {
      h.push(['X-CSTP-Split-Include', `${gw}/255.255.255.255`]);
    }
  } else if (pol.splitTunnelPolicy === 'excludespecified') {
    for (const n of pol.splitNetworks) h.push(n.address.includes(':') ? ['X-CSTP-Split-Exclude-IP6', `${n.address}/${n.mask}`] : ['X-CSTP-Split-Exclude', `${n.address}/${n.mask}`]);
  }
  for (const d of pol.splitDns) h.push(['X-CSTP-Split-DNS', d]);

  h.push(['X-CSTP-Keep', pol.keepInstaller ? 'true' : 'false']);
  if (pol.rekeyMethod !== 'none' && pol.rekeyTimeMin) {
    h.push(['X-CSTP-Rekey-Time', String(pol.rekeyTimeMin * 60)], ['X-CSTP-Rekey-Method', pol.rekeyMethod]);
  } else {
    h.push(['X-CSTP-Rekey-Method', 'none']);
  }
  if (pol.dpdClientSec) h.push(['X-CSTP-DPD', String(pol.dpdClientSec)]);
  if (pol.keepaliveSec) h.push(['X-CSTP-Keepalive', String(pol.keepaliveSec)]);

  const accepts = (p.request['x-cstp-accept-encoding'] ?? '').split(',').map((e) => e.trim().toLowerCase());
  const compression: 'deflate' | 'none' = pol.compression === 'deflate' && accepts.includes('deflate') ? 'deflate' : 'none';
  if (compression === 'deflate') h.push(['X-CSTP-Content-Encoding', 'deflate']);

  let mtu = Math.min(pol.mtu ?? DEFAULT_MTU, DEFAULT_MTU);
  const asked = Number(p.request['x-cstp-mtu']);
  if (Number.isInteger(asked) && asked >= MIN_MTU) mtu = Math.min(mtu, asked);
  mtu = Math.max(mtu, MIN_MTU);
  const base = Number(p.request['x-cstp-base-mtu']);
  h.push(['X-CSTP-Base-MTU', String(Number.isInteger(base) && base >= MIN_MTU ? Math.min(base, 1500) : 1500)]);
  h.push(['X-CSTP-MTU', String(mtu)]);
  h.push(['X-CSTP-TCP-Keepalive', 'true']);
  if (pol.banner.length) h.push(['X-CSTP-Banner', escapeBanner(pol.banner)]);

  const attrs = pol.customAttrs.map((a) => ({ type: a.type, value: a.values.map((v) => v.value).join(',') }));
  const xml = customAttrXml(attrs) + coreManifestXml(undefined, pol.modules);
  if (xml) {
    h.push(['X-CSTP-Post-Auth-XML', `<?xml version="1.0" encoding="UTF-8"?><config-auth client="vpn" type="complete" aggregate-auth-version="2"><config client="vpn" type="private"><opaque is-for="vpn-client">${xml}</opaque></config></config-auth>`.replace(/[\r\n]/g, ' ')]);
  }
  return { headers: h, mtu, compression };
}
