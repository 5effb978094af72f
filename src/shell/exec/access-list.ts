// `show access-list [NAME]` and `clear access-list [NAME] counters`: the entries come from the
// running-config, the hit counters from the gateway's packet filters through the VpnService.
import { accessListExec as X } from '../../../grammar/access-list.ts';
import { shownEntries, objectsOf } from '../../config/access-list.ts';
import { run, type ExecBinding } from '../commands/binding.ts';
import { formatShowAccessList } from '../show/access-list.ts';
import { printAll } from './index.ts';

const missing = (name: string) => `ERROR: access-list <${name}> does not exist`;

export const accessListExec: ExecBinding[] = [
  run(X.show, async (c, ctx, io) => {
    const model = ctx.app.config.model;
    const name = c.args.ACL;
    if (name !== undefined && !model.acl.has(name)) { io.print(missing(name)); return 'error'; }
    const objs = objectsOf(model);
    const lists = (name !== undefined ? [name] : model.acl.names()).map((n) => ({ name: n, entries: shownEntries(model, n, objs) }));
    const none: ReadonlyMap<string, number> = new Map();
    await printAll(io, formatShowAccessList(lists, (n) => ctx.app.vpn?.accessListHits(n) ?? none));
  }),
  run(X.clear, (c, ctx, io) => {
    const model = ctx.app.config.model;
    const name = c.args.ACL;
    if (name !== undefined && !model.acl.has(name)) { io.print(missing(name)); return 'error'; }
    for (const n of name !== undefined ? [name] : model.acl.names()) ctx.app.vpn?.clearAccessListHits(n);
  }),
];
