// The sub-modes of ASA commands headend keeps verbatim, as far as a paste needs them: which first
// words are children of a block, and which of those open a nested block. ASA ignores indentation,
// and so does headend: a child is recognised by its word (ASA knows the sub-mode's grammar), not by
// the spaces before it. `*` marks children whose words cannot be listed (certificate hex data).
// Words not listed here still become children when they are valid in no parent mode. A RegExp
// entry is a child only when the whole line matches it (object NAT, not a twice-NAT `nat … source`).

export interface Vocab { [word: string]: Vocab | RegExp | true }

const pmapClass: Vocab = {
  inspect: true, set: true, police: true, priority: true, shape: true,
  // a child policy (`service-policy NAME`), not the global `service-policy NAME {global | interface IF}`
  'service-policy': /^service-policy\s+\S+\s*$/i, 'user-statistics': true,
  drop: true, 'drop-connection': true, reset: true, log: true, 'flow-export': true, sfr: true, ips: true, csc: true, description: true,
};

const trustpoint: Vocab = {
  enrollment: true, 'subject-name': true, crl: { cache: true, policy: true, url: true, protocol: true, enforcetimeout: true }, keypair: true,
  fqdn: true, email: true, 'ip-address': true, 'revocation-check': true, 'validation-usage': true, 'id-usage': true, 'serial-number': true,
  'accept-subordinates': true, 'id-cert-issuer': true, 'support-user-cert-validation': true, 'ignore-ipsec-keyusage': true, 'ca-check': true,
  'client-types': true, password: true, 'proxy-ldc-issuer': true, 'auto-import': true, 'match': true, 'ocsp': true,
};

/** by the head's leading words, longest first */
const blocks: [string, Vocab][] = [
  ['object network', { host: true, subnet: true, range: true, fqdn: true, nat: /^(no\s+)?nat\s+(\(\S+\)\s+)?(static|dynamic)\b/i, description: true }],
  ['object service', { service: true, description: true }],
  ['object-group', {
    'network-object': true, 'service-object': true, 'port-object': true, 'protocol-object': true, 'icmp-object': true,
    'group-object': true, 'user': true, 'user-group': true, 'security-group': true, description: true,
  }],
  ['class-map', { match: true, description: true }],
  ['policy-map', { class: pmapClass, parameters: { 'message-length': true, 'dns-guard': true, 'protocol-enforcement': true, 'nat-rewrite': true, 'id-randomization': true, 'id-mismatch': true, 'tsig': true, match: true, '*': true }, description: true }],
  ['call-home', { profile: { active: true, destination: true, 'subscribe-to-alert-group': true }, 'contact-email-addr': true, 'phone-number': true, 'street-address': true, 'contract-id': true, 'customer-id': true, 'site-id': true, 'sender': true, 'mail-server': true, 'http-proxy': true, 'alert-group': true }],
  ['crypto ca trustpoint', trustpoint],
  ['crypto ca trustpool', { policy: true, 'crl': true, 'match': true, 'revocation-check': true, 'auto-import': true }],
  ['crypto ca certificate chain', { certificate: { '*': true, quit: true } }],
  ['crypto ca certificate map', { 'subject-name': true, 'issuer-name': true, 'alternate-subject-name': true, 'extended-key-usage': true }],
  ['crypto ikev1 policy', { authentication: true, encryption: true, hash: true, group: true, lifetime: true }],
  ['crypto ikev2 policy', { encryption: true, integrity: true, group: true, prf: true, lifetime: true }],
  ['crypto ipsec ikev2 ipsec-proposal', { protocol: true }],
  ['crypto ipsec profile', { set: true, responder: true }],
  ['crypto dynamic-map', {}],
  ['dns server-group', { 'domain-name': true, 'name-server': true, timeout: true, retries: true, 'expire-entry-timer': true, 'poll-timer': true }],
  ['dynamic-access-policy-record', { description: true, priority: true, 'user-message': true, action: true, 'network-acl': true, webvpn: { '*': true } }],
  ['router', { network: true, area: true, 'log-adj-changes': true, redistribute: true, 'default-information': true, 'router-id': true, neighbor: true, 'passive-interface': true, 'auto-summary': true, 'address-family': { '*': true }, bgp: true, timers: true, 'distribute-list': true, 'summary-address': true, 'compatible': true }],
  ['time-range', { absolute: true, periodic: true }],
  ['license smart', { feature: true, throughput: true }],
  ['sla monitor', { type: { timeout: true, frequency: true, threshold: true, 'num-packets': true, 'request-data-size': true, tos: true } }],
  ['failover group', { primary: true, secondary: true, preempt: true, 'interface-policy': true, 'polltime': true, 'replication': true, 'mac': true }],
  ['tls-proxy', { 'server': true, 'client': true }],
  ['priority-queue', { 'queue-limit': true, 'tx-ring-limit': true }],
  ['flow-export', { '*': true }],
  ['track', {}],
];

/** tunnel-group NAME ipsec-attributes / ppp-attributes: kept verbatim as attributes of the tunnel-group */
export const tunnelIpsecVocab: Vocab = {
  ikev1: true, ikev2: true, 'peer-id-validate': true, isakmp: true, chain: true, 'trust-point': true, 'radius-sdi-xauth': true,
  'tunnel-group-map': true, 'pre-shared-key': true, 'authorization-required': true, 'client-update': true, 'xauth': true,
  'ikev1-user-authentication': true,
};
export const tunnelPppVocab: Vocab = { authentication: true };

export function blockVocab(head: string): Vocab | undefined {
  const h = head.replace(/^no\s+/, '');
  for (const [words, v] of blocks) if (h === words || h.startsWith(words + ' ')) return v;
  return undefined;
}

/** the first word a child line is known by (`no active` is known by `active`) */
export const childWord = (text: string): string => {
  const w = text.trim().split(/\s+/);
  return (w[0] === 'no' && w.length > 1 ? w[1] : w[0]).toLowerCase();
};
