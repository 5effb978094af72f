// `vpn load-balancing` and its lines in declaration order (ASA's), with every unset default under
// `show running-config all`. The cluster key and the database password are masked by secrets.ts.
import { commandText } from '../command-text.ts';
import type { RunningConfig } from '../model.ts';
import { loadBalancing as LB } from '../../../grammar/load-balancing.ts';
import { attrCommands, indent, lineOf, type RenderOptions } from './blocks.ts';

export function loadBalancingBlock(c: RunningConfig, o: RenderOptions): string[] {
  const attrs = c.loadBalancing;
  if (!attrs) return [];
  const cmds = attrCommands(attrs, o.all ? 'config-load-balancing' : undefined);
  return [lineOf(LB.vpn, {}), ...indent(1, cmds.map(commandText))];
}
