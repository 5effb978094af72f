// `logging enable | timestamp | buffer-size | console | buffered | trap`: global settings, one slot
// each (the last one given wins, `no` clears it). Read live by the syslog logger (src/log/).
import { logging as L } from '../../../grammar/logging.ts';
import { ok, on, type ConfigBinding } from '../binding.ts';
import type { Command } from '../../../grammar/matcher.ts';
import type { RunningConfig } from '../model.ts';

function setting(c: RunningConfig, _e: unknown, cmd: Command) {
  if (cmd.no) c.global.delete(cmd.kind); else c.global.set(cmd.kind, cmd);
  return ok('global', cmd);
}

export const loggingCommands: ConfigBinding[] = [
  on(L.enable, setting),
  on(L.timestamp, setting),
  on(L.bufferSize, setting),
  on(L.console, setting),
  on(L.buffered, setting),
  on(L.trap, setting),
];
