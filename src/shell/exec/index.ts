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
  /**
   * resolves once what was printed so far has gone out (the pager answered, the transport drained)
   * and the event loop has had a turn; false when nothing more will be shown (`q` at the pager, the
   * session closed). Without it, printAll only yields a turn
   */
  settle?(): Promise<boolean>;
}

/** lines printed (filtered, masked, written) between two turns of the event loop */
export const SLICE = 250;

/**
 * A long output (a 15,000-line config, a 10,000-session listing) is printed SLICE lines at a time,
 * each slice once the previous one has gone out: the one event loop every tunnel and every admin
 * shares never waits for a whole output (issue 11: no input stalls it over 50 ms), and a reader who
 * reads slowly (an SSH window, the pager) holds the printing back, not the process's memory. `each`
 * is applied to each line as its slice is printed (the secrets mask of show running-config). A short
 * output is printed at once, before this returns.
 */
export async function printAll(io: ExecIO, lines: Iterable<string>, each?: (line: string) => string): Promise<void> {
  // an iterable is read a slice at a time too: a listing made as it is printed (every address of a
  // /8 pool) never exists whole
  const it = lines[Symbol.iterator]();
  for (let first = true; ; first = false) {
    const slice: string[] = [];
    while (slice.length < SLICE) {
      const n = it.next();
      if (n.done) break;
      slice.push(n.value);
    }
    if (!slice.length) return;
    if (!first && (io.settle ? !(await io.settle()) : (await nextTurn(), false))) return;
    io.print(...(each ? slice.map((l) => each(l)) : slice));
    if (slice.length < SLICE) return;
  }
}

export const nextTurn = (): Promise<void> => new Promise((r) => setImmediate(r));

