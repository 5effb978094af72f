// Global configuration mode, `(config)#`: objects created, entered and removed, and global settings.
import { config as G } from '../../../grammar/config.ts';
import { iface as IF } from '../../../grammar/interface.ts';
import { groupPolicy as GP } from '../../../grammar/group-policy.ts';
import { webvpn as W } from '../../../grammar/webvpn.ts';
import type { Command } from '../../../grammar/matcher.ts';
import type { Mode } from '../../../grammar/syntax.ts';
import { commandText } from '../command-text.ts';
import type { ConfigEnv } from '../env.ts';
import { argDefault } from '../defaults.ts';
import { fail, ok, on, type ApplyResult, type ConfigBinding, type Section } from '../binding.ts';
import {
  Attrs, BUILTIN_GP, BUILTIN_TGS, newGroupPolicy, newTunnelGroup,
  privKey, slotOf, type Interface, type Lines, type PrivEntry, type RunningConfig, type Secret, type TunnelGroup, type User,
} from '../model.ts';
import { hashPassword, validateHash } from '../passwords.ts';
import { normalizeInterface } from '../interface-name.ts';
import { ipToNum } from '../ip.ts';
import { indexPool, poolOverlap } from '../pools.ts';
import { gpUsers } from '../usage.ts';
import { customValueError } from '../custom-values.ts';

function namedInterface(c: RunningConfig, name: string): Interface | undefined {
  const low = name.toLowerCase();
  for (const i of c.interfaces.values()) {
    const n = i.attrs.get(IF.nameif);
    if (n && !n.no && n.args.NAME.toLowerCase() === low) return i;
  }
  return undefined;
}

function tunnelGroup(c: RunningConfig, name: string): TunnelGroup {
  let t = c.tunnelGroups.get(name);
  if (!t) { t = newTunnelGroup(name, 'remote-access'); c.tunnelGroups.set(name, t); }
  return t;
}

type TgBlock = 'general' | 'webvpn' | 'ipsec' | 'ppp';
const tgBlock = (block: TgBlock, mode: Mode) => (c: RunningConfig, cmd: Command & { args: { NAME?: string } }): ApplyResult => {
  const name = cmd.args.NAME!;
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

function listLine(list: Lines, cmd: Command, section: Section, name?: string): ApplyResult {
  const text = commandText({ ...cmd, no: false });
  if (cmd.no) {
    // `no access-list NAME` removes every line of that list
    if (!list.remove(text) && name !== undefined && cmd.path.length <= 2) list.removeWhere((x) => x.args.NAME === name);
  } else list.add(text, cmd);
  return ok(section, cmd, name);
}

/** single-slot global settings: set, or removed by their `no` form */
function globalSetting(section: Section) {
  return (c: RunningConfig, cmd: Command): ApplyResult => {
    if (cmd.no) c.global.delete(cmd.kind); else c.global.set(cmd.kind, cmd);
    return ok(section, cmd);
  };
}

const secretForm = (k: Command['kws']): Secret['form'] | undefined =>
  k.has('pbkdf2') ? 'pbkdf2' : k.has('encrypted') ? 'encrypted' : k.has('nt-encrypted') ? 'nt-encrypted' : undefined;

export const configCommands: ConfigBinding[] = [
  on(G.hostname, (c, _e, cmd) => {
    c.hostname = cmd.no ? argDefault(G.hostname, 'NAME') : cmd.args.NAME!;
    return ok('global', cmd);
  }),
  on(G.domainName, (c, _e, cmd) => {
    c.domainName = cmd.no ? undefined : cmd.args.NAME;
    return ok('global', cmd);
  }),
  on(G.enablePassword, (c, _e, cmd) => {
    if (cmd.no) { c.enable = undefined; return ok('aaa', cmd); }
    const form = secretForm(cmd.kws);
    // a malformed PBKDF2 hash is refused on entry (it could never match, or could match anything)
    const bad = form === 'pbkdf2' ? validateHash({ hash: cmd.args.PW!, form }) : undefined;
    if (bad) return fail(bad);
    c.enable = form ? { hash: cmd.args.PW!, form } : hashPassword(cmd.args.PW!);
    return ok('aaa', cmd);
  }),
  on(G.interface, (c, _e, cmd) => {
    const hw = normalizeInterface(cmd.args.NAME!, cmd.args.SUB);
    if (!hw) return fail(`ERROR: % Invalid input detected at '^' marker.`);
    if (cmd.no) {
      const i = c.interfaces.get(hw);
      if (i) i.attrs.clear();
      return ok('interface', cmd, hw);
    }
    if (!c.interfaces.has(hw)) c.interfaces.set(hw, { hw, attrs: new Attrs() });
    return ok('interface', cmd, hw, { mode: 'config-if', target: hw });
  }),
  on(G.ipPool, (c, env, cmd) => {
    const name = cmd.args.NAME!;
    if (cmd.no) return removePool(c, env, name, cmd, false);
    const { from, to } = cmd.args.RANGE!;
    const a = ipToNum(from), b = ipToNum(to);
    if (a > b) return fail(`ERROR: Invalid address range ${from}-${to}`);
    const other = poolOverlap(c, name, a, b);
    if (other) return fail(`ERROR: IP local pool ${name} overlaps with IP local pool ${other}`);
    if (c.ipPools.has(name) && env.poolInUse(name)) return fail(`ERROR: Pool ${name} has addresses in use; it cannot be changed.`);
    indexPool(c, name, { from: a, to: b });
    c.ipPools.set(name, { name, range: { from, to }, mask: cmd.args.MASK });
    return ok('pool', cmd, name);
  }),
  on(G.ipv6Pool, (c, env, cmd) => {
    const name = cmd.args.NAME!;
    if (cmd.no) return removePool(c, env, name, cmd, true);
    if (c.ipv6Pools.has(name) && env.poolInUse(name)) return fail(`ERROR: Pool ${name} has addresses in use; it cannot be changed.`);
    c.ipv6Pools.set(name, { name, prefix: cmd.args.PREFIX!, count: cmd.args.COUNT! });
    return ok('pool', cmd, name);
  }),
  on(G.ipv6Route, (c, _e, cmd) => listLine(c.ipv6Routes, cmd, 'route')),
  on(G.ssh, (c, _e, cmd) => listLine(c.sshRules, cmd, 'ssh')),
  on(G.webvpn, (c, _e, cmd) => {
    c.webvpnOpened = true;
    return ok('webvpn', cmd, undefined, { mode: 'config-webvpn' });
  }),
  on(G.groupPolicy, (c, _e, cmd) => {
    const name = cmd.args.NAME!;
    if (cmd.no) return removeGroupPolicy(c, name, cmd);
    if (cmd.args.FROM !== undefined && !c.groupPolicies.has(cmd.args.FROM)) return fail(`ERROR: group-policy ${cmd.args.FROM} does not exist`);
    const gp = c.groupPolicies.get(name) ?? newGroupPolicy(name);
    if (name === BUILTIN_GP && cmd.kws.has('external')) return fail('ERROR: DfltGrpPolicy must be internal');
    gp.kind = cmd.kws.has('external') ? 'external' : 'internal';
    gp.create = cmd;
    c.groupPolicies.set(name, gp);
    return ok('group-policy', cmd, name);
  }),
  on(G.groupPolicyAttributes, (c, _e, cmd) => {
    const name = cmd.args.NAME!;
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
  }),
  on(G.tunnelGroup, (c, _e, cmd) => {
    const name = cmd.args.NAME!;
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
  }),
  on(G.tunnelGroupGeneral, (c, _e, cmd) => tgBlock('general', 'config-tunnel-general')(c, cmd)),
  on(G.tunnelGroupWebvpn, (c, _e, cmd) => tgBlock('webvpn', 'config-tunnel-webvpn')(c, cmd)),
  on(G.tunnelGroupIpsec, (c, _e, cmd) => tgBlock('ipsec', 'config-tunnel-ipsec')(c, cmd)),
  on(G.tunnelGroupPpp, (c, _e, cmd) => tgBlock('ppp', 'config-tunnel-ppp')(c, cmd)),
  on(G.username, (c, _e, cmd) => {
    const name = cmd.args.NAME!;
    if (cmd.no) { c.usernames.delete(name); return ok('username', cmd, name); }
    const form = secretForm(cmd.kws);
    // a malformed PBKDF2 hash is refused on entry (it could never match, or could match anything)
    const bad = form === 'pbkdf2' ? validateHash({ hash: cmd.args.PW!, form }) : undefined;
    if (bad) return fail(bad);
    const password = cmd.kws.has('nopassword') ? 'nopassword' as const : form ? { hash: cmd.args.PW!, form } : hashPassword(cmd.args.PW!);
    const u: User = c.usernames.get(name) ?? { name, password, attrs: new Attrs(), webvpn: new Attrs(), attributesOpened: false, webvpnOpened: false };
    u.password = password;
    u.privilege = cmd.args.PRIV;
    c.usernames.set(name, u);
    return ok('username', cmd, name);
  }),
  on(G.usernameAttributes, (c, _e, cmd) => {
    const name = cmd.args.NAME!;
    const u = c.usernames.get(name);
    if (!u) return fail(`ERROR: username ${name} does not exist`);
    if (cmd.no) {
      u.attrs = new Attrs(); u.webvpn = new Attrs(); u.attributesOpened = false; u.webvpnOpened = false;
      return ok('username', cmd, name);
    }
    u.attributesOpened = true;
    return ok('username', cmd, name, { mode: 'config-username', target: name });
  }),
  on(G.customData, (c, _e, cmd) => {
    const { TYPE: type, NAME: name, VALUE: value } = cmd.args;
    if (type === undefined || name === undefined) return fail('ERROR: % Incomplete command');
    if (cmd.no) {
      const m = c.customData.get(type);
      if (!m?.has(name)) return fail(`ERROR: anyconnect-custom-data ${type} ${name} does not exist`);
      for (const gp of c.groupPolicies.values()) {
        if (gp.attrs.all(GP.custom).some((x) => x.args.TYPE === type && x.args.NAME === name)) {
          return fail(`ERROR: Removing anyconnect-custom-data (${type} ${name}) not allowed, it is being used by group-policy ${gp.name}.`);
        }
      }
      m.delete(name);
      if (!m.size) c.customData.delete(type);
      return ok('custom-data', cmd, type);
    }
    if (!c.webvpn.all(W.customAttr).some((x) => x.args.TYPE === type)) return fail(`ERROR: anyconnect-custom-attr ${type} is not configured`);
    const bad = customValueError(type, value ?? '');
    if (bad) return fail(bad);
    const m = c.customData.get(type) ?? new Map<string, string[]>();
    m.set(name, [...(m.get(name) ?? []), value ?? '']);
    c.customData.set(type, m);
    return ok('custom-data', cmd, type);
  }),
  on(G.compression, (c, _e, cmd) => {
    // `no compression svc` is a state of its own, kept in the slot
    c.global.set(cmd.kind, cmd);
    return ok('global', cmd);
  }),
  on(G.sshTimeout, (c, _e, cmd) => globalSetting('ssh')(c, cmd)),
  on(G.sshVersion, (c, _e, cmd) => globalSetting('ssh')(c, cmd)),
  on(G.aaaAuthorizationExec, (c, _e, cmd) => globalSetting('aaa')(c, cmd)),
  on(G.aaaAuthorizationCommand, (c, _e, cmd) => globalSetting('aaa')(c, cmd)),
  on(G.aaaMaxFail, (c, _e, cmd) => globalSetting('aaa')(c, cmd)),
  on(G.privilege, (c, _e, cmd) => {
    // `cmd` is a form before `level` and a mode after `mode`: read the path by position
    const kw = (i: number) => { const p = cmd.path[i]; return p && 'kw' in p ? p.kw : undefined; };
    const form = kw(1);
    const variants: PrivEntry['variant'][] = form === 'show' || form === 'clear' || form === 'cmd' ? [form] : ['show', 'clear', 'cmd'];
    const m = cmd.path.findIndex((p) => 'kw' in p && p.kw === 'mode');
    const mode = m < 0 ? undefined : kw(m + 1) as PrivEntry['mode'];
    const command = cmd.args.CMD.toLowerCase();
    for (const variant of variants) {
      const e: PrivEntry = { variant, level: cmd.args.LEVEL, mode, command };
      if (cmd.no) c.privileges.delete(privKey(e)); else c.privileges.set(privKey(e), e);
    }
    return ok('aaa', cmd);
  }),
  on(G.pager, (c, _e, cmd) => globalSetting('global')(c, cmd)),
  // an interface's MTU, by its nameif; `no mtu NAME` returns it to the default, which show-run prints
  on(G.mtu, (c, _e, cmd) => {
    const name = cmd.args.IFNAME;
    const i = namedInterface(c, name);
    if (!i) return fail(`ERROR: interface ${name} does not exist`);
    if (cmd.no) c.global.delete(slotOf(cmd));
    else c.global.set(slotOf(cmd), cmd);
    return ok('interface', cmd, i.hw);
  }),
  on(G.aaaAuthentication, (c, _e, cmd) => {
    const service = (['ssh', 'http', 'enable', 'serial', 'telnet'] as const).find((s) => cmd.kws.has(s))!;
    const slot = `${cmd.kind}\u0000${service}`;
    if (cmd.no) c.global.delete(slot); else c.global.set(slot, cmd);
    return ok('aaa', cmd);
  }),
  on(G.clearConfigure, (c, env, cmd) => {
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
      const names = a.TG ? [a.TG] : [...c.tunnelGroups.keys()];
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
      const names = a.POOL ? [a.POOL] : [...c.ipPools.keys()];
      for (const n of names) if (env.poolInUse(n)) return fail(`ERROR: Removing pool (${n}) not allowed, it has addresses in use by active VPN sessions.`);
      for (const n of names) { indexPool(c, n); c.ipPools.delete(n); }
      return ok('pool', cmd, a.POOL);
    }
    if (cmd.kws.has('anyconnect-custom-data')) {
      c.customData.clear();
      return ok('custom-data', cmd);
    }
    // `clear configure all` replaces the whole model: the config owner does it (running.ts)
    return fail('ERROR: % Incomplete command');
  }),
];
