// show logging, clear logging buffer. The layout of ASA 9.x: the status lines, then the buffer's
// messages, oldest first (fakenos/fakenos docs/platforms/cisco_asa.md, `show logging` of an
// ASA5585; the all-disabled form of a fresh 9.x, in the test).
import { exec as X } from '../../../grammar/exec.ts';
import { SEVERITIES } from '../../../grammar/logging.ts';
import { run, type ExecBinding } from '../commands/binding.ts';
import type { RunningConfig } from '../../config/model.ts';
import type { LogState } from '../../log/syslog.ts';
import { printAll } from './index.ts';

/** the facility of a kept `logging facility N` line; ASA's default is 20 */
function facility(c: RunningConfig): number {
  for (const b of c.passthrough.values()) {
    const m = /^logging facility (\d+)$/.exec(b.head);
    if (m) return Number(m[1]);
  }
  return 20;
}

const kept = (c: RunningConfig, head: string): boolean => c.passthrough.has(head);

export function showLogging(st: LogState, c: RunningConfig): string[] {
  const s = st.settings;
  const fac = facility(c);
  const dest = (level: number | undefined, count: number, extra = ''): string =>
    level === undefined ? 'disabled' : `level ${SEVERITIES[level]}, ${extra}${count} messages logged`;
  const status = [
    `Syslog logging: ${s.enabled ? 'enabled' : 'disabled'}`,
    `    Facility: ${fac}`,
    `    Timestamp logging: ${s.timestamp ? 'enabled' : 'disabled'}`,
    // headend shows usernames in its messages (ASA 9.x hides them in some by default)
    '    Hide Username logging: disabled',
    '    Standby logging: disabled',
    '    Debug-trace logging: disabled',
    `    Console logging: ${dest(s.console, st.counts.console)}`,
    '    Monitor logging: disabled',
    `    Buffer logging: ${dest(s.buffered, st.counts.buffered)}`,
    `    Trap logging: ${dest(s.trap, st.counts.trap, `facility ${fac}, `)}`,
    `    Permit-hostdown logging: ${kept(c, 'logging permit-hostdown') ? 'enabled' : 'disabled'}`,
    '    History logging: disabled',
    '    Device ID: disabled',
    '    Mail logging: disabled',
    '    ASDM logging: disabled',
  ];
  return [...status, ...st.buffer];
}

export const loggingExec: ExecBinding[] = [
  run(X.showLogging, async (_c, ctx, io) => { await printAll(io, showLogging(ctx.app.syslog.state(), ctx.app.config.model)); }),
  run(X.clearLogging, (_c, ctx) => { ctx.app.syslog.clearBuffer(); }),
];
