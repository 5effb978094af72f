// `vpn-sessiondb` in global configuration mode: the session limits of this device. An ASA takes its
// AnyConnect limit from the license unless `vpn-sessiondb max-anyconnect-premium-or-essentials-limit
// N` sets a lower one, and `vpn-sessiondb max-other-vpn-limit N` limits the other VPN sessions (IPsec
// IKEv1 clients, LAN-to-LAN, of which headend has none); `no` removes the limit (Cisco ASA Series VPN
// CLI Configuration Guide 9.x, General VPN Parameters, "Configure VPN Session Limits"). headend's
// platform limit, its `Device Total VPN Capacity`, is one process's: 10,000 sessions (issue 15). The
// AnyConnect limit also sets this member's capacity in a load-balancing cluster (load = sessions /
// limit), as an ASA reports `Limit` per member in `show vpn load-balancing`.
import { decl, int, type Mode } from './syntax.ts';

const C: Mode[] = ['config'];
const SESSIONDB = 'Configure the VPN Session Manager';

export const vpnSessiondb = {
  maxAnyconnect: decl({ kind: 'vs.max-anyconnect', syntax: 'vpn-sessiondb max-anyconnect-premium-or-essentials-limit LIMIT', modes: C, noUpTo: 2,
    dflt: 'vpn-sessiondb max-anyconnect-premium-or-essentials-limit 10000',
    args: { LIMIT: int(1, 10000, 'Maximum number of AnyConnect Premium or Essentials sessions') },
    help: { 'vpn-sessiondb': SESSIONDB, 'max-anyconnect-premium-or-essentials-limit': 'Maximum number of AnyConnect Premium or Essentials sessions allowed' } }),
  maxOther: decl({ kind: 'vs.max-other', syntax: 'vpn-sessiondb max-other-vpn-limit LIMIT', modes: C, noUpTo: 2,
    dflt: 'vpn-sessiondb max-other-vpn-limit 10000',
    args: { LIMIT: int(1, 10000, 'Maximum number of other VPN sessions (IPsec IKEv1 clients, LAN-to-LAN)') },
    help: { 'vpn-sessiondb': SESSIONDB, 'max-other-vpn-limit': 'Maximum number of other VPN sessions allowed' } }),
};

export const vpnSessiondbDecls = Object.values(vpnSessiondb);
