// The emulated `disk0:` device: a plain host folder, so that packages and
// profiles dropped there by an operator with ordinary tools show up in `dir`.
//
// Device paths never leak host paths in errors: a FlashError names
// "disk0:/x", which the shell can print as ASA does
// ("%Error opening disk0:/x (No such file or directory)").

import fs from 'node:fs';
import path from 'node:path';
import { fsyncDir, isTempName, mkdirDurable, writeFileAtomicSync } from './atomic.ts';

export interface FlashEntry {
  /** Base name; "/" for the root. */
  name: string;
  size: number;
  mtime: Date;
  isDir: boolean;
  /** Host inode number, shown in the first column of `dir`. */
  ino: number;
}

const REASONS: Record<string, string> = {
  ENOENT: 'No such file or directory',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  EEXIST: 'File exists',
  ENOTEMPTY: 'Directory not empty',
  ENOSPC: 'No space left on device',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  EINVAL: 'Invalid argument',
  ENODEV: 'No such device',
};

export class FlashError extends Error {
  /** errno-style code: ENOENT, EISDIR, EINVAL (bad or escaping path), ENODEV (other device)... */
  readonly code: string;
  /** Canonical device path, e.g. "disk0:/a/b.pkg". */
  readonly flashPath: string;
  /** strerror-like text for the "%Error ... (reason)" form. */
  readonly reason: string;

  constructor(code: string, flashPath: string, reason = REASONS[code] ?? code) {
    super(`${flashPath}: ${reason}`);
    this.name = 'FlashError';
    this.code = code;
    this.flashPath = flashPath;
    this.reason = reason;
  }
}

const DEVICE_RE = /^([A-Za-z][A-Za-z0-9-]*):(.*)$/s;

/**
 * Normalise a device path to its segments below the root.
 * Accepts "disk0:/a/b", "disk0:a/b", "flash:/a/b" (alias, case-insensitive as
 * on ASA), "/a/b" and "a/b". ".." is resolved but may not climb above the root.
 */
export function parseFlashPath(p: string): string[] {
  let rest = p;
  const m = DEVICE_RE.exec(p);
  if (m) {
    const dev = m[1]!.toLowerCase();
    if (dev !== 'disk0' && dev !== 'flash') throw new FlashError('ENODEV', p, `Unsupported device ${m[1]}:`);
    rest = m[2]!;
  }
  if (rest.includes('\0')) throw new FlashError('EINVAL', p);
  const out: string[] = [];
  for (const seg of rest.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) throw new FlashError('EINVAL', p, 'Path escapes disk0:');
      out.pop();
    } else {
      out.push(seg);
    }
  }
  return out;
}

/** "disk0:/a/b" for any accepted spelling. */
export function canonicalFlashPath(p: string): string {
  return 'disk0:/' + parseFlashPath(p).join('/');
}

export class Flash {
  readonly root: string;

  constructor(root: string) {
    mkdirDurable(root);
    this.root = fs.realpathSync(root);
  }

  /**
   * Host path for a device path, for callers that must stream (e.g. serving a
   * package over HTTPS) rather than read a whole Buffer. Symlinks inside the
   * folder that point outside it are refused like "..".
   */
  hostPath(p: string): string {
    const segs = parseFlashPath(p);
    const abs = path.join(this.root, ...segs);
    // Check the deepest existing ancestor: the target itself may not exist yet.
    let probe = abs;
    for (;;) {
      let real: string;
      try {
        real = fs.realpathSync(probe);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if ((code === 'ENOENT' || code === 'ENOTDIR') && probe !== this.root) {
          probe = path.dirname(probe);
          continue;
        }
        throw this.#wrap(err, p);
      }
      if (real !== this.root && !real.startsWith(this.root + path.sep)) {
        throw new FlashError('EINVAL', canonicalFlashPath(p), 'Path escapes disk0:');
      }
      return abs;
    }
  }

  #wrap(err: unknown, p: string): Error {
    const code = (err as NodeJS.ErrnoException).code;
    if (err instanceof FlashError || typeof code !== 'string') return err as Error;
    return new FlashError(code, canonicalFlashPath(p));
  }

  #entry(abs: string, name: string): FlashEntry {
    const st = fs.statSync(abs);
    return { name, size: st.size, mtime: st.mtime, isDir: st.isDirectory(), ino: st.ino };
  }

  /**
   * Entries of a directory sorted by name, without our in-flight temp files.
   * A file path lists that one file, as `dir disk0:/file.bin` does.
   */
  list(dir = '/'): FlashEntry[] {
    const abs = this.hostPath(dir);
    try {
      const st = fs.statSync(abs);
      if (!st.isDirectory()) return [this.#entry(abs, path.basename(abs))];
      const out: FlashEntry[] = [];
      for (const name of fs.readdirSync(abs)) {
        if (isTempName(name)) continue;
        try {
          out.push(this.#entry(path.join(abs, name), name));
        } catch {
          // Dangling symlink or a file deleted while listing: not worth failing `dir`.
        }
      }
      return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (err) {
      throw this.#wrap(err, dir);
    }
  }

  /** undefined when nothing is there. */
  stat(p: string): FlashEntry | undefined {
    const abs = this.hostPath(p);
    try {
      return this.#entry(abs, abs === this.root ? '/' : path.basename(abs));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw this.#wrap(err, p);
    }
  }

  exists(p: string): boolean {
    return this.stat(p) !== undefined;
  }

  read(p: string): Buffer {
    try {
      return fs.readFileSync(this.hostPath(p));
    } catch (err) {
      throw this.#wrap(err, p);
    }
  }

  /**
   * The first `length` bytes of a file as a stream (a client package served over HTTPS): read in
   * chunks as the reader takes them, never whole. Rejects with a FlashError when it cannot be opened.
   */
  async openRead(p: string, length: number): Promise<fs.ReadStream> {
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(this.hostPath(p), 'r');
    } catch (err) {
      throw this.#wrap(err, p);
    }
    return handle.createReadStream({ start: 0, end: Math.max(0, length - 1), autoClose: true });
  }

  /**
   * Atomic replace. The parent directory must exist, as on ASA (see mkdir). Written 0600 whatever the
   * umask: a copy of the running-config carries password hashes and keys, and nothing on disk0: needs
   * another reader than headend (packages and profiles are served by this process).
   */
  write(p: string, data: string | Uint8Array, mode = 0o600): void {
    const abs = this.hostPath(p);
    if (abs === this.root) throw new FlashError('EISDIR', canonicalFlashPath(p));
    try {
      if (fs.statSync(abs, { throwIfNoEntry: false })?.isDirectory()) throw new FlashError('EISDIR', canonicalFlashPath(p));
      writeFileAtomicSync(abs, data, mode);
    } catch (err) {
      throw this.#wrap(err, p);
    }
  }

  mkdir(p: string): void {
    const abs = this.hostPath(p);
    try {
      fs.mkdirSync(abs);
      fsyncDir(path.dirname(abs));
    } catch (err) {
      throw this.#wrap(err, p);
    }
  }

  /** Removes a file or an empty directory; `recursive` for `delete /recursive`. */
  delete(p: string, opts: { recursive?: boolean } = {}): void {
    const abs = this.hostPath(p);
    if (abs === this.root) throw new FlashError('EPERM', canonicalFlashPath(p));
    try {
      const st = fs.lstatSync(abs);
      if (!st.isDirectory()) fs.unlinkSync(abs);
      else if (opts.recursive) fs.rmSync(abs, { recursive: true });
      else fs.rmdirSync(abs);
      fsyncDir(path.dirname(abs));
    } catch (err) {
      throw this.#wrap(err, p);
    }
  }

  /** Size of the filesystem holding the folder (ASA's "bytes total"). */
  totalBytes(): number {
    const s = fs.statfsSync(this.root);
    return s.blocks * s.bsize;
  }

  /** Space an unprivileged writer can still use (bavail, not bfree). */
  freeBytes(): number {
    const s = fs.statfsSync(this.root);
    return s.bavail * s.bsize;
  }
}
