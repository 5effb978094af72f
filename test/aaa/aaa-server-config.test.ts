// issue 14, item 1: aaa-server groups and hosts, ldap attribute-map and the tunnel-group server
// groups as interpreted commands: their prompts, help, `no` forms, show-run and its round trip.
import { describe, expect, it } from 'vitest';
import { Shell, bootApp, body, tempState } from '../shell/helpers.ts';

const CONFIG = [
  'aaa-server RAD protocol radius',
  ' max-failed-attempts 2',
  ' reactivation-mode timed',
  'aaa-server RAD (inside) host 10.0.0.5',
  ' timeout 3',
  ' key RadSecret1',
  ' authentication-port 1812',
  ' accounting-port 1813',
  'aaa-server RAD (inside) host 10.0.0.6',
  ' key RadSecret2',
  'aaa-server AD protocol ldap',
  'aaa-server AD (inside) host 10.0.0.7',
  ' ldap-base-dn dc=example,dc=com',
  ' ldap-scope subtree',
  ' ldap-naming-attribute uid',
  ' ldap-login-password LdapPw1',
  ' ldap-login-dn cn=svc,dc=example,dc=com',
  ' ldap-over-ssl enable',
  ' server-type openldap',
  ' ldap-attribute-map AD-MAP',
];
const MAP = ['ldap attribute-map AD-MAP', '  map-name  memberOf Group-Policy', '  map-value memberOf "cn=vpn eng,ou=groups,dc=example,dc=com" ENG'];

async function shell(): Promise<Shell> {
  return new Shell(await bootApp(tempState(), { empty: true }));
}

describe('aaa-server configuration', () => {
  it('enters the group and host sub-modes with ASA prompts', async () => {
    const sh = await shell();
    await sh.feed('configure terminal');
    await sh.feed('aaa-server RAD protocol radius');
    expect(sh.prompt).toBe('ciscoasa(config-aaa-server-group)#');
    await sh.feed('aaa-server RAD (inside) host 10.0.0.5');
    expect(sh.prompt).toBe('ciscoasa(config-aaa-server-host)#');
    await sh.feed('ldap attribute-map M');
    expect(sh.prompt).toBe('ciscoasa(config-ldap-attribute-map)#');
  });

  it('renders groups, hosts and maps, masks the secrets, and pastes back to the same render', async () => {
    const sh = await shell();
    const out = await sh.feed(['configure terminal', ...MAP, ...CONFIG, 'end'].join('\n'));
    expect(out).not.toMatch(/ERROR|Invalid/);
    const run = await sh.run('show running-config aaa-server');
    expect(run).toEqual(CONFIG.map((l) => l.replace(/(key|ldap-login-password) \S+/, '$1 *****')));
    expect(await sh.run('show running-config ldap')).toEqual(MAP);
    const full = body(sh.app);
    expect(full).toContain(' key RadSecret1');
    // render -> parse -> render
    const again = await shell();
    const out2 = await again.feed(['configure terminal', ...full, 'end'].join('\n'));
    expect(out2.split('\n').filter((l) => /ERROR|Invalid/.test(l))).toEqual([]);
    expect(body(again.app)).toEqual(full);
  });

  it('moves a key and timeout given on the host line into the host block', async () => {
    const sh = await shell();
    await sh.feed('configure terminal\naaa-server R2 protocol radius\naaa-server R2 (inside) host 10.9.9.11 OneLineKey7 timeout 5\naaa-server R2 host 10.9.9.12 key K2\nend');
    expect(await sh.run('show running-config aaa-server R2')).toEqual([
      'aaa-server R2 protocol radius', 'aaa-server R2 (inside) host 10.9.9.11', ' timeout 5', ' key *****', 'aaa-server R2 host 10.9.9.12', ' key *****']);
  });

  it('has no forms for attributes, hosts and groups', async () => {
    const sh = await shell();
    await sh.feed(['configure terminal', ...MAP, ...CONFIG].join('\n'));
    await sh.feed('aaa-server RAD (inside) host 10.0.0.5\nno authentication-port\nno key\nexit\nno aaa-server RAD (inside) host 10.0.0.6\nno aaa-server AD\nldap attribute-map AD-MAP\nno map-value memberOf "cn=vpn eng,ou=groups,dc=example,dc=com" ENG\nend');
    expect(await sh.run('show running-config aaa-server')).toEqual([
      'aaa-server RAD protocol radius', ' max-failed-attempts 2', ' reactivation-mode timed', 'aaa-server RAD (inside) host 10.0.0.5', ' timeout 3', ' accounting-port 1813']);
    expect(await sh.run('show running-config ldap')).toEqual(['ldap attribute-map AD-MAP', '  map-name  memberOf Group-Policy']);
  });

  it('refuses a host of a group that does not exist, out-of-range values and an unknown attribute map', async () => {
    const sh = await shell();
    expect(await sh.feed('configure terminal\naaa-server NOPE (inside) host 10.0.0.1')).toMatch(/ERROR: Server group NOPE does not exist/);
    expect(sh.prompt).toBe('ciscoasa(config)#');
    await sh.feed('aaa-server R protocol radius');
    expect(await sh.feed('max-failed-attempts 9')).toMatch(/Invalid input/);
    expect(await sh.feed('aaa-server R protocol ldap')).toMatch(/ERROR: Server group R already exists with protocol radius/);
    await sh.feed('aaa-server R host 10.0.0.1');
    expect(await sh.feed('ldap-attribute-map NOMAP')).toMatch(/ERROR: ldap attribute-map NOMAP does not exist/);
    expect(await sh.feed('retry-interval 11')).toMatch(/Invalid input/);
    await sh.feed('end');
    expect(await sh.run('show running-config aaa-server')).toEqual(['aaa-server R protocol radius', 'aaa-server R host 10.0.0.1']);
  });

  it('offers the sub-mode commands in ? with their help', async () => {
    const sh = await shell();
    await sh.feed('configure terminal\naaa-server R protocol radius');
    const group = await sh.feed('reactivation-mode ?');
    expect(group).toMatch(/depletion\s+Reactivate failed servers only after all servers in the group are inactive/);
    expect(group).toMatch(/timed\s+Reactivate failed servers after 30 seconds of down time/);
    await sh.feed('\naaa-server R host 10.0.0.1');
    expect(await sh.feed('authentication-port ?')).toMatch(/<1-65535>/);
  });

  it('keeps the tunnel-group server groups and password-management', async () => {
    const sh = await shell();
    const lines = ['tunnel-group RA type remote-access', 'tunnel-group RA general-attributes', ' authentication-server-group RAD LOCAL',
      ' authorization-server-group AD', ' accounting-server-group RAD', ' password-management password-expire-in-days 14'];
    await sh.feed(['configure terminal', ...lines, 'end'].join('\n'));
    expect(await sh.run('show running-config tunnel-group RA')).toEqual(lines);
    await sh.feed('configure terminal\ntunnel-group RA general-attributes\nno password-management\nno accounting-server-group\nend');
    expect(await sh.run('show running-config tunnel-group RA')).toEqual(lines.slice(0, 4));
  });
});
