// EXEC commands: one function per kind. They print through ExecIO (which applies the output
// filter and the pager) and ask questions through it, so they run the same on any transport.
import type { Command } from '../../../grammar/matcher.ts';
import type { Interpreter } from '../interpreter.ts';
import type { OutputFilter } from '../filters.ts';
import { configExec } from './config-files.ts';
import { infoExec } from './info.ts';
import { vpnExec } from './vpn.ts';
import { adminExec } from './admin.ts';
import { fileExec } from './files.ts';

export interface SessionControls {
  id: number;
  pagerLines: number;
  width: number;
  history(): string[];
  /** the `setup` wizard (inquirer) on this session's terminal */
  wizard(): Promise<void>;
}

export interface ExecIO {
  print(...lines: string[]): void;
  filtered(f: OutputFilter): ExecIO;
  confirm(question: string): Promise<boolean>;
  ask(question: string, hidden?: boolean): Promise<string>;
  promptWidth: number;
  session: SessionControls;
}

/** long outputs (a 10,000-session listing, a 100,000-line config) in chunks: a spread of that many
 * arguments would overflow the call stack */
export function printAll(io: ExecIO, lines: string[]): void {
  for (let i = 0; i < lines.length; i += 8192) io.print(...lines.slice(i, i + 8192));
}

export type ExecOutcome = void | 'close' | 'error';
export type ExecFn = (cmd: Command, sh: Interpreter, io: ExecIO) => ExecOutcome | Promise<ExecOutcome>;

const table: Record<string, ExecFn> = { ...configExec, ...infoExec, ...vpnExec, ...adminExec, ...fileExec };

export async function runExec(cmd: Command, sh: Interpreter, io: ExecIO): Promise<ExecOutcome> {
  const fn = table[cmd.kind];
  if (!fn) {
    io.print('ERROR: % Unrecognized command');
    return 'error';
  }
  try {
    return await fn(cmd, sh, io);
  } catch (e) {
    io.print(`ERROR: ${(e as Error).message}`);
    return 'error';
  }
}

export function execKinds(): string[] {
  return Object.keys(table);
}
