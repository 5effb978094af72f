// One CLI session, independent of its transport: the console and every SSH channel feed it bytes
// and give it a `write` function. It owns line editing, history, ?/Tab, the pager and questions;
// the Interpreter owns modes and commands.
import chalk from 'chalk';
import type { App } from '../app-types.ts';
import { Interpreter, type LineOutcome } from './interpreter.ts';
import { nextTurn, type ExecIO, type SessionControls } from './exec/index.ts';
import { lineFilter, type OutputFilter } from './filters.ts';
import { LINE_TOO_LONG, LineEditor, LineLimiter, MAX_LINE, TOO_LONG_MARK } from './line-editor.ts';
import { complete } from './complete.ts';
import { runWizard } from './wizard.ts';
import { config as G } from '../../grammar/config.ts';
import { argDefault } from '../config/defaults.ts';

export interface SessionOptions {
  app: App;
  write(s: string): void;
  /** resolves when the transport can take more output (an SSH channel's window); undefined: now */
  writable?(): Promise<void> | undefined;
  /** queued input was taken (a turn of the pump ended): a transport may open its window again */
  inputTaken?(): void;
  close(): void;
  user: string;
  maxLevel: number;
  privileged: boolean;
  /** a terminal: echo, line editing, the pager */
  interactive: boolean;
  /** non-interactive input is echoed after its prompt, as an ASA console shows a paste */
  echo: boolean;
  color?: boolean;
  width?: number;
  height?: number;
  id?: number;
}

type Waiter = { kind: 'key'; resolve: (k: string) => void } | { kind: 'line'; hidden: boolean; resolve: (l: string) => void; buf: string };

const MORE = '<--- More --->';
/** a paste runs this long at most before the event loop gets a turn */
const SLICE_MS = 20;
/** output held back for one write at most this long (characters) */
const FLUSH_AT = 256 * 1024;
/** lines kept for the up arrow and `show history` (which shows the last 20) */
const HISTORY_KEPT = 256;

/**
 * `show history` shows a command the way show running-config shows it: its password, key or
 * pre-shared key as `*****`. The word after `password` (from the abbreviation `pa` on, as the parser
 * takes it), `passwd`, `pre-shared-key` and `ldap-login-password`; after `key` as the first word (in
 * an aaa-server host block) or anywhere in an `aaa-server` line, and the key an `aaa-server ... host
 * ADDR KEY` line gives without the word `key`.
 */
export function maskSecrets(line: string): string {
  const kw = /(^|\s)(pa(?:s(?:s(?:w(?:o(?:r(?:d)?)?)?)?)?)?|passwd|pre-shared-key|ldap-login-password)(\s+)\S+/gi;
  let out = line.replace(kw, '$1$2$3*****');
  if (/^\s*key\s/i.test(out) || /^\s*aaa-server\s/i.test(out)) out = out.replace(/(^|\s)(key)(\s+)\S+/gi, '$1$2$3*****');
  // `aaa-server TAG [(IF)] host ADDR KEY [timeout N]`: the key may also come without its keyword
  out = out.replace(/^(\s*aaa-server\s+\S+\s+(?:\(\S*\)\s+)?host\s+\S+\s+)(?!(?:key|timeout)(?:\s|$))\S+/i, '$1*****');
  return out;
}

export class Session implements SessionControls {
  readonly sh: Interpreter;
  readonly id: number;
  pagerLines: number;
  width: number;
  private readonly hist: string[] = [];
  private readonly editor = new LineEditor();
  /**
   * bounds each line as it arrives (see LineLimiter). A terminal's raw keys (escapes, pager keys typed
   * ahead) get more room: its line editor holds the line itself to MAX_LINE
   */
  private readonly limiter: LineLimiter;
  private input = '';
  private inAt = 0;
  private later: string[] = [];
  private laterChars = 0;
  private busy = false;
  private closed = false;
  private waiter?: Waiter;
  private out: string[] = [];
  private shown = 0;
  private drained?: () => void;
  /** `q` at the pager: the rest of this command's output is dropped (printAll's later slices too) */
  private quit = false;
  private wizardInput?: (data: string) => void;
  /** written to the transport at once by flushOut */
  private pending = '';
  private flushQueued = false;
  /** the prompt of the last frame shown, with the hostname it was made for */
  private promptCache?: { frame: object; host: string; text: string };
  /** a `?` listing is being printed (see emit) */
  private helping = false;
  readonly eol: string;

  constructor(private readonly o: SessionOptions) {
    this.sh = new Interpreter(o.app, o.user, o.maxLevel, o.privileged);
    this.id = o.id ?? 0;
    const pager = o.app.config.model.global.get(G.pager);
    this.pagerLines = o.interactive ? (pager?.args.LINES ?? argDefault(G.pager, 'LINES')) : 0;
    this.width = o.width ?? 80;
    this.eol = o.interactive ? '\r\n' : '\n';
    this.limiter = new LineLimiter(o.interactive ? 64 * MAX_LINE : MAX_LINE, o.interactive);
  }

  history(): string[] { return this.hist.slice(-20).map(maskSecrets); }
  async wizard(): Promise<void> {
    await runWizard(this.sh, (fn) => { this.wizardInput = fn; }, (s) => this.put(s.replace(/\r?\n/g, this.eol)));
    this.wizardInput = undefined;
  }

  start(banner: string[] = []): void {
    for (const l of banner) this.put(l + this.eol);
    if (this.o.interactive || this.o.echo) this.showPrompt();
    this.flushOut();
  }

  /** bytes from the transport */
  feed(data: string): void {
    if (this.closed) return;
    if (this.wizardInput) { this.wizardInput(this.limiter.push(data).split(TOO_LONG_MARK).join('')); return; }
    this.append(this.limiter.push(data));
    void this.pump();
  }

  /** end of input (console paste or a closed channel): finish the queued lines, then close */
  async end(): Promise<void> {
    this.compact();
    if (this.input.length && !this.input.endsWith('\n')) this.input += '\n';
    this.limiter.reset();
    await this.pump();
    while (this.busy) {
      // nothing more will come: a question still waiting for an answer gets none
      const w = this.waiter;
      if (w && !this.queued) { this.waiter = undefined; w.resolve(''); }
      await new Promise((r) => setTimeout(r, 5));
    }
    this.flushOut();
  }

  private async pump(): Promise<void> {
    if (this.busy) { this.serveWaiter(); return; }
    this.busy = true;
    let turn = performance.now();
    try {
      while (this.queued && !this.closed) {
        const line = this.o.interactive ? this.editKeys() : this.takeLine();
        if (line === undefined) break;
        // a line that ran synchronously (a config line) costs no promise and no write of its own:
        // its echo, output and next prompt join the input chunk's one write (flushOut)
        const r = this.runLine(line);
        if (r) await r;
        // a long paste gives other sessions the event loop, and a client that does not read holds
        // the paste back rather than our memory
        if (performance.now() - turn > SLICE_MS) {
          this.flushOut();
          this.o.inputTaken?.();
          if (!this.closed) await this.o.writable?.();
          await nextTurn();
          turn = performance.now();
        }
      }
    } finally {
      // a `?` listing hands the rest of the input to its own continuation (emit): until it is
      // printed, keys belong to its pager, not to the line editor
      this.busy = this.helping;
      this.flushOut();
      this.o.inputTaken?.();
    }
  }

  /** output for the transport, written at the end of the input chunk (or of the turn) in one write */
  private put(s: string): void {
    this.pending += s;
    if (this.pending.length >= FLUSH_AT) this.flushOut();
    else if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(() => { this.flushQueued = false; this.flushOut(); });
    }
  }

  private flushOut(): void {
    if (!this.pending) return;
    const s = this.pending;
    this.pending = '';
    this.o.write(s);
  }

  /** input not yet read (takeLine reads at inAt) */
  private get queued(): number { return this.input.length - this.inAt + this.later.length; }

  /** characters of input fed and not yet taken */
  get queuedChars(): number { return this.input.length - this.inAt + this.laterChars; }

  /** all queued input in `input` from 0, for the readers that take it key by key */
  private compact(): void {
    if (this.inAt) this.input = this.input.slice(this.inAt);
    if (this.later.length) this.input += this.later.join('');
    this.later = [];
    this.laterChars = 0;
    this.inAt = 0;
  }

  private append(s: string): void {
    if (!s) return;
    // appended to a large string, each chunk would copy all that is queued once read (a paste read
    // faster than it runs): chunks wait in a list until takeLine reaches them
    if (this.inAt === this.input.length && !this.later.length) { this.input = s; this.inAt = 0; }
    else { this.later.push(s); this.laterChars += s.length; }
  }

  private takeLine(): string | undefined {
    // read at a cursor: one slice per line, the consumed text dropped once per chunk (compact)
    let i = this.input.indexOf('\n', this.inAt);
    while (i < 0 && this.later.length) {
      // the partial line joins the next chunk (a copy of one chunk, never of all that is queued)
      const next = this.later.shift()!;
      this.laterChars -= next.length;
      this.input = this.input.slice(this.inAt) + next;
      this.inAt = 0;
      i = this.input.indexOf('\n');
    }
    if (i < 0) { this.compact(); return undefined; }
    const at = this.inAt;
    const line = this.input.slice(at, i > at && this.input.charCodeAt(i - 1) === 13 ? i - 1 : i);
    this.inAt = i + 1;
    if (this.inAt === this.input.length) this.compact();
    return line;
  }

  /** consume keystrokes into the line editor; a completed line is returned */
  private editKeys(): string | undefined {
    this.compact();
    while (this.input.length) {
      const { consumed, action } = this.editor.key(this.input);
      this.input = this.input.slice(consumed);
      switch (action.t) {
        case 'none': break;
        case 'echo': this.put(action.s); break;
        case 'redraw': this.redraw(); break;
        case 'submit': this.put(this.eol); return this.editor.take();
        case 'history': {
          const h = this.hist;
          this.editor.historyMove(action.dir, h);
          this.redraw();
          break;
        }
        case 'help': {
          const text = this.editor.text;
          this.put('?' + this.eol);
          this.shown = 0; // a listing pages on its own, like a command's output
          this.quit = false;
          this.emit(Promise.resolve(this.sh.line(text + '?', this.io())).then(() => undefined));
          return undefined;
        }
        case 'tab': this.tab(); break;
        case 'abort': this.put('^C' + this.eol); this.editor.take(); this.showPrompt(); break;
        case 'ctrlz': this.put(this.eol); this.editor.take(); this.sh.toPriv(); this.showPrompt(); break;
        case 'eof': if (!this.editor.text) { this.close(); return undefined; } break;
        case 'toolong': this.put(this.eol); this.writeLine(LINE_TOO_LONG); break;
        case 'prompt': this.showPrompt(); break;
      }
    }
    return undefined;
  }

  /** `?` pressed mid-line: help, then the same line again */
  private emit(p: Promise<void>): void {
    this.busy = true;
    this.helping = true;
    void p.then(() => this.drain())
      .catch((e) => { this.writeLine(`ERROR: ${(e as Error)?.message ?? e}`); })
      .then(() => { this.helping = false; this.busy = false; this.redraw(true); void this.pump(); });
  }

  private tab(): void {
    const r = complete(this.sh, this.editor.text.slice(0, this.editor.cursor));
    if (r.replace !== undefined) {
      this.editor.replaceBeforeCursor(r.replace);
      this.redraw();
    }
    if (r.list?.length) {
      this.put(this.eol + r.list.join('  ') + this.eol);
      this.redraw(true);
    }
  }

  private redraw(fresh = false): void {
    const p = this.promptText();
    const back = this.editor.text.length - this.editor.cursor;
    this.put((fresh ? '' : '\r') + p + this.editor.text + (fresh ? '' : '\x1b[K') + (back > 0 ? `\x1b[${back}D` : ''));
  }

  private promptText(): string {
    const frame = this.sh.frame, host = this.o.app.config.model.hostname;
    const c = this.promptCache;
    if (c && c.frame === frame && c.host === host) return c.text;
    const p = this.sh.prompt();
    const text = this.o.color ? chalk.bold(p) + ' ' : p + ' ';
    this.promptCache = { frame, host, text };
    return text;
  }

  private showPrompt(): void {
    if (this.closed) return;
    if (this.o.interactive) this.redraw(true);
    else if (this.o.echo) this.put(this.promptText());
  }

  /** undefined when the line ran to its next prompt synchronously */
  private runLine(line: string): Promise<void> | undefined {
    // a paste's overlong line (cut by the limiter) is refused whole, not run truncated
    const cut = line.indexOf(TOO_LONG_MARK);
    if (cut >= 0) line = line.slice(0, cut);
    if (!this.o.interactive && this.o.echo) this.put(line + this.eol);
    const trimmed = cut < 0 ? line.trim() : '';
    if (trimmed && !trimmed.endsWith('?')) {
      this.hist.push(trimmed);
      if (this.hist.length > 2 * HISTORY_KEPT) this.hist.splice(0, this.hist.length - HISTORY_KEPT);
    }
    this.shown = 0;
    this.quit = false;
    let outcome: LineOutcome | Promise<LineOutcome>;
    if (cut >= 0) {
      outcome = { error: true };
      this.writeLine(LINE_TOO_LONG);
    } else try {
      outcome = this.sh.line(line, this.baseIo);
    } catch (e) {
      outcome = this.failed(e);
    }
    if (outcome instanceof Promise || this.out.length || this.waiter) return this.finishLine(outcome);
    if (outcome.close) { this.close(); return undefined; }
    this.showPrompt();
    return undefined;
  }

  private async finishLine(p: LineOutcome | Promise<LineOutcome>): Promise<void> {
    let outcome: LineOutcome;
    try { outcome = await p; } catch (e) { outcome = this.failed(e); }
    await this.drain();
    if (outcome.close) { this.close(); return; }
    this.showPrompt();
  }

  private failed(e: unknown): LineOutcome {
    this.baseIo.print(`ERROR: ${(e as Error).message}`);
    return { error: true };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.flushOut();
    this.waiter?.kind === 'key' ? this.waiter.resolve('q') : this.waiter?.resolve('');
    this.o.close();
  }

  get isClosed(): boolean { return this.closed; }

  // -------------------------------------------------------------------------------------------
  // Output with the pager

  private lineText(l: string): string {
    let s = l;
    if (this.o.color) {
      if (/^ERROR:/.test(l)) s = chalk.red(l);
      else if (/^WARNING:/.test(l)) s = chalk.yellow(l);
      else if (/^INFO:/.test(l)) s = chalk.cyan(l);
    }
    return s + this.eol;
  }

  private writeLine(l: string): void {
    this.put(this.lineText(l));
  }

  private flush(): void {
    // a page shows at least one line, so that every key moves on (`pager lines 1` too)
    const page = Math.max(1, this.pagerLines - 1);
    // the lines up to the next pager stop go to the transport in one write (one SSH packet train, not
    // one per line); the same bytes
    let text = '';
    while (this.out.length && !this.waiter) {
      if (this.pagerLines > 0 && this.shown >= page) {
        if (text) { this.put(text); text = ''; }
        this.put(MORE);
        this.flushOut();
        this.waiter = {
          kind: 'key', resolve: (k) => {
            this.waiter = undefined;
            this.put('\r' + ' '.repeat(MORE.length + 0) + '\r');
            if (k === 'q' || k === 'Q' || k === '\x03') { this.out = []; this.quit = true; }
            else if (k === '\r' || k === '\n') this.shown = page - 1;
            else this.shown = 0;
            this.flush();
          },
        };
        // keys typed ahead answer it on a fresh stack: one page per key, recursing through
        // flush → serveWaiter → resolve would overflow the stack on a long paste into a long output
        queueMicrotask(() => this.serveWaiter());
        return;
      }
      text += this.lineText(this.out.shift()!);
      this.shown++;
    }
    if (text) this.put(text);
    if (!this.out.length && !this.waiter && this.drained) { const d = this.drained; this.drained = undefined; d(); }
  }

  private drain(): Promise<void> {
    if (!this.out.length && !this.waiter) return Promise.resolve();
    return new Promise((r) => { this.drained = r; this.flush(); });
  }

  /** give pending input to whoever waits for it: the pager, a [confirm] or a question */
  private serveWaiter(): void {
    const w = this.waiter;
    if (!w) return;
    this.compact();
    if (!this.input.length) return;
    if (w.kind === 'key') {
      if (!this.o.interactive) {
        // a paste answers with one whole line; an empty line is Enter
        const i = this.input.indexOf('\n');
        if (i < 0) return;
        const k = this.input.slice(0, i).trim() || '\n';
        this.input = this.input.slice(i + 1);
        w.resolve(k);
        return;
      }
      const k = this.input[0];
      this.input = this.input.slice(1);
      if (k === '\r' && this.input[0] === '\n') this.input = this.input.slice(1);
      w.resolve(k);
      return;
    }
    while (this.input.length && this.waiter === w) {
      const ch = this.input[0];
      this.input = this.input.slice(1);
      if (ch === '\r' || ch === '\n') {
        if (ch === '\r' && this.input[0] === '\n') this.input = this.input.slice(1);
        this.waiter = undefined;
        if (this.o.interactive || this.o.echo) this.put(this.eol);
        w.resolve(w.buf);
        return;
      }
      if (ch === '\x7f' || ch === '\b') {
        if (w.buf.length) { w.buf = w.buf.slice(0, -1); if (!w.hidden && this.o.interactive) this.put('\b \b'); }
        continue;
      }
      if (ch === '\x03') { this.waiter = undefined; w.resolve(''); return; }
      if (ch === TOO_LONG_MARK) {
        // an answer longer than a line: no answer (what followed it up to the line end is gone)
        this.waiter = undefined;
        this.writeLine(LINE_TOO_LONG);
        w.resolve('');
        return;
      }
      w.buf += ch;
      if (!w.hidden && this.o.interactive) this.put(ch);
    }
  }

  private question(q: string, kind: 'key' | 'line', hidden = false): Promise<string> {
    return this.drain().then(() => new Promise<string>((resolve) => {
      if (this.closed) { resolve(''); return; }
      this.put(q);
      this.flushOut();
      this.waiter = kind === 'key'
        ? { kind, resolve: (k) => { this.waiter = undefined; resolve(k); } }
        : { kind, hidden, buf: '', resolve };
      this.serveWaiter();
    }));
  }

  /** the io of an unfiltered line: one per session */
  private get baseIo(): ExecIO { return this.unfilteredIo ??= this.io(); }
  private unfilteredIo?: ExecIO;

  io(filter?: OutputFilter): ExecIO {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const sh = this;
    const pass = filter ? lineFilter(filter) : undefined;
    return {
      print: (...lines: string[]) => {
        if (this.quit || this.closed) return;
        for (const l of lines) if (!pass || pass(l)) this.out.push(l);
        this.flush();
      },
      settle: async () => {
        await this.drain();
        this.flushOut();
        if (!this.closed) await this.o.writable?.();
        await nextTurn();
        return !this.quit && !this.closed;
      },
      filtered: (f) => this.io(f),
      confirm: async (q) => {
        const k = await this.question(q, 'key');
        if (this.o.interactive) this.put(this.eol);
        else if (this.o.echo && !this.closed) this.put((k === '\n' ? '' : k) + this.eol);
        return k === '\r' || k === '\n' || k === 'y' || k === 'Y' || k === 'yes';
      },
      ask: (q, hidden) => this.question(q + (q.endsWith(' ') ? '' : ' '), 'line', hidden),
      // the prompt as typed over (its colour codes take no column)
      get promptWidth() { return sh.sh.prompt().length + 1; },
      session: this,
    };
  }
}
