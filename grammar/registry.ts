// Gathers every mode's declarations. Parent chains implement ASA's rule that a command valid only
// in a parent mode runs there (and the prompt moves), which is what makes pasted configs work.
import type { Decl, Mode } from './syntax.ts';
import { execDecls } from './exec.ts';
import { configDecls } from './config.ts';
import { accessListDecls } from './access-list.ts';
import { interfaceDecls } from './interface.ts';
import { webvpnDecls } from './webvpn.ts';
import { groupPolicyDecls } from './group-policy.ts';
import { groupWebvpnDecls } from './group-webvpn.ts';
import { tunnelGroupDecls } from './tunnel-group.ts';
import { usernameDecls } from './username.ts';
import { passthroughDecls } from './passthrough.ts';
import { aaaServerDecls } from './aaa-server.ts';
import { loadBalancingDecls } from './load-balancing.ts';
import { loggingDecls } from './logging.ts';
import { vpnSessiondbDecls } from './vpn-sessiondb.ts';
import { commonDecls } from './common.ts';
import { helpWords } from './help.ts';

export const allDecls: Decl[] = <Decl[]><unknown[]>[
  ...commonDecls, ...execDecls, ...configDecls, ...accessListDecls, ...interfaceDecls, ...webvpnDecls, ...groupPolicyDecls,
  ...groupWebvpnDecls, ...tunnelGroupDecls, ...usernameDecls, ...aaaServerDecls, ...loadBalancingDecls, ...loggingDecls, ...vpnSessiondbDecls, ...passthroughDecls,
];

const byMode = new Map<Mode, Decl[]>();
for (const d of allDecls) {
  for (const m of d.modes) {
    const l = byMode.get(m) ?? [];
    l.push(d);
    byMode.set(m, l);
  }
}

export function modeDecls(mode: Mode): Decl[] {
  return byMode.get(mode) ?? [];
}

export const parentOf: Record<Mode, Mode | null> = {
  user: null,
  priv: null,
  config: 'priv',
  'config-if': 'config',
  'config-webvpn': 'config',
  'config-webvpn-cache': 'config-webvpn',
  'config-group-policy': 'config',
  'config-group-webvpn': 'config-group-policy',
  'config-tunnel-general': 'config',
  'config-tunnel-webvpn': 'config',
  'config-tunnel-ipsec': 'config',
  'config-tunnel-ppp': 'config',
  'config-username': 'config',
  'config-username-webvpn': 'config-username',
  'config-passthrough': 'config',
  'config-aaa-server-group': 'config',
  'config-aaa-server-host': 'config',
  'config-ldap-attribute-map': 'config',
  'config-load-balancing': 'config',
};

/** the modes tried for a line typed in `mode`, nearest first */
const chains = new Map<Mode, readonly Mode[]>();

/** the mode and its parents, nearest first; one shared frozen array per mode (asked for every line) */
export function modeChain(mode: Mode): readonly Mode[] {
  let out = chains.get(mode);
  if (!out) {
    const l: Mode[] = [];
    for (let m: Mode | null = mode; m; m = parentOf[m]) l.push(m);
    out = Object.freeze(l);
    chains.set(mode, out);
  }
  return out;
}

/** the name `?` prints in its header */
export function helpModeName(mode: Mode): string {
  if (mode === 'user' || mode === 'priv') return 'exec';
  if (mode === 'config') return 'configure';
  return mode;
}

export function keywordHelp(mode: Mode, word: string): string | undefined {
  return helpWords[mode]?.[word] ?? helpWords.any[word];
}
