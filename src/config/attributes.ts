// Attributes of sub-mode blocks (interface, webvpn, group-policy, tunnel-group, username): the
// frame names the block, the declaration's binding validates, and the command goes into its slot.
import type { Command } from '../../grammar/matcher.ts';
import type { ConfigEnv } from './env.ts';
import { Attrs, slotOf, type RunningConfig } from './model.ts';
import { fail, ok, type ApplyResult, type Frame, type Section, type StoreBinding } from './binding.ts';

export function attrsFor(c: RunningConfig, f: Frame): { attrs: Attrs; section: Section; name?: string } | undefined {
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
    case 'config-aaa-server-group': { const g = c.aaaServers.get(f.target!); return g && { attrs: g.attrs, section: 'aaa-server', name: g.name }; }
    case 'config-aaa-server-host': {
      const [group, addr] = f.target!.split('\u0000');
      const h = c.aaaServers.get(group)?.hosts.get(addr);
      return h && { attrs: h.attrs, section: 'aaa-server', name: group };
    }
    case 'config-ldap-attribute-map': { const m = c.ldapMaps.get(f.target!); return m && { attrs: m.attrs, section: 'aaa-server', name: m.name }; }
    case 'config-load-balancing': return c.loadBalancing ? { attrs: c.loadBalancing, section: 'load-balancing' } : undefined;
    default: return undefined;
  }
}

/** one slot per kind (or per key); a `no` form removes it unless the declaration keeps `no` lines */
export function putAttr(attrs: Attrs, cmd: Command): void {
  const slot = slotOf(cmd);
  if (cmd.no && !cmd.decl.keepNo) {
    attrs.delete(slot);
    return;
  }
  attrs.set(slot, cmd);
}

export function applyStore(c: RunningConfig, env: ConfigEnv, b: StoreBinding, cmd: Command, f: Frame): ApplyResult {
  const target = attrsFor(c, f);
  if (!target) return fail('ERROR: % Incomplete command');
  if (!cmd.no) {
    const why = b.validate?.(c, env, cmd);
    if (why) return fail(why);
  }
  (b.put ?? putAttr)(target.attrs, cmd);
  if (f.mode === 'config-group-webvpn') c.groupPolicies.get(f.target!)!.webvpnOpened = true;
  if (f.mode === 'config-username-webvpn') c.usernames.get(f.target!)!.webvpnOpened = true;
  return ok(target.section, cmd, target.name);
}
