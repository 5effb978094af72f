// Who refers to an object: ASA refuses to remove a group-policy that a tunnel-group or user names.
import { tunnelGroup as TG } from '../../grammar/tunnel-group.ts';
import { username as U } from '../../grammar/username.ts';
import type { RunningConfig } from './model.ts';

export function gpUsers(c: RunningConfig, gp: string): string[] {
  const users: string[] = [];
  for (const tg of c.tunnelGroups.values()) {
    if (tg.general.get(TG.defaultGroupPolicy)?.args.GP === gp) users.push(`tunnel-group ${tg.name}`);
  }
  for (const u of c.usernames.values()) {
    if (u.attrs.get(U.vpnGroupPolicy)?.args.GP === gp) users.push(`username ${u.name}`);
  }
  return users;
}
