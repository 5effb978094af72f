// Built-in defaults are declared in the grammar only: as command text (`dflt`), parsed once, so
// `show running-config all` renders them through the same path as configured values, or as
// argument values (`argDefaults`). Code reads them here and never types a default again.
import { matchDecl, type Command, type CommandOf } from '../../grammar/threads.ts';
import type { AnyDecl } from '../../grammar/syntax.ts';

const cache = new Map<AnyDecl, Command>();

export function defaultCommand(d: AnyDecl): Command {
  let c = cache.get(d);
  if (!c) {
    if (!d.dflt) throw new Error(`${d.kind} declares no default`);
    const r = matchDecl(d.dflt, d);
    if (!r) throw new Error(`default "${d.dflt}" of ${d.kind} does not parse as itself`);
    c = r;
    cache.set(d, c);
  }
  return c;
}

/** the declared default of `d`, typed */
export function defaultOf<D extends AnyDecl>(d: D): CommandOf<D> {
  return defaultCommand(d) as CommandOf<D>;
}

type ArgsOfDecl<D> = CommandOf<D> extends { args: infer A } ? A : never;

/** the value an argument takes when the line leaves it out: `argDefaults`, else the `dflt` line's */
export function argDefault<D extends AnyDecl, K extends keyof ArgsOfDecl<D> & string>(d: D, k: K): NonNullable<ArgsOfDecl<D>[K]> {
  const v = (d.argDefaults as Record<string, unknown> | undefined)?.[k] ?? (d.dflt ? defaultCommand(d).args[k] : undefined);
  if (v === undefined) throw new Error(`${d.kind} declares no default for ${k}`);
  return v as NonNullable<ArgsOfDecl<D>[K]>;
}
