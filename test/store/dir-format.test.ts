import { describe, expect, it } from 'vitest';
import { formatDir, formatDirTime, dirLabel, type DirRow } from '../../src/store/index.ts';

const at = (s: string) => new Date(s);

describe('formatDir', () => {
  it('matches the ASA disk0: layout', () => {
    const rows: DirRow[] = [{ ino: 134, name: 'general.xml', size: 2595, mtime: at('2016-02-12T07:20:42Z') }];
    // without totals: ASA 9.5's ending (ntc-templates tests/cisco_asa/dir/cisco_asa_dir.raw)
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

  it('ends a disk0: listing as ASA 9.x does: files count and size, free share', () => {
    // Ansible cisco.asa tests/unit/modules/network/asa/fixtures/asa_facts_dir (ASA 9.10): dirs are not counted
    const rows: DirRow[] = [
      { ino: 11, name: 'smart-log', size: 4096, isDir: true, mtime: at('2019-05-16T04:49:48Z') },
      { ino: 7, name: 'use_ttyS0', size: 0, mtime: at('2019-11-22T05:56:43Z') },
      { ino: 8, name: 'log', size: 4096, isDir: true, mtime: at('2019-05-16T04:45:10Z') },
      { ino: 13, name: 'coredumpinfo', size: 4096, isDir: true, mtime: at('2019-05-16T04:49:52Z') },
    ];
    expect(formatDir('disk0:/', rows, 8571076608, 8549351424, { utc: true, totals: true }).split('\n')).toEqual([
      '',
      'Directory of disk0:/',
      '',
      '11     drwx  4096         04:49:48 May 16 2019  smart-log',
      '7      -rwx  0            05:56:43 Nov 22 2019  use_ttyS0',
      '8      drwx  4096         04:45:10 May 16 2019  log',
      '13     drwx  4096         04:49:52 May 16 2019  coredumpinfo',
      '',
      '1 file(s) total size: 0 bytes',
      '8571076608 bytes total (8549351424 bytes free/99% free)',
      '',
    ]);
    // ntc-templates tests/cisco_asa/dir/cisco_asa_dir2.raw (ASA 9.9): 52% is 3847725056 of 7365472256, rounded down
    expect(formatDir('disk0:/', [{ ino: 99, name: '.boot_string', size: 63, mtime: at('2019-06-04T16:06:56Z') }], 7365472256, 3847725056, { utc: true, totals: true }))
      .toContain('\n1 file(s) total size: 63 bytes\n7365472256 bytes total (3847725056 bytes free/52% free)\n');
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
