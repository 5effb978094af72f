// The model back to ASA's `show running-config` layout and section order, from the model alone.
import { createHash } from 'node:crypto';
import type { Command } from '../../grammar/matcher.ts';
import { allDecls } from '../../grammar/registry.ts';
import { commandText } from './command-text.ts';
import { sectionRank } from './apply.ts';
import { defaultCommand } from './defaults.ts';
import { Attrs, BUILTIN_GP, BUILTIN_TGS, type GroupPolicy, type RunningConfig, type Secret, type TunnelGroup, type User } from './model.ts';
import { ipToNum } from './ip.ts';

export interface RenderOptions {
  /** `all`: every attribute, with its default when unset */
  all?: boolean;
  /** `more system:running-config`: secrets unmasked */
  secrets?: boolean;
}

export type Section =
  | { kind: 'webvpn' } | { kind: 'group-policy'; name?: string } | { kind: 'tunnel-group'; name?: string }
  | { kind: 'username'; name?: string } | { kind: 'ip-pool'; name?: string } | { kind: 'ipv6-pool'; name?: string }
  | { kind: 'interface'; name?: string } | { kind: 'custom-data' } | { kind: 'ssh' } | { kind: 'aaa' }
  | { kind: 'access-list'; name?: string } | { kind: 'hostname' } | { kind: 'ipv6-route' } | { kind: 'enable' }
  | { kind: 'compression' } | { kind: 'pager' };

interface Item { rank: number; sub: number; lines: string[] }

const indent = (n: number, lines: string[]) => lines.map((l) => ' '.repeat(n) + l);

function attrLines(attrs: Attrs, defaultsFor?: string[]): string[] {
  return (defaultsFor ? attrsWithDefaults(attrs, defaultsFor) : attrs.ordered()).map(commandText);
}

function secret(s: Secret, show: boolean): string {
  if (s.form === 'pbkdf2') return `${show ? s.hash : '*****'} pbkdf2`;
  return `${s.hash} ${s.form}`;
}

function poolLine(p: RunningConfig['ipPools'] extends Map<string, infer P> ? P : never): string {
  const r = p.range.from === p.range.to ? p.range.from : `${p.range.from}-${p.range.to}`;
  return `ip local pool ${p.name} ${r}${p.mask ? ` mask ${p.mask}` : ''}`;
}

function interfaceBlock(i: { hw: string; attrs: Attrs }): string[] {
  return [`interface ${i.hw}`, ...indent(1, attrLines(i.attrs)), '!'];
}

function webvpnBlock(c: RunningConfig, o: RenderOptions): string[] {
  if (!c.webvpnOpened && !c.webvpn.size && !c.cache && !o.all) return [];
  const cmds = o.all ? attrsWithDefaults(c.webvpn, ['config-webvpn']) : c.webvpn.ordered();
  const images = cmds.filter((x) => x.kind === 'w.image').sort((a, b) => a.args.ORDER - b.args.ORDER);
  const lines: string[] = [];
  let imagesDone = false;
  for (const x of cmds) {
    if (x.kind === 'w.error-recovery' && c.cache) lines.push(...cacheLines(c));
    if (x.kind === 'w.image') {
      if (!imagesDone) lines.push(...images.map(commandText));
      imagesDone = true;
      continue;
    }
    lines.push(commandText(x));
  }
  if (c.cache && !cmds.some((x) => x.kind === 'w.error-recovery')) lines.push(...cacheLines(c));
  return ['webvpn', ...indent(1, lines)];
}

function cacheLines(c: RunningConfig): string[] {
  return ['cache', ...indent(1, attrLines(c.cache!))];
}

function attrsWithDefaults(attrs: Attrs, modes: string[]): Command[] {
  const cmds = attrs.ordered();
  const have = new Set(cmds.map((x) => x.kind));
  for (const d of allDecls) {
    if (d.dflt && !have.has(d.kind) && modes.some((m) => d.modes.includes(m as never))) cmds.push(defaultCommand(d));
  }
  return cmds.sort((a, b) => a.decl.order - b.decl.order);
}

function groupPolicyBlock(gp: GroupPolicy, o: RenderOptions): string[] {
  const out: string[] = [];
  const dflt = gp.name === BUILTIN_GP;
  if (!dflt) {
    out.push(gp.create ? commandText(gp.create).replace(/ password \S+/, o.secrets ? '$&' : ' password *****') : `group-policy ${gp.name} internal`);
  }
  const all = o.all && dflt;
  const attrs = all ? attrLines(gp.attrs, ['config-group-policy']) : attrLines(gp.attrs);
  const web = all ? attrLines(gp.webvpn, ['config-group-webvpn']) : attrLines(gp.webvpn);
  if (attrs.length || web.length) {
    out.push(`group-policy ${gp.name} attributes`, ...indent(1, attrs));
    if (web.length) out.push(' webvpn', ...indent(2, web));
  }
  return out;
}

function userBlock(u: User, o: RenderOptions): string[] {
  const pw = u.password === 'nopassword' ? 'nopassword' : `password ${secret(u.password, !!o.secrets)}`;
  const out = [`username ${u.name} ${pw}${u.privilege !== undefined ? ` privilege ${u.privilege}` : ''}`];
  const cmds = u.attrs.ordered().sort((a, b) => Number(b.kind === 'u.vpn-group-policy') - Number(a.kind === 'u.vpn-group-policy'));
  const web = attrLines(u.webvpn);
  if (cmds.length || web.length) {
    out.push(`username ${u.name} attributes`, ...indent(1, cmds.map(commandText)));
    if (web.length) out.push(' webvpn', ...indent(2, web));
  }
  return out;
}

function tunnelGroupBlock(t: TunnelGroup): string[] {
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

function customDataLines(c: RunningConfig): string[] {
  const out: string[] = [];
  for (const [type, m] of c.customData) for (const [name, vals] of m) for (const v of vals) out.push(`anyconnect-custom-data ${type} ${name} ${v}`.trimEnd());
  return out;
}

function bodyItems(c: RunningConfig, o: RenderOptions): Item[] {
  const items: Item[] = [];
  const add = (key: string, lines: string[], sub = 0) => { if (lines.length) items.push({ rank: sectionRank(key), sub, lines }); };
  add('hostname', [`hostname ${c.hostname}`]);
  if (c.domainName) add('domain-name', [`domain-name ${c.domainName}`]);
  if (c.enable) add('enable', [`enable password ${secret(c.enable, !!o.secrets)}`]);
  add('ip local pool', [...c.ipPools.values()].sort((a, b) => ipToNum(a.range.from) - ipToNum(b.range.from)).map(poolLine));
  add('ipv6 local pool', [...c.ipv6Pools.values()].map((p) => `ipv6 local pool ${p.name} ${p.prefix.addr}/${p.prefix.len} ${p.count}`));
  for (const i of c.interfaces.values()) add('interface', interfaceBlock(i));
  add('access-list', c.acl.map(commandText));
  add('pager', c.global.get('g.pager') ? [commandText(c.global.get('g.pager')!)] : []);
  add('ipv6 route', c.ipv6Routes.map(commandText));
  add('aaa', c.global.ordered().filter((x) => x.kind.startsWith('g.aaa')).map(commandText), 1);
  add('ssh', [...c.sshRules.map(commandText), ...['g.ssh-timeout', 'g.ssh-version'].flatMap((k) => (c.global.get(k) ? [commandText(c.global.get(k)!)] : []))], 1);
  add('compression', c.global.get('g.compression') ? [commandText(c.global.get('g.compression')!)] : []);
  add('webvpn', webvpnBlock(c, o));
  add('anyconnect-custom-data', customDataLines(c));
  for (const gp of c.groupPolicies.values()) add('group-policy', groupPolicyBlock(gp, o));
  for (const u of c.usernames.values()) add('username', userBlock(u, o));
  for (const t of c.tunnelGroups.values()) add('tunnel-group', tunnelGroupBlock(t));
  for (const b of c.passthrough.values()) {
    // ASA prints an object's own NAT rule in the NAT section, under the object's name again
    const nat = /^object network /.test(b.head) ? b.children.filter((l) => /^nat /.test(l)) : [];
    const own = nat.length ? b.children.filter((l) => !/^nat /.test(l)) : b.children;
    items.push({ rank: b.rank, sub: 0, lines: [b.head, ...own.map((l) => ' ' + l)] });
    if (nat.length) items.push({ rank: sectionRank('nat'), sub: 1, lines: [b.head, ...nat.map((l) => ' ' + l)] });
  }
  // stable: equal ranks keep insertion order
  return items.map((it, i) => ({ it, i })).sort((a, b) => a.it.rank - b.it.rank || a.it.sub - b.it.sub || a.i - b.i).map((x) => x.it);
}

export function renderBody(c: RunningConfig, o: RenderOptions = {}): string[] {
  return bodyItems(c, o).flatMap((it) => it.lines);
}

export function checksum(c: RunningConfig): string {
  return createHash('md5').update(renderBody(c, { secrets: true }).join('\n')).digest('hex');
}

export interface Identity { version: string; serial: string; hardware: string; savedBy?: string }

export function renderFull(c: RunningConfig, id: Identity, o: RenderOptions = {}): string[] {
  const head = [': Saved', '', ': ', `: Serial Number: ${id.serial}`, `: Hardware:   ${id.hardware}`];
  if (id.savedBy) head.push(`: Written by ${id.savedBy}`);
  head.push(':', `ASA Version ${id.version} `, '!');
  return [...head, ...renderBody(c, o), `Cryptochecksum:${checksum(c)}`, ': end'];
}

export function renderSection(c: RunningConfig, s: Section, o: RenderOptions = {}): string[] {
  const match = (n: string, want?: string) => want === undefined || n === want;
  switch (s.kind) {
    case 'hostname': return [`hostname ${c.hostname}`];
    case 'enable': return c.enable ? [`enable password ${secret(c.enable, !!o.secrets)}`] : [];
    case 'webvpn': return webvpnBlock(c, o);
    case 'custom-data': return customDataLines(c);
    case 'group-policy': return [...c.groupPolicies.values()].filter((g) => match(g.name, s.name)).flatMap((g) => groupPolicyBlock(g, o));
    case 'tunnel-group': return [...c.tunnelGroups.values()].filter((t) => match(t.name, s.name)).flatMap(tunnelGroupBlock);
    case 'username': return [...c.usernames.values()].filter((u) => match(u.name, s.name)).flatMap((u) => userBlock(u, o));
    case 'ip-pool': return [...c.ipPools.values()].filter((p) => match(p.name, s.name)).map(poolLine);
    case 'ipv6-pool': return [...c.ipv6Pools.values()].filter((p) => match(p.name, s.name)).map((p) => `ipv6 local pool ${p.name} ${p.prefix.addr}/${p.prefix.len} ${p.count}`);
    case 'interface': return [...c.interfaces.values()].filter((i) => match(i.hw.toLowerCase(), s.name?.toLowerCase())).flatMap(interfaceBlock);
    case 'ssh': return [...c.sshRules.map(commandText), ...['g.ssh-timeout', 'g.ssh-version'].flatMap((k) => (c.global.get(k) ? [commandText(c.global.get(k)!)] : [])),
      ...[...c.passthrough.values()].filter((b) => b.head.startsWith('ssh ')).map((b) => b.head)];
    case 'aaa': return [...c.global.ordered().filter((x) => x.kind.startsWith('g.aaa')).map(commandText), ...[...c.passthrough.values()].filter((b) => /^aaa /.test(b.head)).map((b) => b.head)];
    case 'access-list': return c.acl.filter((x) => match(x.args.NAME, s.name)).map(commandText);
    case 'ipv6-route': return c.ipv6Routes.map(commandText);
    case 'compression': return c.global.get('g.compression') ? [commandText(c.global.get('g.compression')!)] : [];
    case 'pager': return c.global.get('g.pager') ? [commandText(c.global.get('g.pager')!)] : [];
  }
}
