// A headend process driven through its console (stdin/stdout pipes, as `headend < script` is, but
// kept open): each command is written after the previous prompt, and its output is what comes
// before the next one.
import type { ChildProcess } from 'node:child_process';

const PROMPT = /(?:^|\n)[\w.-]+(?:\([\w-]+\))?[#>] $/;

export class ConsoleChild {
  output = '';
  private waiters: (() => void)[] = [];
  exited = false;

  constructor(readonly proc: ChildProcess) {
    const on = (c: Buffer): void => { this.output += c.toString('utf8'); for (const w of [...this.waiters]) w(); };
    proc.stdout!.on('data', on);
    proc.stderr!.on('data', on);
    proc.on('exit', () => { this.exited = true; for (const w of [...this.waiters]) w(); });
    proc.stdin!.on('error', () => {});
  }

  /** resolves when `pred(output)` holds; rejects after `timeoutMs` or when the process exits */
  until(pred: (out: string) => boolean, timeoutMs: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        if (pred(this.output)) { done(); resolve(); return true; }
        if (this.exited) { done(); reject(new Error(`headend exited while waiting for ${what}:\n${this.output.slice(-3000)}`)); return true; }
        return false;
      };
      const t = setTimeout(() => { done(); reject(new Error(`timeout waiting for ${what}:\n${this.output.slice(-3000)}`)); }, timeoutMs);
      const done = (): void => { clearTimeout(t); this.waiters = this.waiters.filter((w) => w !== waiter); };
      const waiter = (): void => { check(); };
      if (!check()) this.waiters.push(waiter);
    });
  }

  /** the first prompt, after boot */
  ready(timeoutMs = 30_000): Promise<void> {
    return this.until((o) => PROMPT.test(o), timeoutMs, 'the first prompt');
  }

  /** Runs one command; returns what it printed (between its echo and the next prompt). */
  async cmd(line: string, timeoutMs = 30_000): Promise<string> {
    const start = this.output.length;
    this.proc.stdin!.write(line + '\n');
    await this.until((o) => {
      const tail = o.slice(start);
      const nl = tail.indexOf('\n');
      return nl >= 0 && PROMPT.test(tail.slice(nl));
    }, timeoutMs, `the prompt after "${line}"`);
    const tail = this.output.slice(start);
    const body = tail.slice(tail.indexOf('\n') + 1);
    return body.replace(/[\w.-]+(?:\([\w-]+\))?[#>] $/, '').replace(/\n$/, '');
  }
}
