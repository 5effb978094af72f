// What the `logging` commands of the running-config ask of the syslog logger, read live on every
// message (src/log/syslog.ts), and their show-run lines in ASA 9.x's order and form (a level given as
// a number is shown by its name: `logging buffered 6` → `logging buffered informational`).
import { logging as L, SEVERITIES } from '../../grammar/logging.ts';
import type { Command } from '../../grammar/matcher.ts';
import { argDefault } from './defaults.ts';
import type { RunningConfig } from './model.ts';

export interface LoggingSettings {
  /** `logging enable`: without it no message goes anywhere */
  enabled: boolean;
  timestamp: boolean;
  /** `logging buffer-size` */
  bufferSize: number;
  /** the highest severity number each destination takes; undefined: that destination is off */
  console?: number;
  buffered?: number;
  trap?: number;
}

/** a level command's severity number, whether given by name or number */
export function levelOf(cmd: Command | undefined): number | undefined {
  if (!cmd) return undefined;
  const named = SEVERITIES.findIndex((s) => cmd.kws.has(s));
  return named >= 0 ? named : Number(cmd.args.LEVEL);
}

export function loggingSettings(c: RunningConfig): LoggingSettings {
  const g = c.global;
  return {
    enabled: !!g.get(L.enable),
    timestamp: !!g.get(L.timestamp),
    bufferSize: g.get(L.bufferSize)?.args.BYTES ?? argDefault(L.bufferSize, 'BYTES'),
    console: levelOf(g.get(L.console)),
    buffered: levelOf(g.get(L.buffered)),
    trap: levelOf(g.get(L.trap)),
  };
}

/** show running-config: `logging enable`, `timestamp`, `buffer-size`, `console`, `buffered`, `trap` */
export function loggingLines(c: RunningConfig): string[] {
  const g = c.global;
  const out: string[] = [];
  if (g.get(L.enable)) out.push('logging enable');
  if (g.get(L.timestamp)) out.push('logging timestamp');
  const size = g.get(L.bufferSize);
  if (size) out.push(`logging buffer-size ${size.args.BYTES}`);
  for (const [word, d] of [['console', L.console], ['buffered', L.buffered], ['trap', L.trap]] as const) {
    const n = levelOf(g.get(d));
    if (n !== undefined) out.push(`logging ${word} ${SEVERITIES[n]}`);
  }
  return out;
}
