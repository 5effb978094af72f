// `vpn-sessiondb max-anyconnect-premium-or-essentials-limit N`, `vpn-sessiondb max-other-vpn-limit N`:
// global settings, one slot each (the last one given wins, `no` removes the limit). Read by the
// gateway (new logins over the limit are refused) and the cluster (this member's capacity) through
// src/config/session-limits.ts.
import { vpnSessiondb as VS } from '../../../grammar/vpn-sessiondb.ts';
import { ok, on, type ConfigBinding } from '../binding.ts';
import type { Command } from '../../../grammar/matcher.ts';
import type { RunningConfig } from '../model.ts';

function setting(c: RunningConfig, _e: unknown, cmd: Command) {
  if (cmd.no) c.global.delete(cmd.kind); else c.global.set(cmd.kind, cmd);
  return ok('global', cmd);
}

export const vpnSessiondbCommands: ConfigBinding[] = [on(VS.maxAnyconnect, setting), on(VS.maxOther, setting)];
