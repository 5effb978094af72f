// `show route` and `show interface` in an ASA 9.x's layout: the configured interfaces, the
// forwarding plane's TUN, and one VPN host route per connected client as an ASA lists them.
import ipaddr from 'ipaddr.js';
import type { ForwardingStatus, SessionRecord } from '../../gateway/api.ts';

export interface NamedInterface { hw: string; nameif: string | null; security: number; address: string | null; mask: string | null; shutdown: boolean; mtu: number }

// The code legend as ASA 9.x prints it (Cisco ASA Series Command Reference, `show route`)
const CODES = [
  'Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP',
  '       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area ',
  '       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2',
  '       E1 - OSPF external type 1, E2 - OSPF external type 2, V - VPN',
  '       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, L2 - IS-IS level-2',
  '       ia - IS-IS inter area, * - candidate default, U - per-user static route',
  '       o - ODR, P - periodic downloaded static route, + - replicated route',
  '       SI - Static InterVRF',
];

const HOST = '255.255.255.255';
const v4 = (a: string): number => ipaddr.IPv4.parse(a).toByteArray().reduce((n, b) => n * 256 + b, 0);
const network = (a: string, m: string): string =>
  ipaddr.fromByteArray(ipaddr.IPv4.parse(a).toByteArray().map((b, i) => b & ipaddr.IPv4.parse(m).toByteArray()[i])).toString();

/** `show route`: connected and local routes of the named interfaces, and a V route per VPN client */
export function formatRoute(ifaces: NamedInterface[], sessions: SessionRecord[]): string[] {
  const routes: { key: number; order: number; line: string }[] = [];
  const byAddress = new Map<string, string>();
  for (const i of ifaces) {
    if (!i.nameif || !i.address || !i.mask || i.shutdown) continue;
    byAddress.set(i.address, i.nameif);
    const net = network(i.address, i.mask);
    routes.push({ key: v4(net), order: 0, line: `C        ${net} ${i.mask} is directly connected, ${i.nameif}` });
    routes.push({ key: v4(i.address), order: 1, line: `L        ${i.address} ${HOST} is directly connected, ${i.nameif}` });
  }
  for (const s of sessions) {
    if (!s.assignedIp || !s.tunnel) continue;
    const via = byAddress.get(s.localAddress.replace(/^::ffff:/, '')) ?? 'outside';
    routes.push({ key: v4(s.assignedIp), order: 2, line: `V        ${s.assignedIp} ${HOST} connected by VPN (advertised), ${via}` });
  }
  routes.sort((a, b) => a.key - b.key || a.order - b.order);
  return [...CODES, '', 'Gateway of last resort is not set', '', ...routes.map((r) => r.line)];
}

/** `show interface ip brief` */
export function formatInterfaceBrief(ifaces: NamedInterface[], fwd: ForwardingStatus | null): string[] {
  const row = (n: string, ip: string, ok: string, method: string, status: string, proto: string): string =>
    `${n.padEnd(27)}${ip.padEnd(16)}${ok.padEnd(4)}${method.padEnd(7)}${status.padEnd(22)}${proto}`;
  const out = [row('Interface', 'IP-Address', 'OK?', 'Method', 'Status', 'Protocol')];
  for (const i of ifaces) {
    const status = i.shutdown ? 'administratively down' : 'up';
    out.push(row(i.hw, i.address ?? 'unassigned', 'YES', i.address ? 'CONFIG' : 'unset', status, i.shutdown ? 'down' : 'up'));
  }
  if (fwd) {
    const a4 = fwd.addresses.find((a) => !a.includes(':'));
    out.push(row(fwd.device, a4 ? a4.split('/')[0] : 'unassigned', 'YES', 'VPN', 'up', 'up'));
  }
  return out;
}

function prefixMask(len: number): string {
  return ipaddr.IPv4.subnetMaskFromPrefixLength(len).toString();
}

/** `show interface`: each configured interface, then the forwarding plane's device with its counters */
export function formatInterfaces(ifaces: NamedInterface[], fwd: ForwardingStatus | null): string[] {
  const out: string[] = [];
  for (const i of ifaces) {
    const state = i.shutdown ? 'is administratively down, line protocol is down' : 'is up, line protocol is up';
    out.push(`Interface ${i.hw} "${i.nameif ?? ''}", ${state}`);
    out.push(`\tMTU ${i.mtu}`);
    out.push(i.address && i.mask ? `\tIP address ${i.address}, subnet mask ${i.mask}` : '\tIP address unassigned');
  }
  if (fwd) {
    out.push(`Interface ${fwd.device} "", is up, line protocol is up`);
    out.push('  Hardware is TUN (the forwarding plane of every VPN session)');
    out.push(`\tMTU ${fwd.mtu}`);
    const a4 = fwd.addresses.filter((a) => !a.includes(':'));
    if (!a4.length) out.push('\tIP address unassigned');
    for (const a of a4) { const [addr, len] = a.split('/'); out.push(`\tIP address ${addr}, subnet mask ${prefixMask(Number(len))}`); }
    for (const a of fwd.addresses.filter((x) => x.includes(':'))) out.push(`\tIPv6 address ${a}`);
    out.push(`\t${fwd.packetsIn} packets input, ${fwd.bytesIn} bytes, 0 no buffer`);
    out.push(`\t${fwd.packetsOut} packets output, ${fwd.bytesOut} bytes, 0 underruns`);
    out.push(`  Traffic Statistics for "${fwd.device}":`);
    out.push(`\t${fwd.packetsIn} packets input, ${fwd.bytesIn} bytes`);
    out.push(`\t${fwd.packetsOut} packets output, ${fwd.bytesOut} bytes`);
    out.push(`\t${fwd.dropsNoSession + fwd.dropsWrite} packets dropped`);
  }
  return out;
}

/**
 * `show nameif`: the named interfaces in hardware order, the level right-aligned under `Security`
 * (an ASA 5506-X transcript, GH id 61100168894 in the workplace index:
 *   `Interface                Name                     Security`
 *   `GigabitEthernet1/1       outside                    0`
 *   `GigabitEthernet1/2       inside                   100`)
 */
export function formatNameif(ifaces: NamedInterface[]): string[] {
  const out = ['Interface                Name                     Security'];
  for (const i of ifaces) {
    if (i.nameif === null) continue;
    out.push(`${i.hw.padEnd(24)} ${i.nameif.padEnd(24)} ${String(i.security).padStart(3)}`);
  }
  return out;
}
