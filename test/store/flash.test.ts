import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, FlashError, canonicalFlashPath, parseFlashPath } from '../../src/store/index.ts';
import { tempDir } from './helpers.ts';

function setup() {
  const dir = tempDir();
  const store = openStore(dir);
  return { dir, disk: path.join(dir, 'disk0'), flash: store.flash };
}

function flashError(fn: () => unknown): FlashError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(FlashError);
    return err as FlashError;
  }
  throw new Error('expected a FlashError');
}

describe('flash paths', () => {
  it('accepts disk0:, flash: and bare paths alike', () => {
    for (const p of ['disk0:/a/b.pkg', 'DISK0:a/b.pkg', 'flash:/a/b.pkg', '/a/b.pkg', 'a//./b.pkg', '/a/c/../b.pkg']) {
      expect(parseFlashPath(p)).toEqual(['a', 'b.pkg']);
      expect(canonicalFlashPath(p)).toBe('disk0:/a/b.pkg');
    }
    expect(parseFlashPath('disk0:')).toEqual([]);
    expect(parseFlashPath('disk0:/')).toEqual([]);
  });

  it('refuses .. escapes and other devices', () => {
    const { flash } = setup();
    for (const p of ['disk0:/../x', '/a/../../x', '..', 'flash:../../etc/passwd']) {
      const e = flashError(() => flash.read(p));
      expect(e.code).toBe('EINVAL');
      expect(e.message).not.toContain(path.sep + 'tmp');
      expect(() => flash.write(p, 'x')).toThrow(FlashError);
      expect(() => flash.exists(p)).toThrow(FlashError);
    }
    expect(flashError(() => flash.read('disk1:/x')).code).toBe('ENODEV');
  });

  it('refuses a symlink that leads out of disk0', () => {
    const { dir, disk, flash } = setup();
    fs.writeFileSync(path.join(dir, 'secret'), 's');
    fs.symlinkSync(path.join(dir, 'secret'), path.join(disk, 'link'));
    fs.symlinkSync(dir, path.join(disk, 'up'));
    expect(flashError(() => flash.read('link')).code).toBe('EINVAL');
    expect(flashError(() => flash.write('up/new', 'x')).code).toBe('EINVAL');
    expect(fs.existsSync(path.join(dir, 'new'))).toBe(false);
  });
});

describe('flash files', () => {
  it('writes, stats, reads, lists and deletes', () => {
    const { disk, flash } = setup();
    const data = Buffer.from([0, 1, 2, 255]);
    flash.write('disk0:/anyconnect.pkg', data);
    flash.write('/profile.xml', '<xml/>');
    expect(flash.read('flash:/anyconnect.pkg')).toEqual(data);
    expect(fs.readFileSync(path.join(disk, 'profile.xml'), 'utf8')).toBe('<xml/>');
    expect(flash.exists('profile.xml')).toBe(true);

    const st = flash.stat('disk0:/anyconnect.pkg')!;
    expect(st).toMatchObject({ name: 'anyconnect.pkg', size: 4, isDir: false });
    expect(st.mtime).toBeInstanceOf(Date);
    expect(st.ino).toBeGreaterThan(0);
    expect(flash.stat('/')).toMatchObject({ name: '/', isDir: true });
    expect(flash.stat('nothing')).toBeUndefined();

    expect(flash.list().map((e) => e.name)).toEqual(['anyconnect.pkg', 'profile.xml']);
    flash.write('profile.xml', 'v2');
    expect(flash.read('profile.xml').toString()).toBe('v2');

    flash.delete('disk0:/profile.xml');
    expect(flash.exists('profile.xml')).toBe(false);
    expect(flashError(() => flash.delete('profile.xml')).code).toBe('ENOENT');
    expect(flashError(() => flash.read('profile.xml'))).toMatchObject({
      code: 'ENOENT',
      flashPath: 'disk0:/profile.xml',
      reason: 'No such file or directory',
    });
    expect(fs.readdirSync(disk)).toEqual(['anyconnect.pkg']);
  });

  it('lists a file dropped into disk0/ with plain fs', () => {
    const { disk, flash } = setup();
    fs.writeFileSync(path.join(disk, 'asa9-12-4-smp-k8.bin'), Buffer.alloc(1234));
    fs.mkdirSync(path.join(disk, 'log'));
    const when = new Date('2016-02-12T07:20:42Z');
    fs.utimesSync(path.join(disk, 'asa9-12-4-smp-k8.bin'), when, when);
    const list = flash.list('disk0:/');
    expect(list.map((e) => [e.name, e.size, e.isDir])).toEqual([
      ['asa9-12-4-smp-k8.bin', 1234, false],
      ['log', expect.any(Number), true],
    ]);
    expect(list[0]!.mtime.getTime()).toBe(when.getTime());
    expect(flash.read('asa9-12-4-smp-k8.bin').length).toBe(1234);
  });

  it('handles directories like ASA: mkdir first, delete empty or recursive', () => {
    const { flash } = setup();
    expect(flashError(() => flash.write('sub/x.xml', 'x')).code).toBe('ENOENT');
    flash.mkdir('disk0:/sub');
    expect(flashError(() => flash.mkdir('sub')).code).toBe('EEXIST');
    flash.write('sub/x.xml', 'x');
    expect(flash.list('sub').map((e) => e.name)).toEqual(['x.xml']);
    expect(flash.list('sub/x.xml').map((e) => e.name)).toEqual(['x.xml']);
    expect(flashError(() => flash.write('sub', 'x')).code).toBe('EISDIR');
    expect(flashError(() => flash.read('sub')).code).toBe('EISDIR');
    expect(flashError(() => flash.list('x.xml/y')).code).toBe('ENOENT');
    expect(flashError(() => flash.delete('sub')).code).toBe('ENOTEMPTY');
    flash.delete('sub', { recursive: true });
    expect(flash.exists('sub')).toBe(false);
    expect(flashError(() => flash.delete('/')).code).toBe('EPERM');
  });

  it('reports the size of the filesystem holding the folder', () => {
    const { dir, flash } = setup();
    const s = fs.statfsSync(dir);
    expect(flash.totalBytes()).toBe(s.blocks * s.bsize);
    expect(flash.freeBytes()).toBeGreaterThan(0);
    expect(flash.freeBytes()).toBeLessThanOrEqual(flash.totalBytes());
  });
});
