// Secrets as an ASA shows them. `show running-config`, `write terminal` and `show startup-config`
// print every key, password and community as `*****`; only `more system:running-config` (and the
// saved file itself) has them in clear. This is the one place that knows which words are secrets:
// the render passes every line it prints through `maskLines`, interpreted and kept-verbatim alike.
//
// Each rule names the block it applies in (the head of the enclosing top-level line, when it is a
// child) and the part of the line that is the secret. Sources of the masked forms: ntc-templates
// tests/cisco_asa/show_running-config_tunnel-group (` ikev1 pre-shared-key *****`,
// ` ikev2 remote-authentication pre-shared-key *****`); Cisco ASA command reference, `more`:
// system:running-config shows the passwords that show running-config masks.

export const MASK = '*****';

interface Rule {
  /** the top-level head this rule's line sits under (undefined: a top-level line) */
  under?: RegExp;
  /** `$1` is kept, the secret (the rest of the match) becomes `*****`, `$3` is kept after it */
  re: RegExp;
}

const TOP: Rule[] = [
  // username / enable password hashes of the pbkdf2 form (`encrypted` hashes are shown, as on an ASA)
  { re: /^(username \S+ password )(\S+)( pbkdf2\b.*)?$/ },
  { re: /^(enable password )(\S+)( pbkdf2\b.*)?$/ },
  { re: /^(group-policy \S+ external server-group \S+ password )(\S+)(.*)$/ },
  // aaa-server TAG [(IF)] host ADDR [KEY] [timeout N]
  { re: /^(aaa-server \S+ (?:\(\S+\) )?host \S+ (?:key )?)(?!(?:key|timeout)(?: |$))(\S+)(.*)$/ },
  { re: /^(snmp-server host .*?\bcommunity )(?!\*)(\S+)(.*)$/ },
  { re: /^(snmp-server community )(\S+)(.*)$/ },
  { re: /^(snmp-server user \S+ \S+ v3 (?:.* )?auth \S+ )(\S+)(.*)$/ },
  { re: /^(snmp-server user \S+ \S+ v3 (?:.* )?priv \S+ (?:\d+ )?)(\S+)(.*)$/ },
  { re: /^(ntp authentication-key \d+ md5 )(\S+)(.*)$/ },
  { re: /^(failover key )(?:0 |8 )?(\S+)(.*)$/ },
  { re: /^(failover ipsec pre-shared-key )(?:0 |8 )?(\S+)(.*)$/ },
  { re: /^((?:crypto )?isakmp key )(\S+)(.*)$/ },
  { re: /^(vpdn username \S+ password )(?:\* )?(\S+)(.*)$/ },
  { re: /^(wccp .*\bpassword )(?:0 |7 )?(\S+)(.*)$/ },
];

const CHILD: Rule[] = [
  // tunnel-group X ipsec-attributes (ikev1 / ikev2 local and remote), and any block's pre-shared key
  { re: /^(\s+.*\bpre-shared-key )(?!\*)(\S.*)()$/ },
  { under: /^aaa-server /, re: /^(\s+key )(\S+)(.*)$/ },
  { under: /^aaa-server /, re: /^(\s+(?:ldap-login-password|radius-common-pw) )(\S+)(.*)$/ },
  { under: /^vpn load-balancing$/, re: /^(\s+cluster key )(\S+)(.*)$/ },
  // the password of the cluster database URL (redis://[USER]:PASSWORD@HOST...)
  { under: /^vpn load-balancing$/, re: /^(\s+cluster database rediss?:\/\/[^:@\/\s]*:)([^@\s]+)(@\S*)$/ },
  { under: /^crypto ca trustpoint /, re: /^(\s+password )(\S+)(.*)$/ },
  { under: /^interface /, re: /^(\s+ospf message-digest-key \d+ md5 )(?:0 |8 )?(\S+)(.*)$/ },
  { under: /^interface /, re: /^(\s+ospf authentication-key )(?:0 |8 )?(\S+)(.*)$/ },
  { under: /^interface /, re: /^(\s+authentication key eigrp \d+ )(\S+)(.*)$/ },
  { under: /^router /, re: /^(\s+.*\bneighbor \S+ password )(?:0 |8 )?(\S+)(.*)$/ },
  { under: /^router /, re: /^(\s+area \S+ virtual-link .*\bmessage-digest-key \d+ md5 )(\S+)(.*)$/ },
];

function apply(rules: Rule[], line: string, head: string | undefined): string {
  for (const r of rules) {
    if (r.under && !(head !== undefined && r.under.test(head))) continue;
    const m = r.re.exec(line);
    if (m && m[2] && m[2] !== MASK) return `${m[1]}${MASK}${m[3] ?? ''}`;
  }
  return line;
}

/** one line, given the top-level head it sits under (for a child line) */
export function maskLine(line: string, head?: string): string {
  return /^\s/.test(line) ? apply(CHILD, line, head) : apply(TOP, line, undefined);
}

/**
 * a masker for rendered lines fed in order, one at a time: a long output is masked slice by slice as
 * it is printed (src/shell/exec/index.ts printAll), not all before its first line shows
 */
export function lineMasker(): (line: string) => string {
  let head: string | undefined;
  return (l) => {
    if (!/^\s/.test(l)) head = l;
    return maskLine(l, head);
  };
}

/** rendered lines in ASA's layout (children indented under their head): every secret as `*****` */
export function maskLines(lines: readonly string[]): string[] {
  return lines.map(lineMasker());
}
