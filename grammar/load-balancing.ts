// VPN load balancing, as an ASA 9.x configures it: `vpn load-balancing` under global configuration,
// `(config-load-balancing)#`. One line an ASA does not have: `cluster database URL`, where the
// cluster's shared session database (Redis) lives. Defaults are ASA's (cluster port 9023, priority
// 5: Cisco ASA command reference, `cluster port`, `priority (vpn load balancing)`).
import { decl, int, ipv4, name, word, type Mode } from './syntax.ts';

const LB: Mode[] = ['config-load-balancing'];
const CLUSTER = 'Configure the load-balancing cluster';

export const loadBalancing = {
  vpn: decl({ kind: 'lb.vpn', syntax: 'vpn load-balancing', modes: ['config'], enters: 'config-load-balancing',
    help: { vpn: 'Configure VPN', 'load-balancing': 'Configure VPN load balancing' } }),
  // the lines in the order an ASA prints them
  lbpublic: decl({ kind: 'lb.lbpublic', syntax: 'interface lbpublic IFNAME', modes: LB, noUpTo: 2,
    args: { IFNAME: name('Name of the public interface (where clients connect)', 'interface-name') },
    help: { interface: 'Configure the load-balancing interfaces', lbpublic: 'Configure the public interface for load balancing' } }),
  lbprivate: decl({ kind: 'lb.lbprivate', syntax: 'interface lbprivate IFNAME', modes: LB, noUpTo: 2,
    args: { IFNAME: name('Name of the private interface (where members talk)', 'interface-name') },
    help: { interface: 'Configure the load-balancing interfaces', lbprivate: 'Configure the private interface for load balancing' } }),
  clusterIp: decl({ kind: 'lb.cluster-ip', syntax: 'cluster ip address ADDR', modes: LB, noUpTo: 3,
    args: { ADDR: ipv4('The virtual cluster IP address clients connect to') },
    help: { cluster: CLUSTER, ip: 'Configure the cluster IP address', address: 'Configure the cluster IP address' } }),
  clusterPort: decl({ kind: 'lb.cluster-port', syntax: 'cluster port PORT', modes: LB, noUpTo: 2, dflt: 'cluster port 9023',
    args: { PORT: int(1, 65535, 'The UDP port members exchange load-balancing messages on') },
    help: { cluster: CLUSTER, port: 'Configure the cluster port' } }),
  clusterKey: decl({ kind: 'lb.cluster-key', syntax: 'cluster key KEY', modes: LB, noUpTo: 2,
    args: { KEY: word('The shared secret of the cluster, 3 to 17 characters', { max: 17 }) },
    help: { cluster: CLUSTER, key: 'Configure the shared secret of the cluster' } }),
  clusterEncryption: decl({ kind: 'lb.cluster-encryption', syntax: 'cluster encryption', modes: LB,
    help: { cluster: CLUSTER, encryption: 'Encrypt the messages between members (needs the cluster key)' } }),
  clusterDatabase: decl({ kind: 'lb.cluster-database', syntax: 'cluster database URL', modes: LB, noUpTo: 2,
    args: { URL: word('redis://[:PASSWORD@]HOST:PORT[/DB] or rediss:// for TLS', { max: 255 }) },
    help: { cluster: CLUSTER, database: 'Configure the shared session database of the cluster (Redis)' } }),
  nat: decl({ kind: 'lb.nat', syntax: 'nat ADDR', modes: LB, noUpTo: 1,
    args: { ADDR: ipv4('The address this device is translated to, which clients are redirected to') },
    help: { nat: 'Configure the NAT-translated address of this device' } }),
  priority: decl({ kind: 'lb.priority', syntax: 'priority PRIORITY', modes: LB, noUpTo: 1, dflt: 'priority 5',
    args: { PRIORITY: int(1, 10, 'The priority of this device in director election: the highest wins') },
    help: { priority: 'Configure the priority of this device in the cluster' } }),
  participate: decl({ kind: 'lb.participate', syntax: 'participate', modes: LB,
    help: { participate: 'Make this device take part in the load-balancing cluster' } }),
  redirectFqdn: decl({ kind: 'lb.redirect-fqdn', syntax: 'redirect-fqdn enable', modes: LB,
    help: { 'redirect-fqdn': 'Redirect clients by fully qualified domain name instead of IP address', enable: 'Enable redirection by name' } }),
};

export const loadBalancingDecls = Object.values(loadBalancing);
