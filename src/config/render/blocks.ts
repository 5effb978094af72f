// Each object of the model back to its lines in ASA's layout. Attribute lines are the stored
// commands printed from their declarations, so render → parse → render holds.
import type { Command } from '../../../grammar/matcher.ts';
import { config as G } from '../../../grammar/config.ts';
import { username as U } from '../../../grammar/username.ts';
import { webvpn as W } from '../../../grammar/webvpn.ts';
import { interfaceDecls } from '../../../grammar/interface.ts';
import { webvpnDecls } from '../../../grammar/webvpn.ts';
import { groupPolicy as GP, groupPolicyDecls } from '../../../grammar/group-policy.ts';
import { groupWebvpnDecls } from '../../../grammar/group-webvpn.ts';
import { loadBalancingDecls } from '../../../grammar/load-balancing.ts';
import type { vpnSessiondb as VS } from '../../../grammar/vpn-sessiondb.ts';
import type { AnyDecl, Mode } from '../../../grammar/syntax.ts';
import { commandFor } from '../../../grammar/threads.ts';
import { commandText } from '../command-text.ts';
import { defaultCommand } from '../defaults.ts';
import { Attrs, BUILTIN_GP, BUILTIN_TGS, type GroupPolicy, type IpPool, type Ipv6Pool, type RunningConfig, type TunnelGroup, type User } from '../model.ts';

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

/**
 * the line of an object held as typed fields, printed from its declaration (grammar/threads.ts
 * commandFor): keywords, order and argument text come from the grammar, so it parses back to the same
 * object. Fields no line of the declaration can carry are a bug of the model, reported loudly.
 */
export function lineOf<D extends AnyDecl>(d: D, ...a: Parameters<typeof commandFor<D>> extends [D, ...infer R] ? R : never): string {
  const cmd = commandFor(d, ...a);
  if (!cmd) throw new Error(`${d.kind}: the model holds values its declaration cannot print`);
  return commandText(cmd);
}

export function poolLine(p: IpPool): string {
  return lineOf(G.ipPool, { NAME: p.name, RANGE: p.range, MASK: p.mask }, p.mask ? ['mask'] : []);
}

export const ipv6PoolLine = (p: Ipv6Pool): string => lineOf(G.ipv6Pool, { NAME: p.name, PREFIX: p.prefix, COUNT: p.count });

/**
 * ASA prints an unset name, security level and address of a routed interface as their `no` lines
 * (the grammar's `dflt` of each), in their place; a switch port has none of them
 */
export function interfaceBlock(i: { hw: string; attrs: Attrs }, switchPort = false): string[] {
  return [lineOf(G.interface, { NAME: i.hw }), ...indent(1, attrLines(i.attrs, switchPort ? undefined : 'config-if')), '!'];
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
  return [lineOf(G.webvpn, {}), ...indent(1, lines)];
}

function cacheLines(c: RunningConfig): string[] {
  return [lineOf(W.cache, {}), ...indent(1, attrLines(c.cache!))];
}

export function groupPolicyBlock(gp: GroupPolicy, o: RenderOptions): string[] {
  const out: string[] = [];
  const dflt = gp.name === BUILTIN_GP;
  if (!dflt) {
    out.push(gp.create ? commandText(gp.create) : lineOf(G.groupPolicy, { NAME: gp.name }, ['internal']));
  }
  const all = o.all && dflt;
  const attrs = attrLines(gp.attrs, all ? 'config-group-policy' : undefined);
  const web = attrLines(gp.webvpn, all ? 'config-group-webvpn' : undefined);
  if (attrs.length || web.length) {
    out.push(lineOf(G.groupPolicyAttributes, { NAME: gp.name }), ...indent(1, attrs));
    if (web.length) out.push(...indent(1, [lineOf(GP.webvpn, {})]), ...indent(2, web));
  }
  return out;
}

export function userBlock(u: User): string[] {
  const priv = u.privilege !== undefined ? (['privilege'] as const) : [];
  // the hash as the saved file has it; show-run masks it in one place (src/config/secrets.ts)
  const out = [u.password === 'nopassword'
    ? lineOf(G.username, { NAME: u.name, PRIV: u.privilege }, ['nopassword', ...priv])
    : lineOf(G.username, { NAME: u.name, PW: u.password.hash, PRIV: u.privilege }, [u.password.form, ...priv])];
  // ASA prints vpn-group-policy first
  const cmds = u.attrs.ordered().sort((a, b) => Number(b.decl === U.vpnGroupPolicy) - Number(a.decl === U.vpnGroupPolicy));
  const web = attrLines(u.webvpn);
  if (cmds.length || web.length) {
    out.push(lineOf(G.usernameAttributes, { NAME: u.name }), ...indent(1, cmds.map(commandText)));
    if (web.length) out.push(...indent(1, [lineOf(U.webvpn, {})]), ...indent(2, web));
  }
  return out;
}

export function tunnelGroupBlock(t: TunnelGroup): string[] {
  const out: string[] = [];
  if (!BUILTIN_TGS.includes(t.name)) out.push(lineOf(G.tunnelGroup, { NAME: t.name }, [t.type ?? 'remote-access']));
  const block = (d: typeof G.tunnelGroupGeneral | typeof G.tunnelGroupIpsec | typeof G.tunnelGroupPpp | typeof G.tunnelGroupWebvpn, attrs: Attrs) => {
    const l = attrLines(attrs);
    if (l.length) out.push(lineOf(d, { NAME: t.name }), ...indent(1, l));
  };
  block(G.tunnelGroupGeneral, t.general);
  block(G.tunnelGroupIpsec, t.ipsec);
  block(G.tunnelGroupPpp, t.ppp);
  block(G.tunnelGroupWebvpn, t.webvpn);
  return out;
}

export function customDataLines(c: RunningConfig): string[] {
  const out: string[] = [];
  for (const [type, m] of c.customData) for (const [name, vals] of m) for (const v of vals) out.push(lineOf(G.customData, { TYPE: type, NAME: name, VALUE: v }).trimEnd());
  return out;
}

/** a global single-slot setting's line, when set */
export function globalLine(c: RunningConfig, d: typeof G.pager | typeof G.compression | typeof G.sshTimeout | typeof G.sshVersion | typeof VS.maxAnyconnect | typeof VS.maxOther): string[] {
  const x = c.global.get(d);
  return x ? [commandText(x)] : [];
}
