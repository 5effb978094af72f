// `vpn load-balancing` and its lines in declaration order (ASA's), with every unset default under
// `show running-config all`. The cluster key and the database password are masked by secrets.ts.
import { allDecls } from '../../../grammar/registry.ts';
import { commandText } from '../command-text.ts';
import { defaultCommand } from '../defaults.ts';
import type { RunningConfig } from '../model.ts';
import { indent, type RenderOptions } from './blocks.ts';

export function loadBalancingBlock(c: RunningConfig, o: RenderOptions): string[] {
  const attrs = c.loadBalancing;
  if (!attrs) return [];
  const cmds = attrs.ordered();
  if (o.all) {
    const have = new Set(cmds.map((x) => x.kind));
    for (const d of allDecls) if (d.dflt && !have.has(d.kind) && d.modes.includes('config-load-balancing')) cmds.push(defaultCommand(d));
    cmds.sort((a, b) => a.decl.order - b.decl.order);
  }
  return ['vpn load-balancing', ...indent(1, cmds.map(commandText))];
}
