// Private keys and certificates (trustpoints, SSH host keys) live as one file
// per name under stateDir/keys, outside state.json, so that they can be
// 0600 in a 0700 folder and never end up in a config dump or a backup of
// state.json.

import fs from 'node:fs';
import path from 'node:path';
import { mkdirDurable, writeFileAtomicSync, fsyncDir } from './atomic.ts';

// No leading dot (temp files and hidden files start with one) and no slash:
// a name is always exactly one file inside the folder.
const NAME_RE = /^[A-Za-z0-9_@+=-][A-Za-z0-9._@+=-]{0,127}$/;

export interface Keys {
  get(name: string): string | undefined;
  set(name: string, pem: string): void;
  /** true if something was removed. */
  delete(name: string): boolean;
  list(): string[];
}

function fileFor(dir: string, name: string): string {
  if (!NAME_RE.test(name)) throw new Error(`invalid key name ${JSON.stringify(name)}`);
  return path.join(dir, name);
}

export function openKeys(dir: string): Keys {
  mkdirDurable(dir, 0o700);
  // Tighten a folder created earlier by hand or by an older version.
  fs.chmodSync(dir, 0o700);
  return {
    get(name) {
      try {
        return fs.readFileSync(fileFor(dir, name), 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
    },
    set(name, pem) {
      writeFileAtomicSync(fileFor(dir, name), pem, 0o600);
    },
    delete(name) {
      try {
        fs.unlinkSync(fileFor(dir, name));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw err;
      }
      fsyncDir(dir);
      return true;
    },
    list() {
      return fs.readdirSync(dir).filter((n) => NAME_RE.test(n)).sort();
    },
  };
}
