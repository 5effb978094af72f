// Built-in defaults are declared as command text in the grammar (`dflt`) and parsed once, so
// `show running-config all` renders them through the same path as configured values.
import { matchLine, type Command } from '../../grammar/matcher.ts';
import type { Decl } from '../../grammar/syntax.ts';

const cache = new Map<Decl, Command>();

export function defaultCommand(d: Decl): Command {
  let c = cache.get(d);
  if (!c) {
    const r = matchLine(d.dflt!, d.modes[0]).res;
    if (!r.ok || r.cmd.kind !== d.kind) throw new Error(`default "${d.dflt}" of ${d.kind} does not parse as itself`);
    c = r.cmd;
    cache.set(d, c);
  }
  return c;
}
