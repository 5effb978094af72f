// `interface X`, `(config-if)#`: every line is an attribute of the interface. `nameif` is checked
// unique and sets the security level when none is configured; `no nameif`, `no security-level` and
// `no ip address` return the attribute to its unset state, which show-run prints as that `no` line
// (the grammar's `dflt`).
import { iface as IF } from '../../../grammar/interface.ts';
import { matchLine, type Command } from '../../../grammar/matcher.ts';
import type { Attrs, RunningConfig } from '../model.ts';
import { config as G } from '../../../grammar/config.ts';
import { slotOf } from '../model.ts';
import { fail, ok, on, store, stored, type ConfigBinding } from '../binding.ts';

/** a `no` form clears the slot: the attribute is unset again */
function putOrClear(attrs: Attrs, cmd: Command): void {
  if (cmd.no) attrs.delete(cmd.kind);
  else attrs.set(slotOf(cmd), cmd);
}

const LEVEL = IF.securityLevel.args.LEVEL;

/** the `mtu OLD N` setting becomes `mtu NEW N` (or goes, with no new name) */
function moveMtu(c: RunningConfig, from: string, to: string | undefined): void {
  const slot = `${G.mtu.kind}\u0000${from.toLowerCase()}`;
  const m = c.global.get(slot);
  if (!m) return;
  c.global.delete(slot);
  if (to === undefined) return;
  const r = matchLine(`mtu ${to} ${m.args.BYTES}`, 'config').res;
  if (r.ok) c.global.set(slotOf(r.cmd), r.cmd);
}

export const interfaceCommands: ConfigBinding[] = [
  ...stored(IF.description, IF.other, IF.shutdown, IF.managementOnly, IF.ipv6Address, IF.ipv6Enable, IF.ipv6Other),
  store(IF.securityLevel, { put: putOrClear }),
  store(IF.ipAddress, { put: putOrClear }),
  on(IF.nameif, (c, _env, cmd, f) => {
    const i = c.interfaces.get(f.target!);
    if (!i) return fail('ERROR: % Incomplete command');
    const was: string | undefined = i.attrs.get(IF.nameif)?.args.NAME;
    if (cmd.no) {
      // the interface is unnamed again: no name, no security level (` no nameif` / ` no security-level`),
      // and no MTU line (an ASA prints `mtu NAME N` for named interfaces only)
      if (was !== undefined) moveMtu(c, was, undefined);
      i.attrs.delete(IF.nameif);
      i.attrs.delete(IF.securityLevel);
      return ok('interface', cmd, i.hw);
    }
    const name = cmd.args.NAME;
    const other = [...c.interfaces.values()].find((x) => x !== i && x.attrs.get(IF.nameif)?.args.NAME?.toLowerCase() === name.toLowerCase());
    if (other) return fail(`ERROR: Name "${name}" is already in use by interface ${other.hw}`);
    // a renamed interface keeps its MTU
    if (was !== undefined && was.toLowerCase() !== name.toLowerCase()) moveMtu(c, was, name);
    i.attrs.set(slotOf(cmd), cmd);
    const messages: string[] = [];
    if (!i.attrs.has(IF.securityLevel)) {
      // ASA: an interface named "inside" gets the highest level, any other name the lowest
      const level = name.toLowerCase() === 'inside' ? LEVEL.hi! : LEVEL.lo!;
      const r = matchLine(`security-level ${level}`, 'config-if').res;
      if (r.ok) {
        i.attrs.set(slotOf(r.cmd), r.cmd);
        messages.push(`INFO: Security level for "${name}" set to ${level} by default.`);
      }
    }
    return ok('interface', cmd, i.hw, undefined, messages);
  }),
];
