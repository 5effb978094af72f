// Issue 11, point 16: `show history` shows a password the way show running-config does (`*****`),
// and the config copies that hold password hashes are written 0600, whatever the umask.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApp, Shell, tempState } from '../shell/helpers.ts';

const mode = (f: string): number => fs.statSync(f).mode & 0o777;

describe('show history', () => {
  it('masks the passwords and keys typed, as show running-config masks them', async () => {
    const shell = new Shell(await bootApp(tempState()));
    const typed = [
      'configure terminal',
      'username bob password s3cr3t-1 privilege 3',
      'usern al pa s3cr3t-2',
      'enable password s3cr3t-3',
      'group-policy ext external server-group RAD password s3cr3t-4',
      'aaa-server RAD protocol radius',
      'aaa-server RAD (inside) host 10.0.0.5 key s3cr3t-5',
      'tunnel-group T type remote-access',
      'tunnel-group T ipsec-attributes',
      ' ikev1 pre-shared-key s3cr3t-6',
      'end',
    ];
    await shell.feed(typed.join('\n'));
    const shown = (await shell.run('show history')).join('\n');
    expect(shown).not.toMatch(/s3cr3t/);
    expect(shown).toContain('  username bob password ***** privilege 3');
    expect(shown).toContain('  usern al pa *****');
    expect(shown).toContain('  enable password *****');
    expect(shown).toContain('  group-policy ext external server-group RAD password *****');
    expect(shown).toContain('  aaa-server RAD (inside) host 10.0.0.5 key *****');
    expect(shown).toContain('  ikev1 pre-shared-key *****');
    // what has no secret is shown as typed
    expect(shown).toContain('  configure terminal');
    expect(shown).toContain('  tunnel-group T ipsec-attributes');
    expect(shown.split('\n').at(-1)).toBe('  show history');
    // and show running-config agrees on the interpreted ones
    const run = (await shell.run('show running-config')).join('\n');
    expect(run).toContain('username bob password ***** pbkdf2 privilege 3');
  });
});

describe('config copies on disk', () => {
  let umask = 0;
  beforeAll(() => { umask = process.umask(0o022); });
  afterAll(() => { process.umask(umask); });

  it('copy running-config disk0:/FILE writes it 0600 (it holds the password hashes)', async () => {
    const dir = tempState();
    const shell = new Shell(await bootApp(dir));
    await shell.feed('configure terminal\nusername bob password s3cr3t privilege 3\nend');
    const out = (await shell.run('copy /noconfirm running-config disk0:/backup.cfg')).join('\n');
    expect(out).toMatch(/bytes copied/);
    const file = path.join(dir, 'disk0', 'backup.cfg');
    expect(fs.readFileSync(file, 'utf8')).toMatch(/username bob password \$sha512\$\S+ pbkdf2 privilege 3/);
    expect(mode(file)).toBe(0o600);
    // a copy over a file that was readable by all makes it 0600 too, and so does startup-config
    fs.chmodSync(file, 0o644);
    await shell.run('copy /noconfirm running-config disk0:/backup.cfg');
    expect(mode(file)).toBe(0o600);
    await shell.run('write memory');
    await shell.run('copy /noconfirm startup-config disk0:/startup.cfg');
    expect(mode(path.join(dir, 'disk0', 'startup.cfg'))).toBe(0o600);
  });

  it('the startup-config store (state.json in the state folder) is 0600 after write memory', async () => {
    const dir = tempState();
    const shell = new Shell(await bootApp(dir));
    await shell.run('write memory');
    const state = path.join(dir, 'state.json');
    expect(fs.readFileSync(state, 'utf8')).toMatch(/username admin password \$sha512\$/);
    expect(mode(state)).toBe(0o600);
  });
});
