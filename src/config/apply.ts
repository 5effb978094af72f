// The one apply path: a command's binding (found by its declaration) validates against the model
// and the flash, and only then changes the model. A rejected line changes nothing.
import type { Command } from '../../grammar/matcher.ts';
import type { AnyDecl } from '../../grammar/syntax.ts';
import type { ConfigEnv } from './env.ts';
import type { RunningConfig } from './model.ts';
import type { ApplyResult, ConfigBinding, Frame } from './binding.ts';
import { applyStore } from './attributes.ts';
import { configBindings } from './commands/index.ts';

export type { ApplyResult, ChangeEvent, Frame, Section } from './binding.ts';

export class ApplyError extends Error {}

const bindings = new Map<AnyDecl, ConfigBinding>();
for (const b of configBindings) {
  if (bindings.has(b.decl)) throw new ApplyError(`${b.decl.kind} is bound twice`);
  bindings.set(b.decl, b);
}

export function configBindingOf(d: AnyDecl): ConfigBinding | undefined {
  return bindings.get(d);
}

export function applyCommand(c: RunningConfig, env: ConfigEnv, cmd: Command, f: Frame): ApplyResult {
  const b = bindings.get(cmd.decl);
  if (!b) throw new ApplyError(`no binding for ${cmd.kind}`);
  return b.type === 'object' ? b.apply(c, env, cmd, f) : applyStore(c, env, b, cmd, f);
}
