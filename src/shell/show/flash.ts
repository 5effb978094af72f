// `show flash:` (also `show flash`, `show disk0:`): disk0: in the layout of its own, not `dir`'s —
// every file and folder with its path below the root, then the totals without the free share.
// An ASA 5506-X on 9.8 (`show flash` at `>`, GH id 8289606573 in the workplace index):
//
//   --#--  --length--  -----date/time------  path
//     122  108563072   Jan 25 2019 22:53:16  asa982-lfbff-k8.SPA
//      11  4096        Jan 25 2019 22:56:56  log
//     144  1375        Mar 09 2020 12:54:10  log/asa-appagent.log
//
//   7863623680 bytes total (3983400960 bytes free)
import { MONTHS } from '../../store/dir-format.ts';

const two = (n: number) => String(n).padStart(2, '0');

export interface FlashRow { n: number; size: number; mtime: Date; path: string }

/** "Jan 25 2019 22:53:16", in UTC like the device clock */
function flashTime(d: Date): string {
  return `${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

export function formatShowFlash(rows: readonly FlashRow[], total: number, free: number): string[] {
  return [
    '--#--  --length--  -----date/time------  path',
    ...rows.map((r) => `${String(r.n).padStart(5)}  ${String(r.size).padEnd(10)}  ${flashTime(r.mtime)}  ${r.path}`),
    '',
    `${total} bytes total (${free} bytes free)`,
  ];
}
