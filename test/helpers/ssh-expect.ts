// A tiny `expect` over a child's stdout: wait for a pattern after what was already matched, then type.
import { spawn, type ChildProcess } from 'node:child_process';
import { killGroup } from './ssh-headend.ts';

export class Expect {
  readonly proc: ChildProcess;
  private buf = '';
  private pos = 0;
  private readonly done: Promise<number | null>;

  constructor(cmd: string, args: string[], private readonly limitMs = 30_000) {
    this.proc = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    this.proc.stdout!.setEncoding('utf8').on('data', (s: string) => { this.buf += s; });
    this.proc.stderr!.setEncoding('utf8').on('data', (s: string) => { this.buf += s; });
    this.proc.stdin!.on('error', () => {});
    const t = setTimeout(() => killGroup(this.proc.pid), limitMs);
    this.done = new Promise((r) => this.proc.once('close', (code) => { clearTimeout(t); r(code); }));
  }

  get all(): string { return this.buf; }

  /** resolves with the text up to and including the match */
  async expect(p: RegExp | string, ms = 10_000): Promise<string> {
    const end = Date.now() + ms;
    for (;;) {
      const rest = this.buf.slice(this.pos);
      const m = typeof p === 'string' ? (rest.includes(p) ? { index: rest.indexOf(p), 0: p } : null) : p.exec(rest);
      if (m) {
        const upto = rest.slice(0, m.index! + m[0].length);
        this.pos += upto.length;
        return upto;
      }
      if (Date.now() > end || this.proc.exitCode !== null) {
        throw new Error(`expected ${String(p)}; got ${JSON.stringify(rest.slice(-600))}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  send(s: string): void { this.proc.stdin!.write(s); }

  wait(): Promise<number | null> { return this.done; }

  kill(): Promise<number | null> {
    if (this.proc.exitCode === null) killGroup(this.proc.pid);
    return this.done;
  }
}
