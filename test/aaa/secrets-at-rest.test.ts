// issue 14, item 1: the AAA server keys and LDAP login passwords are encrypted in the state folder,
// shown as ***** by show running-config, in clear by more system:running-config, and come back
// after a restart.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Shell, bootApp, tempState } from '../shell/helpers.ts';

const SECRETS = ['Rad-Key-At-Rest-1', 'Ldap-Pw-At-Rest-2'];
const CONFIG = ['configure terminal', 'aaa-server RAD protocol radius', 'aaa-server RAD (inside) host 10.0.0.5', ` key ${SECRETS[0]}`,
  'aaa-server AD protocol ldap', 'aaa-server AD (inside) host 10.0.0.6', ` ldap-login-password ${SECRETS[1]}`, ' ldap-login-dn cn=svc,dc=example,dc=com', 'end'];

describe('AAA server secrets at rest', () => {
  it('are not in clear in the state folder, and are back after a restart', async () => {
    const dir = tempState();
    const sh = new Shell(await bootApp(dir, { empty: true }));
    await sh.feed(CONFIG.join('\n'));
    expect((await sh.run('write memory')).at(-1)).toBe('[OK]');
    const files = fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => fs.statSync(path.join(dir, f)).isFile());
    for (const f of files) {
      const bytes = fs.readFileSync(path.join(dir, f), 'latin1');
      for (const s of SECRETS) expect(bytes.includes(s), `${s} in ${f}`).toBe(false);
    }
    const state = fs.readFileSync(path.join(dir, 'state.json'), 'utf8');
    expect(state).toMatch(/ key 8 [A-Za-z0-9_-]{40,}/);
    expect(state).toMatch(/ ldap-login-password 8 [A-Za-z0-9_-]{40,}/);
    expect(fs.statSync(path.join(dir, 'keys', 'config-secrets')).mode & 0o777).toBe(0o600);

    const again = new Shell(await bootApp(dir));
    const shown = await again.run('show running-config aaa-server');
    expect(shown).toContain(' key *****');
    expect(shown).toContain(' ldap-login-password *****');
    const more = (await again.run('more system:running-config')).join('\n');
    expect(more).toContain(` key ${SECRETS[0]}`);
    expect(more).toContain(` ldap-login-password ${SECRETS[1]}`);
    expect((await again.run('show startup-config')).join('\n')).not.toMatch(new RegExp(SECRETS.join('|')));
  });

  it('a token that does not open (another folder\'s key) is refused at boot, nothing else is lost', async () => {
    const dir = tempState();
    const sh = new Shell(await bootApp(dir, { empty: true }));
    await sh.feed(CONFIG.join('\n'));
    await sh.run('write memory');
    fs.writeFileSync(path.join(dir, 'keys', 'config-secrets'), Buffer.alloc(32, 1).toString('base64'));
    const app = await bootApp(dir);
    const again = new Shell(app);
    const run = await again.run('show running-config aaa-server');
    expect(run).toContain('aaa-server RAD (inside) host 10.0.0.5');
    expect(run).not.toContain(' key *****');
    expect(run).toContain(' ldap-login-dn cn=svc,dc=example,dc=com');
  });
});
