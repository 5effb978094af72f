// Every EXEC declaration's handler (grammar/exec.ts and grammar/common.ts), found by declaration.
import type { Command } from '../../../grammar/matcher.ts';
import type { AnyDecl } from '../../../grammar/syntax.ts';
import type { ExecIO } from '../exec/index.ts';
import type { ExecBinding, ExecContext, ExecOutcome } from './binding.ts';
import { commonCommands } from './common.ts';
import { configExec } from '../exec/config-files.ts';
import { infoExec } from '../exec/info.ts';
import { vpnExec } from '../exec/vpn.ts';
import { adminExec } from '../exec/admin.ts';
import { aaaServerExec } from '../exec/aaa-server.ts';
import { fileExec } from '../exec/files.ts';
import { networkExec } from '../exec/network.ts';
import { accessListExec } from '../exec/access-list.ts';
import { loggingExec } from '../exec/logging.ts';

export const execBindings: ExecBinding[] = [...commonCommands, ...configExec, ...infoExec, ...vpnExec, ...adminExec, ...aaaServerExec, ...fileExec, ...networkExec, ...accessListExec, ...loggingExec];

const byDecl = new Map<AnyDecl, ExecBinding>(execBindings.map((b) => [b.decl, b]));

export function execBindingOf(d: AnyDecl): ExecBinding | undefined {
  return byDecl.get(d);
}

const report = (io: ExecIO, e: unknown): ExecOutcome => {
  io.print(`ERROR: ${(e as Error).message}`);
  return 'error';
};

/** synchronous when the handler is: a pasted `exit` does not wait for a promise */
export function runExec(b: ExecBinding, cmd: Command, ctx: ExecContext, io: ExecIO): ExecOutcome | Promise<ExecOutcome> {
  try {
    const out = b.run(cmd, ctx, io);
    return out instanceof Promise ? out.catch((e: unknown) => report(io, e)) : out;
  } catch (e) {
    return report(io, e);
  }
}
