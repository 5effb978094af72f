// The one apply path: each command kind has one function that validates against the model and
// the flash, and only then changes the model. A rejected line changes nothing.
import type { Command } from '../../grammar/matcher.ts';
import type { Mode } from '../../grammar/syntax.ts';
import { sectionOrder } from '../../grammar/passthrough.ts';
import { commandText } from './command-text.ts';
import type { ConfigEnv } from './env.ts';
import {
  Attrs, BUILTIN_GP, BUILTIN_TGS, newGroupPolicy, newTunnelGroup, slotOf,
  type Lines, type PassBlock, type RunningConfig, type Secret, type TunnelGroup, type User,
} from './model.ts';
import { hashPassword } from './passwords.ts';
import { normalizeInterface } from './interface-name.ts';
import { ipToNum } from './ip.ts';
import { xmlWellFormed } from './xml.ts';

export interface Frame { mode: Mode; target?: string; block?: PassBlock }

export type Section =
  | 'global' | 'interface' | 'pool' | 'webvpn' | 'group-policy' | 'tunnel-group' | 'username' | 'ssh'
  | 'aaa' | 'custom-data' | 'access-list' | 'route' | 'passthrough';

export interface ChangeEvent { section: Section; name?: string; kind: string; no: boolean }

export interface ApplyResult {
  ok: boolean;
  messages: string[];
  enter?: Frame;
  event?: ChangeEvent;
}

const fail = (...messages: string[]): ApplyResult => ({ ok: false, messages });

export class ApplyError extends Error {}

type Handler = (c: RunningConfig, env: ConfigEnv, cmd: Command, f: Frame) => ApplyResult;

function ok(section: Section, cmd: Command, name?: string, enter?: Frame, messages: string[] = []): ApplyResult {
  return { ok: true, messages, enter, event: { section, name, kind: cmd.kind, no: cmd.no } };
}

function gpUsers(c: RunningConfig, gp: string): string[] {
  const users: string[] = [];
  for (const tg of c.tunnelGroups.values()) {
    if (tg.general.get('tg.default-group-policy')?.args.GP === gp) users.push(`tunnel-group ${tg.name}`);
  }
  for (const u of c.usernames.values()) {
    if (u.attrs.get('u.vpn-group-policy')?.args.GP === gp) users.push(`username ${u.name}`);
  }
  return users;
}

/** pools never overlap, so in the index sorted by first address only neighbours can collide */
function poolOverlap(c: RunningConfig, name: string, from: number, to: number): string | undefined {
  const idx = c.poolIndex;
  let lo = 0, hi = idx.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (idx[mid].from < from) lo = mid + 1; else hi = mid; }
  for (let i = Math.max(0, lo - 1); i < idx.length && idx[i].from <= to; i++) {
    if (idx[i].name !== name && from <= idx[i].to && idx[i].from <= to) return idx[i].name;
  }
  return undefined;
}

/** call before the pool map changes: a name already there is first taken out of the index */
function indexPool(c: RunningConfig, name: string, range?: { from: number; to: number }): void {
  if (c.ipPools.has(name)) {
    const i = c.poolIndex.findIndex((p) => p.name === name);
    if (i >= 0) c.poolIndex.splice(i, 1);
  }
  if (!range) return;
  let lo = 0, hi = c.poolIndex.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (c.poolIndex[mid].from < range.from) lo = mid + 1; else hi = mid; }
  c.poolIndex.splice(lo, 0, { ...range, name });
}

// ----------------------------------------------------------------------------------------------
// Attribute validation, by kind: references must resolve, files must be on flash.

function validateAttr(c: RunningConfig, env: ConfigEnv, cmd: Command): string | undefined {
  const a = cmd.args;
  switch (cmd.kind) {
    case 'gp.address-pools':
    case 'tg.address-pool':
      for (const p of (a.POOL ?? []) as string[]) if (!c.ipPools.has(p)) return `ERROR: IP address pool ${p} not configured`;
      return;
    case 'gp.ipv6-address-pools':
    case 'tg.ipv6-address-pool':
      for (const p of (a.POOL ?? []) as string[]) if (!c.ipv6Pools.has(p)) return `ERROR: IPv6 address pool ${p} not configured`;
      return;
    case 'tg.default-group-policy':
    case 'u.vpn-group-policy':
      if (!c.groupPolicies.has(a.GP)) return `ERROR: group-policy ${a.GP} does not exist`;
      return;
    case 'gw.profiles':
      if (a.NAME !== undefined && !c.webvpn.all('w.profile').some((p) => p.args.NAME === a.NAME)) {
        return `ERROR: Profile ${a.NAME} does not exist. Load it with "anyconnect profiles ${a.NAME} disk0:/FILE" under webvpn`;
      }
      return;
    case 'gp.custom': {
      if (!c.webvpn.all('w.custom-attr').some((x) => x.args.TYPE === a.TYPE)) return `ERROR: anyconnect-custom-attr ${a.TYPE} is not configured`;
      if (a.NAME !== undefined && !c.customData.get(a.TYPE)?.has(a.NAME)) return `ERROR: anyconnect-custom-data ${a.TYPE} ${a.NAME} is not configured`;
      return;
    }
    case 'w.image':
      if (!env.flashExists(a.PATH)) return `ERROR: ${a.PATH} does not exist on flash`;
      return;
    case 'w.profile': {
      let data: Buffer | undefined;
      // a directory (or an unreadable path) is refused like a missing file, never thrown
      try { data = env.flashRead(a.PATH); } catch (e) { return `ERROR: ${(e as Error).message}`; }
      if (!data) return `ERROR: ${a.PATH} does not exist on flash`;
      const why = xmlWellFormed(data.toString('utf8'));
      if (why) return `ERROR: ${a.PATH} is not a valid AnyConnect profile: ${why}`;
      return;
    }
    case 'gw.modules': {
      const bad = String(a.MODULES ?? '').split(',').filter((m) => m && !/^[a-z0-9-]+$/i.test(m));
      if (bad.length) return `ERROR: Invalid module name ${bad[0]}`;
      return;
    }
  }
  return undefined;
}

/**
 * The custom attributes the client understands, with their valid values (Secure Client guide,
 * deferred update and DSCP; values are case-sensitive). Other types take any value.
 */
const CUSTOM_VALUES: Record<string, { ok: (v: string) => boolean; valid: string }> = {
  DeferredUpdateAllowed: { ok: (v) => v === 'true' || v === 'false', valid: 'true, false' },
  DeferredUpdateMinimumVersion: { ok: (v) => /^\d{1,5}\.\d{1,5}\.\d{1,5}$/.test(v), valid: 'x.y.z' },
  DeferredUpdateDismissTimeout: { ok: (v) => /^\d{1,3}$/.test(v) && Number(v) <= 300, valid: '0-300 (seconds)' },
  DeferredUpdateDismissResponse: { ok: (v) => v === 'defer' || v === 'update', valid: 'defer, update' },
  DSCPPreservationAllowed: { ok: (v) => v === 'true' || v === 'false', valid: 'true, false' },
  UseLocalProfileAsAlternative: { ok: (v) => v === 'true' || v === 'false', valid: 'true, false' },
};

function customValueError(type: string, value: string): string | undefined {
  const rule = CUSTOM_VALUES[type];
  if (!rule || rule.ok(value)) return undefined;
  return `ERROR: Invalid value "${value}" for custom attribute ${type}. Valid values: ${rule.valid}`;
}

function setAttr(attrs: Attrs, cmd: Command): void {
  const slot = slotOf(cmd);
  if (cmd.no && !cmd.decl.keepNo) {
    attrs.delete(slot);
    return;
  }
  if (cmd.kind === 'w.image' && cmd.args.ORDER === undefined) {
    const existing = attrs.get(slot);
    const orders = attrs.all('w.image').map((x) => x.args.ORDER as number);
    cmd.args.ORDER = existing?.args.ORDER ?? (orders.length ? Math.max(...orders) + 1 : 1);
    cmd.path = [...cmd.path, { arg: 'ORDER', value: cmd.args.ORDER, text: String(cmd.args.ORDER) }];
  }
  attrs.set(slot, cmd);
}

/** `banner value` lines accumulate; `banner none` replaces them */
function setBanner(attrs: Attrs, cmd: Command): void {
  for (const s of attrs.slotsOf('gp.banner')) attrs.delete(s);
  if (cmd.no) return;
  attrs.set(cmd.kws.has('none') ? 'gp.banner' : `gp.banner\u0000${attrs.size}:${Math.random()}`, cmd);
}

function attrsFor(c: RunningConfig, f: Frame): { attrs: Attrs; section: Section; name?: string } | undefined {
  switch (f.mode) {
    case 'config-if': { const i = c.interfaces.get(f.target!); return i && { attrs: i.attrs, section: 'interface', name: i.hw }; }
    case 'config-webvpn': return { attrs: c.webvpn, section: 'webvpn' };
    case 'config-webvpn-cache': return c.cache ? { attrs: c.cache, section: 'webvpn' } : undefined;
    case 'config-group-policy': { const g = c.groupPolicies.get(f.target!); return g && { attrs: g.attrs, section: 'group-policy', name: g.name }; }
    case 'config-group-webvpn': { const g = c.groupPolicies.get(f.target!); return g && { attrs: g.webvpn, section: 'group-policy', name: g.name }; }
    case 'config-username': { const u = c.usernames.get(f.target!); return u && { attrs: u.attrs, section: 'username', name: u.name }; }
    case 'config-username-webvpn': { const u = c.usernames.get(f.target!); return u && { attrs: u.webvpn, section: 'username', name: u.name }; }
    case 'config-tunnel-general': { const t = c.tunnelGroups.get(f.target!); return t && { attrs: t.general, section: 'tunnel-group', name: t.name }; }
    case 'config-tunnel-webvpn': { const t = c.tunnelGroups.get(f.target!); return t && { attrs: t.webvpn, section: 'tunnel-group', name: t.name }; }
    case 'config-tunnel-ipsec': { const t = c.tunnelGroups.get(f.target!); return t && { attrs: t.ipsec, section: 'tunnel-group', name: t.name }; }
    case 'config-tunnel-ppp': { const t = c.tunnelGroups.get(f.target!); return t && { attrs: t.ppp, section: 'tunnel-group', name: t.name }; }
    default: return undefined;
  }
}

const applyAttr: Handler = (c, env, cmd, f) => {
  const target = attrsFor(c, f);
  if (!target) return fail('ERROR: % Incomplete command');
  if (!cmd.no) {
    const why = validateAttr(c, env, cmd);
    if (why) return fail(why);
  }
  if (cmd.kind === 'gp.banner') setBanner(target.attrs, cmd);
  else setAttr(target.attrs, cmd);
  if (f.mode === 'config-group-webvpn') c.groupPolicies.get(f.target!)!.webvpnOpened = true;
  if (f.mode === 'config-username-webvpn') c.usernames.get(f.target!)!.webvpnOpened = true;
  return ok(target.section, cmd, target.name);
};

// ----------------------------------------------------------------------------------------------
// Global configuration

function rankOf(head: string): number {
  const w = head.replace(/^no\s+/, '').split(/\s+/);
  const two = `${w[0]} ${w[1] ?? ''}`.trim();
  let i = sectionOrder.indexOf(two);
  if (i < 0) i = sectionOrder.indexOf(w[0]);
  return i < 0 ? sectionOrder.length : i;
}

export function sectionRank(key: string): number {
  const i = sectionOrder.indexOf(key);
  return i < 0 ? sectionOrder.length : i;
}

const passthrough: Handler = (c, _env, cmd) => {
  const text = commandText(cmd);
  const banner = /^(?:no\s+)?banner\s+(\S+)/.exec(text);
  if (banner) {
    // banner lines accumulate, repeats (an empty `banner motd` line) included; `no banner motd` clears them
    const kind = `banner ${banner[1]}`;
    if (cmd.no) {
      for (const [k, b] of c.passthrough) if (b.head === kind || b.head.startsWith(kind + ' ')) c.passthrough.delete(k);
      return ok('passthrough', cmd);
    }
    const block: PassBlock = { rank: rankOf(text), seq: c.passSeq++, head: text, children: [] };
    c.passthrough.set(`${text}\u0000${block.seq}`, block);
    return ok('passthrough', cmd, undefined, { mode: 'config-passthrough', block });
  }
  if (cmd.no) {
    const positive = text.replace(/^no\s+/, '');
    if (c.passthrough.delete(positive)) return ok('passthrough', cmd);
  }
  let block = c.passthrough.get(text);
  if (!block) {
    block = { rank: rankOf(text), seq: c.passSeq++, head: text, children: [] };
    c.passthrough.set(text, block);
  }
  return ok('passthrough', cmd, undefined, { mode: 'config-passthrough', block });
};

const passChild: Handler = (c, _env, cmd, f) => {
  if (f.mode === 'config-passthrough') {
    if (!f.block) return fail('ERROR: % Incomplete command');
    const line = commandText(cmd);
    if (!f.block.children.includes(line)) f.block.children.push(line);
    return ok('passthrough', cmd);
  }
  return applyAttr(c, _env, cmd, f);
};

function tunnelGroup(c: RunningConfig, name: string): TunnelGroup {
  let t = c.tunnelGroups.get(name);
  if (!t) { t = newTunnelGroup(name, 'remote-access'); c.tunnelGroups.set(name, t); }
  return t;
}

const tgBlock = (block: 'general' | 'webvpn' | 'ipsec' | 'ppp', mode: Mode): Handler => (c, _e, cmd) => {
  const name = cmd.args.NAME as string;
  if (cmd.no) {
    const t = c.tunnelGroups.get(name);
    if (t) { t[block] = new Attrs(); t.opened.delete(block); }
    return ok('tunnel-group', cmd, name);
  }
  const t = tunnelGroup(c, name);
  t.opened.add(block);
  return ok('tunnel-group', cmd, name, { mode, target: name });
};

function removeGroupPolicy(c: RunningConfig, name: string, cmd: Command): ApplyResult {
  if (!c.groupPolicies.has(name)) return fail(`ERROR: group-policy ${name} does not exist`);
  if (name === BUILTIN_GP) {
    c.groupPolicies.set(BUILTIN_GP, newGroupPolicy(BUILTIN_GP));
    return ok('group-policy', cmd, name);
  }
  const users = gpUsers(c, name);
  if (users.length) return fail(`ERROR: Removing group-policy (${name}) not allowed, it is being used by ${users[0]}.`);
  c.groupPolicies.delete(name);
  return ok('group-policy', cmd, name);
}

function removePool(c: RunningConfig, env: ConfigEnv, name: string, cmd: Command, v6: boolean): ApplyResult {
  const pools = v6 ? c.ipv6Pools : c.ipPools;
  if (!pools.has(name)) return ok('pool', cmd, name);
  if (env.poolInUse(name)) return fail(`ERROR: Removing pool (${name}) not allowed, it has addresses in use by active VPN sessions.`);
  if (!v6) indexPool(c, name);
  pools.delete(name);
  return ok('pool', cmd, name);
}

const handlers: Record<string, Handler> = {
  'g.hostname': (c, _e, cmd) => {
    c.hostname = cmd.no ? 'ciscoasa' : cmd.args.NAME;
    return ok('global', cmd);
  },
  'g.domain-name': (c, _e, cmd) => {
    c.domainName = cmd.no ? undefined : cmd.args.NAME;
    return ok('global', cmd);
  },
  'g.enable-password': (c, _e, cmd) => {
    if (cmd.no) { c.enable = undefined; return ok('aaa', cmd); }
    const form = cmd.kws.has('pbkdf2') ? 'pbkdf2' : cmd.kws.has('encrypted') ? 'encrypted' : undefined;
    c.enable = form ? { hash: cmd.args.PW, form } : hashPassword(cmd.args.PW);
    return ok('aaa', cmd);
  },
  'g.interface': (c, _e, cmd) => {
    const hw = normalizeInterface(cmd.args.NAME, cmd.args.SUB);
    if (!hw) return fail(`ERROR: % Invalid input detected at '^' marker.`);
    if (cmd.no) {
      const i = c.interfaces.get(hw);
      if (i) i.attrs.clear();
      return ok('interface', cmd, hw);
    }
    if (!c.interfaces.has(hw)) c.interfaces.set(hw, { hw, attrs: new Attrs() });
    return ok('interface', cmd, hw, { mode: 'config-if', target: hw });
  },
  'g.ip-pool': (c, env, cmd) => {
    const name = cmd.args.NAME as string;
    if (cmd.no) return removePool(c, env, name, cmd, false);
    const { from, to } = cmd.args.RANGE;
    const a = ipToNum(from), b = ipToNum(to);
    if (a > b) return fail(`ERROR: Invalid address range ${from}-${to}`);
    const other = poolOverlap(c, name, a, b);
    if (other) return fail(`ERROR: IP local pool ${name} overlaps with IP local pool ${other}`);
    if (c.ipPools.has(name) && env.poolInUse(name)) return fail(`ERROR: Pool ${name} has addresses in use; it cannot be changed.`);
    indexPool(c, name, { from: a, to: b });
    c.ipPools.set(name, { name, range: { from, to }, mask: cmd.args.MASK });
    return ok('pool', cmd, name);
  },
  'g.ipv6-pool': (c, env, cmd) => {
    const name = cmd.args.NAME as string;
    if (cmd.no) return removePool(c, env, name, cmd, true);
    if (c.ipv6Pools.has(name) && env.poolInUse(name)) return fail(`ERROR: Pool ${name} has addresses in use; it cannot be changed.`);
    c.ipv6Pools.set(name, { name, prefix: cmd.args.PREFIX, count: cmd.args.COUNT });
    return ok('pool', cmd, name);
  },
  'g.ipv6-route': (c, _e, cmd) => listLine(c.ipv6Routes, cmd, 'route'),
  'g.acl-standard': (c, _e, cmd) => listLine(c.acl, cmd, 'access-list', cmd.args.NAME),
  'g.acl-other': (c, _e, cmd) => listLine(c.acl, cmd, 'access-list', cmd.args.NAME),
  'g.ssh': (c, _e, cmd) => listLine(c.sshRules, cmd, 'ssh'),
  'g.webvpn': (c, _e, cmd) => {
    c.webvpnOpened = true;
    return ok('webvpn', cmd, undefined, { mode: 'config-webvpn' });
  },
  'w.cache': (c, _e, cmd) => {
    c.cache ??= new Attrs();
    return ok('webvpn', cmd, undefined, { mode: 'config-webvpn-cache' });
  },
  'g.group-policy': (c, _e, cmd) => {
    const name = cmd.args.NAME as string;
    if (cmd.no) return removeGroupPolicy(c, name, cmd);
    if (cmd.args.FROM !== undefined && !c.groupPolicies.has(cmd.args.FROM)) return fail(`ERROR: group-policy ${cmd.args.FROM} does not exist`);
    const gp = c.groupPolicies.get(name) ?? newGroupPolicy(name);
    if (name === BUILTIN_GP && cmd.kws.has('external')) return fail('ERROR: DfltGrpPolicy must be internal');
    gp.kind = cmd.kws.has('external') ? 'external' : 'internal';
    gp.create = cmd;
    c.groupPolicies.set(name, gp);
    return ok('group-policy', cmd, name);
  },
  'g.group-policy-attributes': (c, _e, cmd) => {
    const name = cmd.args.NAME as string;
    if (cmd.no) {
      const gp = c.groupPolicies.get(name);
      if (!gp) return fail(`ERROR: group-policy ${name} does not exist`);
      gp.attrs = new Attrs(); gp.webvpn = new Attrs(); gp.webvpnOpened = false; gp.attributesOpened = false;
      return ok('group-policy', cmd, name);
    }
    let gp = c.groupPolicies.get(name);
    if (!gp) { gp = newGroupPolicy(name); c.groupPolicies.set(name, gp); }
    gp.attributesOpened = true;
    return ok('group-policy', cmd, name, { mode: 'config-group-policy', target: name });
  },
  'gp.webvpn': (c, _e, cmd, f) => {
    const gp = c.groupPolicies.get(f.target!);
    if (!gp) return fail('ERROR: % Incomplete command');
    gp.webvpnOpened = true;
    return ok('group-policy', cmd, gp.name, { mode: 'config-group-webvpn', target: gp.name });
  },
  'u.webvpn': (c, _e, cmd, f) => {
    const u = c.usernames.get(f.target!);
    if (!u) return fail('ERROR: % Incomplete command');
    u.webvpnOpened = true;
    return ok('username', cmd, u.name, { mode: 'config-username-webvpn', target: u.name });
  },
  'g.tunnel-group': (c, _e, cmd) => {
    const name = cmd.args.NAME as string;
    const type = cmd.kws.has('ipsec-l2l') ? 'ipsec-l2l' : cmd.kws.has('webvpn') ? 'webvpn' : 'remote-access';
    if (cmd.no) {
      if (BUILTIN_TGS.includes(name)) {
        c.tunnelGroups.set(name, newTunnelGroup(name, c.tunnelGroups.get(name)!.type));
      } else c.tunnelGroups.delete(name);
      return ok('tunnel-group', cmd, name);
    }
    const t = c.tunnelGroups.get(name);
    if (t && BUILTIN_TGS.includes(name) && t.type !== type) return fail(`ERROR: The type of tunnel-group ${name} cannot be changed`);
    if (t) t.type = type;
    else c.tunnelGroups.set(name, newTunnelGroup(name, type));
    return ok('tunnel-group', cmd, name);
  },
  'g.tunnel-group-general': tgBlock('general', 'config-tunnel-general'),
  'g.tunnel-group-webvpn': tgBlock('webvpn', 'config-tunnel-webvpn'),
  'g.tunnel-group-ipsec': tgBlock('ipsec', 'config-tunnel-ipsec'),
  'g.tunnel-group-ppp': tgBlock('ppp', 'config-tunnel-ppp'),
  'g.username': (c, _e, cmd) => {
    const name = cmd.args.NAME as string;
    if (cmd.no) { c.usernames.delete(name); return ok('username', cmd, name); }
    const form: Secret['form'] | undefined = cmd.kws.has('pbkdf2') ? 'pbkdf2' : cmd.kws.has('encrypted') ? 'encrypted' : cmd.kws.has('nt-encrypted') ? 'nt-encrypted' : undefined;
    const password = cmd.kws.has('nopassword') ? 'nopassword' as const : form ? { hash: cmd.args.PW, form } : hashPassword(cmd.args.PW);
    const u: User = c.usernames.get(name) ?? { name, password, attrs: new Attrs(), webvpn: new Attrs(), attributesOpened: false, webvpnOpened: false };
    u.password = password;
    u.privilege = cmd.args.PRIV;
    c.usernames.set(name, u);
    return ok('username', cmd, name);
  },
  'g.username-attributes': (c, _e, cmd) => {
    const name = cmd.args.NAME as string;
    const u = c.usernames.get(name);
    if (!u) return fail(`ERROR: username ${name} does not exist`);
    if (cmd.no) {
      u.attrs = new Attrs(); u.webvpn = new Attrs(); u.attributesOpened = false; u.webvpnOpened = false;
      return ok('username', cmd, name);
    }
    u.attributesOpened = true;
    return ok('username', cmd, name, { mode: 'config-username', target: name });
  },
  'g.custom-data': (c, _e, cmd) => {
    const { TYPE: type, NAME: name, VALUE: value } = cmd.args as { TYPE: string; NAME: string; VALUE?: string };
    if (cmd.no) {
      const m = c.customData.get(type);
      if (!m?.has(name)) return fail(`ERROR: anyconnect-custom-data ${type} ${name} does not exist`);
      for (const gp of c.groupPolicies.values()) {
        if (gp.attrs.all('gp.custom').some((x) => x.args.TYPE === type && x.args.NAME === name)) {
          return fail(`ERROR: Removing anyconnect-custom-data (${type} ${name}) not allowed, it is being used by group-policy ${gp.name}.`);
        }
      }
      m.delete(name);
      if (!m.size) c.customData.delete(type);
      return ok('custom-data', cmd, type);
    }
    if (!c.webvpn.all('w.custom-attr').some((x) => x.args.TYPE === type)) return fail(`ERROR: anyconnect-custom-attr ${type} is not configured`);
    const bad = customValueError(type, value ?? '');
    if (bad) return fail(bad);
    const m = c.customData.get(type) ?? new Map<string, string[]>();
    m.set(name, [...(m.get(name) ?? []), value ?? '']);
    c.customData.set(type, m);
    return ok('custom-data', cmd, type);
  },
  'g.clear-configure': (c, env, cmd) => clearConfigure(c, env, cmd),
  'p.line': passthrough,
  'p.ip': passthrough,
  'p.ipv6': passthrough,
  'p.aaa': passthrough,
  'p.ssh': passthrough,
  'p.crypto-key': (_c, _e, cmd) => ok('global', cmd),
  'tg.line': passChild,
};

handlers['g.compression'] = (c, _e, cmd) => {
  c.global.set(cmd.kind, cmd);
  return ok('global', cmd);
};
for (const k of ['g.ssh-timeout', 'g.ssh-version', 'g.aaa-authorization-exec', 'g.aaa-authorization-command', 'g.aaa-max-fail', 'g.pager']) {
  handlers[k] = (c, _e, cmd) => {
    if (cmd.no) c.global.delete(cmd.kind); else c.global.set(cmd.kind, cmd);
    return ok(k.startsWith('g.ssh') ? 'ssh' : k.startsWith('g.aaa') ? 'aaa' : 'global', cmd);
  };
}
handlers['g.aaa-authentication'] = (c, _e, cmd) => {
  const service = ['ssh', 'http', 'enable', 'serial', 'telnet'].find((s) => cmd.kws.has(s))!;
  const slot = `g.aaa-authentication\u0000${service}`;
  if (cmd.no) c.global.delete(slot); else c.global.set(slot, cmd);
  return ok('aaa', cmd);
};

function listLine(list: Lines, cmd: Command, section: Section, name?: string): ApplyResult {
  const text = commandText({ ...cmd, no: false });
  if (cmd.no) {
    if (!list.remove(text) && cmd.kind.startsWith('g.acl') && cmd.path.length <= 2) list.removeWhere((x) => x.args.NAME === name);
  } else list.add(text, cmd);
  return ok(section, cmd, name);
}

function clearConfigure(c: RunningConfig, env: ConfigEnv, cmd: Command): ApplyResult {
  const a = cmd.args;
  if (cmd.kws.has('group-policy')) {
    if (a.GP) return removeGroupPolicy(c, a.GP, cmd);
    for (const name of [...c.groupPolicies.keys()]) {
      if (name !== BUILTIN_GP && gpUsers(c, name).length) return fail(`ERROR: Removing group-policy (${name}) not allowed, it is being used.`);
    }
    for (const name of [...c.groupPolicies.keys()]) if (name !== BUILTIN_GP) c.groupPolicies.delete(name);
    c.groupPolicies.set(BUILTIN_GP, newGroupPolicy(BUILTIN_GP));
    return ok('group-policy', cmd);
  }
  if (cmd.kws.has('tunnel-group')) {
    const names = a.TG ? [a.TG as string] : [...c.tunnelGroups.keys()];
    for (const n of names) {
      if (BUILTIN_TGS.includes(n)) c.tunnelGroups.set(n, newTunnelGroup(n, c.tunnelGroups.get(n)!.type));
      else c.tunnelGroups.delete(n);
    }
    return ok('tunnel-group', cmd, a.TG);
  }
  if (cmd.kws.has('username')) {
    if (a.USER) c.usernames.delete(a.USER); else c.usernames.clear();
    return ok('username', cmd, a.USER);
  }
  if (cmd.kws.has('webvpn')) {
    c.webvpn = new Attrs(); c.cache = null; c.webvpnOpened = false;
    return ok('webvpn', cmd);
  }
  if (cmd.kws.has('pool')) {
    const names = a.POOL ? [a.POOL as string] : [...c.ipPools.keys()];
    for (const n of names) if (env.poolInUse(n)) return fail(`ERROR: Removing pool (${n}) not allowed, it has addresses in use by active VPN sessions.`);
    for (const n of names) { indexPool(c, n); c.ipPools.delete(n); }
    return ok('pool', cmd, a.POOL);
  }
  if (cmd.kws.has('anyconnect-custom-data')) {
    c.customData.clear();
    return ok('custom-data', cmd);
  }
  throw new ApplyError('clear configure all is handled by the config owner');
}

export function applyCommand(c: RunningConfig, env: ConfigEnv, cmd: Command, f: Frame): ApplyResult {
  const h = handlers[cmd.kind];
  if (h) return h(c, env, cmd, f);
  if (/^(gp|gw|tg|tw|u|if|w|wc)\./.test(cmd.kind)) return applyAttr(c, env, cmd, f);
  throw new ApplyError(`no apply function for ${cmd.kind}`);
}

export function hasHandler(kind: string): boolean {
  return kind in handlers || /^(gp|gw|tg|tw|u|if|w|wc)\./.test(kind);
}
