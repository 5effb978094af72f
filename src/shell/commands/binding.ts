// EXEC commands get their meaning here: each handler is bound to its declaration object and gets
// the command typed from that declaration, a narrow context (never the interpreter) and the I/O.
import type { Command, CommandOf } from '../../../grammar/matcher.ts';
import type { AnyDecl, Mode } from '../../../grammar/syntax.ts';
import type { App } from '../../app-types.ts';
import type { ExecIO } from '../exec/index.ts';

/** what an EXEC command may know and do of the session that runs it */
export interface ExecContext {
  readonly app: App;
  readonly user: string;
  /** the privilege level reached (15 at `#` after `enable`) */
  readonly level: number;
  /** the highest level this user may reach */
  readonly maxLevel: number;
  readonly mode: Mode;
  /** privileged EXEC at `level` */
  enable(level: number): void;
  /** back to user EXEC */
  disable(): void;
  /** `configure terminal` */
  enterConfig(): void;
  /** `exit`: leave the current mode (the session ends when it is an EXEC mode) */
  exitMode(): 'close' | void;
  /** `end`, Ctrl-Z */
  toPriv(): void;
}

export type ExecOutcome = void | 'close' | 'error';
export type ExecHandler<D> = (cmd: CommandOf<D>, ctx: ExecContext, io: ExecIO) => ExecOutcome | Promise<ExecOutcome>;

export interface ExecBinding {
  type: 'exec';
  decl: AnyDecl;
  run: (cmd: Command, ctx: ExecContext, io: ExecIO) => ExecOutcome | Promise<ExecOutcome>;
}

// The one place a matched command is narrowed to its declaration's type: the binding map calls a
// handler only with commands of its own declaration.
export function run<D extends AnyDecl>(d: D, fn: ExecHandler<D>): ExecBinding {
  return { type: 'exec', decl: d, run: fn as ExecBinding['run'] };
}
