// What EXEC commands print and ask through: ExecIO applies the output filter and the pager, so a
// command runs the same on any transport.
import type { OutputFilter } from '../filters.ts';

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

