// `aaa-server` groups and hosts, `ldap attribute-map`: the objects, and the attributes of their
// sub-modes. A key or timeout given on the host line goes into the host's attributes, where an ASA
// shows it (` key *****`, ` timeout 5` under the host line).
import { aaaServer as A } from '../../../grammar/aaa-server.ts';
import { matchLine, type Command } from '../../../grammar/matcher.ts';
import { Attrs, hostTarget } from '../model.ts';
import { fail, ok, on, store, stored, type ConfigBinding } from '../binding.ts';
import { putAttr } from '../attributes.ts';

/** a host attribute as if typed in its sub-mode (`key K`, `timeout S`) */
function hostAttr(line: string): Command | undefined {
  const r = matchLine(line, 'config-aaa-server-host').res;
  return r.ok ? r.cmd : undefined;
}

export const unquote = (s: string): string => (s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s);

export const aaaServerCommands: ConfigBinding[] = [
  on(A.group, (c, _e, cmd) => {
    const name = cmd.args.NAME!;
    if (cmd.no) {
      c.aaaServers.delete(name);
      return ok('aaa-server', cmd, name);
    }
    const protocol = (['radius', 'ldap', 'tacacs+', 'kerberos', 'sdi', 'nt', 'http-form'] as const).find((p) => cmd.kws.has(p))!;
    const g = c.aaaServers.get(name);
    if (g && g.protocol !== protocol) return fail(`ERROR: Server group ${name} already exists with protocol ${g.protocol}`);
    if (!g) c.aaaServers.set(name, { name, protocol, create: cmd, attrs: new Attrs(), hosts: new Map() });
    return ok('aaa-server', cmd, name, { mode: 'config-aaa-server-group', target: name });
  }),
  on(A.host, (c, _e, cmd) => {
    const name = cmd.args.NAME!;
    const g = c.aaaServers.get(name);
    if (cmd.no) {
      if (!cmd.args.ADDR) {
        c.aaaServers.delete(name);
        return ok('aaa-server', cmd, name);
      }
      g?.hosts.delete(cmd.args.ADDR.toLowerCase());
      return ok('aaa-server', cmd, name);
    }
    if (!g) return fail(`ERROR: Server group ${name} does not exist. Please use 'aaa-server ${name} protocol <protocol>' to create it.`);
    const addr = cmd.args.ADDR!;
    const key = addr.toLowerCase();
    let h = g.hosts.get(key);
    if (!h) { h = { addr, ifc: cmd.args.IFC, attrs: new Attrs() }; g.hosts.set(key, h); }
    if (cmd.args.IFC) h.ifc = cmd.args.IFC;
    const extra = [cmd.args.KEY !== undefined ? hostAttr(`key ${cmd.args.KEY}`) : undefined,
      cmd.args.SECONDS !== undefined ? hostAttr(`timeout ${cmd.args.SECONDS}`) : undefined];
    for (const x of extra) if (x) putAttr(h.attrs, x);
    return ok('aaa-server', cmd, name, { mode: 'config-aaa-server-host', target: hostTarget(name, addr) });
  }),
  on(A.attributeMap, (c, _e, cmd) => {
    const name = cmd.args.NAME!;
    if (cmd.no) {
      c.ldapMaps.delete(name);
      return ok('aaa-server', cmd, name);
    }
    if (!c.ldapMaps.has(name)) c.ldapMaps.set(name, { name, attrs: new Attrs() });
    return ok('aaa-server', cmd, name, { mode: 'config-ldap-attribute-map', target: name });
  }),
  // one map-value per LDAP attribute and value
  store(A.mapValue, {
    put: (attrs, cmd) => {
      const slot = `${cmd.kind}\u0000${cmd.args.LDAP!.toLowerCase()}\u0000${unquote(cmd.args.VALUE!)}`;
      if (cmd.no) attrs.delete(slot); else attrs.set(slot, cmd);
    },
  }),
  store(A.ldapAttributeMap, { validate: (c, _e, cmd) => (c.ldapMaps.has(cmd.args.MAP!) ? undefined : `ERROR: ldap attribute-map ${cmd.args.MAP} does not exist`) }),
  ...stored(A.maxFailedAttempts, A.reactivationMode, A.accountingMode, A.interimUpdate, A.groupOther,
    A.timeout, A.key, A.authenticationPort, A.accountingPort, A.retryInterval, A.ldapBaseDn, A.ldapScope, A.ldapNamingAttribute,
    A.ldapLoginPassword, A.ldapLoginDn, A.ldapOverSsl, A.serverPort, A.serverType, A.hostOther, A.mapName),
];

