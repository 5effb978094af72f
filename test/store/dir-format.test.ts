import { describe, expect, it } from 'vitest';
import { formatDir, formatDirTime, dirLabel, type DirRow } from '../../src/store/index.ts';

const at = (s: string) => new Date(s);

describe('formatDir', () => {
  it('matches the ASA disk0: layout', () => {
    const rows: DirRow[] = [{ ino: 134, name: 'general.xml', size: 2595, mtime: at('2016-02-12T07:20:42Z') }];
    expect(formatDir('disk0:/', rows, 7859437568, 4417200128, { utc: true })).toBe(
      [
        '',
        'Directory of disk0:/',
        '',
        '134    -rwx  2595         07:20:42 Feb 12 2016  general.xml',
        '',
        '7859437568 bytes total (4417200128 bytes free)',
        '',
      ].join('\n'),
    );
  });

  it('serves the cache: style with inode 0 and ---- perms', () => {
    const rows: DirRow[] = [
      { ino: 0, perms: '----', name: 'engineering.xml', size: 774, mtime: at('2006-11-22T11:54:41Z') },
      { ino: 0, perms: '----', name: 'sales.xml', size: 774, mtime: at('2006-11-22T11:54:52Z') },
    ];
    const out = formatDir(dirLabel('cache:stc/profiles'), rows, 2428928, 18219008, { utc: true });
    expect(out.split('\n')).toEqual([
      '',
      'Directory of cache:stc/profiles/',
      '',
      '0      ----  774          11:54:41 Nov 22 2006  engineering.xml',
      '0      ----  774          11:54:52 Nov 22 2006  sales.xml',
      '',
      '2428928 bytes total (18219008 bytes free)',
      '',
    ]);
    expect(out.split('\n')[3]!.split(/\s+/).join(' ')).toBe('0 ---- 774 11:54:41 Nov 22 2006 engineering.xml');
  });

  it('marks directories, keeps columns aligned for wide values, says when empty', () => {
    const rows: DirRow[] = [
      { ino: 123456789, name: 'log', size: 4096, isDir: true, mtime: at('2014-03-31T07:58:39Z') },
      { ino: 7, name: 'big.bin', size: 12345678901234, mtime: at('2014-03-01T07:58:39Z') },
    ];
    const lines = formatDir('disk0:/', rows, 1, 0, { utc: true }).split('\n');
    expect(lines[3]).toBe('123456789 drwx  4096           07:58:39 Mar 31 2014  log');
    expect(lines[4]).toBe('7         -rwx  12345678901234 07:58:39 Mar 01 2014  big.bin');
    expect(formatDir('disk0:/x/', [], 10, 5)).toContain('\nNo files in directory\n');
  });

  it('uses local time unless told otherwise', () => {
    const d = new Date(2020, 0, 5, 9, 8, 7);
    expect(formatDirTime(d)).toBe('09:08:07 Jan 05 2020');
  });
});
