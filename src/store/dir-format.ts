// ASA's `dir` layout, shared by disk0: and cache: listings. ASA 9.x ends a disk0: listing with the
// files' count and size and the free share (ntc-templates tests/cisco_asa/dir/cisco_asa_dir2.raw,
// ASA 9.9; Ansible cisco.asa tests/unit/modules/network/asa/fixtures/asa_facts_dir, ASA 9.10, which
// asa_facts reads with `^(\d+) bytes total \((\d+) bytes free\/(\d+)% free\)`):
//
//
//   Directory of disk0:/
//
//   11     drwx  4096         04:49:48 May 16 2019  smart-log
//   7      -rwx  0            05:56:43 Nov 22 2019  use_ttyS0
//
//   1 file(s) total size: 0 bytes
//   8571076608 bytes total (8549351424 bytes free/99% free)
//
// The cache: listing keeps the older ending, `2428928 bytes total (18219008 bytes free)`.
//
// cache: rows only differ in their values (inode 0, perms "----") and the
// label has no slash after the colon ("Directory of cache:stc/profiles/"),
// so the caller passes the label verbatim.

export interface DirRow {
  name: string;
  size: number;
  mtime: Date;
  isDir?: boolean;
  /** First column; ASA shows an inode-like number, cache: shows 0. */
  ino?: number;
  /** Overrides the "drwx"/"-rwx" derived from isDir, e.g. "----" for cache:. */
  perms?: string;
}

export interface DirFormatOptions {
  /** Print times in UTC instead of the process's local zone (the device clock). */
  utc?: boolean;
  /** ASA 9.x disk0: ending: `N file(s) total size: S bytes` and `(F bytes free/P% free)` */
  totals?: boolean;
}

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** "07:20:42 Feb 12 2016" */
export function formatDirTime(d: Date, opts: DirFormatOptions = {}): string {
  const u = opts.utc === true;
  const [h, mi, s] = u ? [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()] : [d.getHours(), d.getMinutes(), d.getSeconds()];
  const [mo, day, y] = u ? [d.getUTCMonth(), d.getUTCDate(), d.getUTCFullYear()] : [d.getMonth(), d.getDate(), d.getFullYear()];
  return `${two(h)}:${two(mi)}:${two(s)} ${MONTHS[mo]} ${two(day)} ${y}`;
}

/** Adds the trailing slash ASA puts after the directory in the header. */
export function dirLabel(devicePath: string): string {
  return devicePath.endsWith('/') ? devicePath : devicePath + '/';
}

/**
 * The whole `dir` output, starting with its blank line and ending with a
 * newline. Column widths are ASA's (7 for the number, 13 for the size) but
 * grow so that a 9-digit host inode or a multi-gigabyte image stays aligned.
 */
export function formatDir(label: string, rows: readonly DirRow[], total: number, free: number, opts: DirFormatOptions = {}): string {
  const inoW = Math.max(7, ...rows.map((r) => String(r.ino ?? 0).length + 1));
  const sizeW = Math.max(13, ...rows.map((r) => String(r.size).length + 1));
  const lines = ['', `Directory of ${label}`, ''];
  if (rows.length === 0) lines.push('No files in directory');
  for (const r of rows) {
    const perms = r.perms ?? (r.isDir ? 'drwx' : '-rwx');
    lines.push(`${String(r.ino ?? 0).padEnd(inoW)}${perms}  ${String(r.size).padEnd(sizeW)}${formatDirTime(r.mtime, opts)}  ${r.name}`);
  }
  if (opts.totals) {
    const files = rows.filter((r) => !r.isDir);
    const pct = total > 0 ? Math.floor((free * 100) / total) : 0;
    lines.push('', `${files.length} file(s) total size: ${files.reduce((n, r) => n + r.size, 0)} bytes`, `${total} bytes total (${free} bytes free/${pct}% free)`);
  } else {
    lines.push('', `${total} bytes total (${free} bytes free)`);
  }
  return lines.join('\n') + '\n';
}
