// Crash-safe file replacement. Everything the store persists goes through
// writeFileAtomicSync so that a SIGKILL or power loss leaves either the old
// bytes or the new bytes under the target name, never a mix or an empty file.
//
// lowdb 7's JSONFile writes through steno 4, which does writeFile(tmp) +
// rename(tmp, target) with no fsync of the file nor of the directory: after a
// power cut ext4/xfs may expose a zero-length target. Hence our own adapter.

import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { SyncAdapter } from 'lowdb';

// Temp names carry the writer's pid so that a later open can tell a file
// abandoned by a killed process from one another live process is still writing.
const TEMP_RE = /^\..*\.(\d+)\.[0-9a-f]{8}\.tmp$/;

export function isTempName(name: string): boolean {
  return TEMP_RE.test(name);
}

function tempPathFor(target: string): string {
  // Truncated so that a 255-byte file name still leaves room for the suffix.
  const base = path.basename(target).slice(0, 100);
  const suffix = `${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  return path.join(path.dirname(target), `.${base}.${suffix}`);
}

/** fsync a directory so that a rename or unlink inside it survives power loss. */
export function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Replace `target` with `data`: temp file in the same directory (rename is
 * only atomic within one filesystem), fsync it, rename over the target,
 * fsync the directory. `mode` is forced with fchmod because umask would
 * otherwise decide it.
 */
export function writeFileAtomicSync(target: string, data: string | Uint8Array, mode = 0o644): void {
  const tmp = tempPathFor(target);
  const fd = fs.openSync(tmp, 'wx', mode);
  try {
    try {
      fs.fchmodSync(fd, mode);
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, target);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fsyncDir(path.dirname(target));
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Remove temp files left in `dir` by writers that no longer run. Returns how many. */
export function sweepTemps(dir: string): number {
  let removed = 0;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const m = TEMP_RE.exec(name);
    if (!m || processAlive(Number(m[1]))) continue;
    fs.rmSync(path.join(dir, name), { force: true });
    removed++;
  }
  return removed;
}

/** mkdir -p, fsyncing the parent of every directory it creates. */
export function mkdirDurable(dir: string, mode = 0o755): void {
  const abs = path.resolve(dir);
  if (fs.existsSync(abs)) return;
  mkdirDurable(path.dirname(abs), mode);
  try {
    fs.mkdirSync(abs, { mode });
  } catch (err) {
    // Another process may have created it between the check and here.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return;
  }
  fsyncDir(path.dirname(abs));
}

/**
 * lowdb SyncAdapter for a JSON file written with writeFileAtomicSync.
 * A present but unparsable file is an error, not "no data": treating it as
 * empty would silently drop the saved startup-config on the next write.
 */
export class AtomicJSONFile<T> implements SyncAdapter<T> {
  constructor(readonly filename: string) {}

  read(): T | null {
    let text: string;
    try {
      text = fs.readFileSync(this.filename, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      throw new Error(`${this.filename}: not valid JSON (${(err as Error).message}); refusing to overwrite it`);
    }
  }

  write(data: T): void {
    writeFileAtomicSync(this.filename, JSON.stringify(data, null, 2) + '\n', 0o600);
  }
}
