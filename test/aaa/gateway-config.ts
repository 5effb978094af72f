// The configuration the AAA-server tests share: the gateway listening on the outside interface at
// `L`, the servers (FreeRADIUS, slapd) behind the inside interface on 127.0.0.1, one address pool.
export function gatewayConfig(L: { address: string; port: number }, pool: string): string {
  return `interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address ${L.address} 255.255.255.0
interface GigabitEthernet0/1
 nameif inside
 security-level 100
 ip address 127.0.0.1 255.0.0.0
ip local pool vpnpool ${pool} mask 255.255.255.0
webvpn
 port ${L.port}
 enable outside
 anyconnect enable`;
}

/** an internal group-policy that allows the AnyConnect client */
export const groupPolicy = (n: string): string => `group-policy ${n} internal\ngroup-policy ${n} attributes\n vpn-tunnel-protocol ssl-client`;

/** a host of group `g` at the FreeRADIUS `fr` on 127.0.0.1, short timeouts for the tests */
export const radiusHost = (g: string, fr: { authPort: number; acctPort: number }, secret: string, more: string[] = []): string =>
  [`aaa-server ${g} (inside) host 127.0.0.1`, ` key ${secret}`, ` authentication-port ${fr.authPort}`, ` accounting-port ${fr.acctPort}`,
    ' timeout 2', ' retry-interval 1', ...more].join('\n');
