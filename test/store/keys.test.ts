import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import { tempDir } from './helpers.ts';

const PEM = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n';

describe('keys', () => {
  it('stores each key as a 0600 file and reads it back after reopen', () => {
    const dir = tempDir();
    const { keys } = openStore(dir);
    expect(keys.get('ssh-host-rsa')).toBeUndefined();
    keys.set('ssh-host-rsa', PEM);
    const file = path.join(dir, 'keys', 'ssh-host-rsa');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(openStore(dir).keys.get('ssh-host-rsa')).toBe(PEM);
    keys.set('ssh-host-rsa', PEM + 'x');
    expect(keys.get('ssh-host-rsa')).toBe(PEM + 'x');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(keys.list()).toEqual(['ssh-host-rsa']);
    expect(keys.delete('ssh-host-rsa')).toBe(true);
    expect(keys.delete('ssh-host-rsa')).toBe(false);
    expect(keys.get('ssh-host-rsa')).toBeUndefined();
  });

  it('rejects names that are not a single plain file', () => {
    const { keys } = openStore(tempDir());
    for (const bad of ['../x', 'a/b', '.hidden', '', '..']) expect(() => keys.set(bad, PEM)).toThrow(/invalid key name/);
    keys.set('ASDM_TrustPoint0.key', PEM);
    expect(keys.get('ASDM_TrustPoint0.key')).toBe(PEM);
  });
});
