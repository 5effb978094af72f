// Each object of the model back to its lines in ASA's layout. Attribute lines are the stored
// commands printed from their declarations, so render → parse → render holds.
import type { Command } from '../../../grammar/matcher.ts';
import { config as G } from '../../../grammar/config.ts';
import { username as U } from '../../../grammar/username.ts';
import { webvpn as W } from '../../../grammar/webvpn.ts';
import { interfaceDecls } from '../../../grammar/interface.ts';
import { webvpnDecls } from '../../../grammar/webvpn.ts';
import { groupPolicyDecls } from '../../../grammar/group-policy.ts';
import { groupWebvpnDecls } from '../../../grammar/group-webvpn.ts';
import { loadBalancingDecls } from '../../../grammar/load-balancing.ts';
import type { AnyDecl, Mode } from '../../../grammar/syntax.ts';
import { commandText } from '../command-text.ts';
import { defaultCommand } from '../defaults.ts';
import { Attrs, BUILTIN_GP, BUILTIN_TGS, type GroupPolicy, type IpPool, type Ipv6Pool, type RunningConfig, type Secret, type TunnelGroup, type User } from '../model.ts';

export interface RenderOptions {
  /** `all`: every attribute, with its default when unset */
  all?: boolean;
  /** `more system:running-config`: secrets unmasked */
  secrets?: boolean;
}

export const indent = (n: number, lines: string[]): string[] => lines.map((l) => ' '.repeat(n) + l);

/**
 * where the defaults of a mode printed unset come from: its grammar file, not grammar/registry.ts
 * (the registry imports the show-run section table, which imports this file)
 */
export const defaultsOf = {
  'config-if': interfaceDecls, 'config-webvpn': webvpnDecls, 'config-group-policy': groupPolicyDecls, 'config-group-webvpn': groupWebvpnDecls,
  'config-load-balancing': loadBalancingDecls,
} satisfies Partial<Record<Mode, readonly AnyDecl[]>>;

/** the stored attributes in declaration order; with `mode`, every default it declares that is not set */
export function attrCommands(attrs: Attrs, mode?: keyof typeof defaultsOf): Command[] {
  const cmds = attrs.ordered();
  if (!mode) return cmds;
  const have = new Set(cmds.map((x) => x.kind));
  for (const d of defaultsOf[mode] as readonly AnyDecl[]) {
    if (d.dflt && !have.has(d.kind) && d.modes.includes(mode)) cmds.push(defaultCommand(d));
  }
  return cmds.sort((a, b) => a.decl.order - b.decl.order);
}

const attrLines = (attrs: Attrs, mode?: keyof typeof defaultsOf): string[] => attrCommands(attrs, mode).map(commandText);

/** a stored password as the saved file has it; show-run masks it in one place (src/config/secrets.ts) */
export function secret(s: Secret): string {
  return `${s.hash} ${s.form}`;
}

export function poolLine(p: IpPool): string {
  const r = p.range.from === p.range.to ? p.range.from : `${p.range.from}-${p.range.to}`;
  return `ip local pool ${p.name} ${r}${p.mask ? ` mask ${p.mask}` : ''}`;
}

export const ipv6PoolLine = (p: Ipv6Pool): string => `ipv6 local pool ${p.name} ${p.prefix.addr}/${p.prefix.len} ${p.count}`;

/**
 * ASA prints an unset name, security level and address of a routed interface as their `no` lines
 * (the grammar's `dflt` of each), in their place; a switch port has none of them
 */
export function interfaceBlock(i: { hw: string; attrs: Attrs }, switchPort = false): string[] {
  return [`interface ${i.hw}`, ...indent(1, attrLines(i.attrs, switchPort ? undefined : 'config-if')), '!'];
}

export function webvpnBlock(c: RunningConfig, o: RenderOptions): string[] {
  if (!c.webvpnOpened && !c.webvpn.size && !c.cache && !o.all) return [];
  const cmds = attrCommands(c.webvpn, o.all ? 'config-webvpn' : undefined);
  const images = c.webvpn.all(W.image).sort((a, b) => (a.args.ORDER ?? 0) - (b.args.ORDER ?? 0));
  const lines: string[] = [];
  let imagesDone = false;
  const cacheAt = cmds.findIndex((x) => x.decl === W.errorRecovery);
  cmds.forEach((x, i) => {
    if (i === cacheAt && c.cache) lines.push(...cacheLines(c));
    if (x.decl === W.image) {
      if (!imagesDone) lines.push(...images.map(commandText));
      imagesDone = true;
      return;
    }
    lines.push(commandText(x));
  });
  if (c.cache && cacheAt < 0) lines.push(...cacheLines(c));
  return ['webvpn', ...indent(1, lines)];
}

function cacheLines(c: RunningConfig): string[] {
  return ['cache', ...indent(1, attrLines(c.cache!))];
}

export function groupPolicyBlock(gp: GroupPolicy, o: RenderOptions): string[] {
  const out: string[] = [];
  const dflt = gp.name === BUILTIN_GP;
  if (!dflt) {
    out.push(gp.create ? commandText(gp.create) : `group-policy ${gp.name} internal`);
  }
  const all = o.all && dflt;
  const attrs = attrLines(gp.attrs, all ? 'config-group-policy' : undefined);
  const web = attrLines(gp.webvpn, all ? 'config-group-webvpn' : undefined);
  if (attrs.length || web.length) {
    out.push(`group-policy ${gp.name} attributes`, ...indent(1, attrs));
    if (web.length) out.push(' webvpn', ...indent(2, web));
  }
  return out;
}

export function userBlock(u: User): string[] {
  const pw = u.password === 'nopassword' ? 'nopassword' : `password ${secret(u.password)}`;
  const out = [`username ${u.name} ${pw}${u.privilege !== undefined ? ` privilege ${u.privilege}` : ''}`];
  // ASA prints vpn-group-policy first
  const cmds = u.attrs.ordered().sort((a, b) => Number(b.decl === U.vpnGroupPolicy) - Number(a.decl === U.vpnGroupPolicy));
  const web = attrLines(u.webvpn);
  if (cmds.length || web.length) {
    out.push(`username ${u.name} attributes`, ...indent(1, cmds.map(commandText)));
    if (web.length) out.push(' webvpn', ...indent(2, web));
  }
  return out;
}

export function tunnelGroupBlock(t: TunnelGroup): string[] {
  const out: string[] = [];
  if (!BUILTIN_TGS.includes(t.name)) out.push(`tunnel-group ${t.name} type ${t.type ?? 'remote-access'}`);
  const block = (name: string, attrs: Attrs) => {
    const l = attrLines(attrs);
    if (l.length) out.push(`tunnel-group ${t.name} ${name}`, ...indent(1, l));
  };
  block('general-attributes', t.general);
  block('ipsec-attributes', t.ipsec);
  block('ppp-attributes', t.ppp);
  block('webvpn-attributes', t.webvpn);
  return out;
}

export function customDataLines(c: RunningConfig): string[] {
  const out: string[] = [];
  for (const [type, m] of c.customData) for (const [name, vals] of m) for (const v of vals) out.push(`anyconnect-custom-data ${type} ${name} ${v}`.trimEnd());
  return out;
}

/** a global single-slot setting's line, when set */
export function globalLine(c: RunningConfig, d: typeof G.pager | typeof G.compression | typeof G.sshTimeout | typeof G.sshVersion): string[] {
  const x = c.global.get(d);
  return x ? [commandText(x)] : [];
}
