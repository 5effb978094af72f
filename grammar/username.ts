// `username NAME attributes`, `(config-username)#`; the nested webvpn shares group-webvpn's set.
import { decl, ipv4, mask, ref, type Mode } from './syntax.ts';

const UA: Mode[] = ['config-username'];

export const username = {
  vpnGroupPolicy: decl({ kind: 'u.vpn-group-policy', syntax: 'vpn-group-policy GP', modes: UA, noUpTo: 1,
    args: { GP: ref('Group policy name', 'group-policy') }, help: { 'vpn-group-policy': 'Specify the group policy of this user' } }),
  serviceType: decl({ kind: 'u.service-type', syntax: 'service-type {admin | remote-access | nas-prompt}', modes: UA, noUpTo: 1,
    help: { 'service-type': 'Specify the type of access', admin: 'Full CLI access', 'remote-access': 'VPN access only', 'nas-prompt': 'CLI access only' } }),
  vpnFramedIpAddress: decl({ kind: 'u.vpn-framed-ip-address', syntax: 'vpn-framed-ip-address ADDR MASK', modes: UA, noUpTo: 1,
    args: { ADDR: ipv4('IP address assigned to this user'), MASK: mask('Netmask') }, help: { 'vpn-framed-ip-address': 'Specify the IP address of this user' } }),
  webvpn: decl({ kind: 'u.webvpn', syntax: 'webvpn', modes: UA, enters: 'config-username-webvpn', no: false, help: { webvpn: 'Configure the WebVPN attributes of this user' } }),
};

export const usernameDecls = Object.values(username);
