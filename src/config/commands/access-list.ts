// `access-list NAME ...` and `clear configure access-list [NAME]`: entries added in order (or
// before `line N`), removed one by one by their `no` form, or a whole list at once.
import { accessList as A } from '../../../grammar/access-list.ts';
import type { Command } from '../../../grammar/matcher.ts';
import { commandText } from '../command-text.ts';
import { fail, ok, on, type ApplyResult, type ConfigBinding } from '../binding.ts';
import type { RunningConfig } from '../model.ts';
import { parseExtended, stripLine } from '../access-list.ts';

/** the canonical entry (as show-run prints it) and the line it asked for, or an ASA error */
function canonical(c: RunningConfig, cmd: Command): { cmd: Command; line?: number } | { error: string } {
  if (cmd.decl !== A.extended) return stripLine(cmd);
  const p = parseExtended(c, cmd);
  return 'error' in p ? p : { cmd: p.cmd, line: p.line };
}

function entry(c: RunningConfig, cmd: Command): ApplyResult {
  const name = String(cmd.args.NAME);
  if (cmd.no) {
    // `no access-list NAME` removes the whole list, `no access-list NAME <entry>` that entry
    if (cmd.path.length <= 2) { c.acl.removeList(name); return ok('access-list', cmd, name); }
    const r = canonical(c, { ...cmd, no: false });
    if ('error' in r) return fail(r.error);
    c.acl.remove(name, commandText(r.cmd));
    return ok('access-list', cmd, name);
  }
  const r = canonical(c, cmd);
  if ('error' in r) return fail(r.error);
  c.acl.add(r.cmd, r.line);
  return ok('access-list', cmd, name);
}

export const accessListCommands: ConfigBinding[] = [
  on(A.extended, (c, _e, cmd) => entry(c, cmd)),
  on(A.remark, (c, _e, cmd) => entry(c, cmd)),
  on(A.standard, (c, _e, cmd) => entry(c, cmd)),
  on(A.other, (c, _e, cmd) => entry(c, cmd)),
  on(A.clear, (c, _e, cmd) => {
    if (cmd.args.ACL !== undefined) c.acl.removeList(cmd.args.ACL);
    else c.acl.clear();
    return ok('access-list', cmd, cmd.args.ACL);
  }),
];
