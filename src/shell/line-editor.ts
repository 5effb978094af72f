// The editing line of an interactive session: keystrokes in, edit actions out. Arrows,
// backspace, Ctrl-A/E/U/W/B/F/P/N, history, Tab and `?`.

/**
 * The longest command line a session takes, in characters. No ASA document we have states the
 * console's limit (not ../shared/reference/asa-cli.md, not the seeds under ../shared/seeds); Cisco's
 * PIX/ASA 7.x configuration guides do document banners of up to 510 characters, so a valid
 * `banner motd <510 characters>` line is 522 characters long and the 512 sometimes quoted would refuse
 * it. The longest line of the corpus, the seeds and the test fixtures is 172 characters. 4096 keeps
 * every real command with room to spare while bounding what one line can cost (memory, parsing).
 */
export const MAX_LINE = 4096;
export const LINE_TOO_LONG = `ERROR: % Command line too long: ${MAX_LINE} characters at most`;
/** put by LineLimiter where it cut an overlong line; never comes from the peer (NUL is removed) */
export const TOO_LONG_MARK = '\u0000';

/**
 * Bounds the input of a session as it arrives, each character looked at once: a run of more than
 * `max` characters without a line end keeps its first `max` characters, then TOO_LONG_MARK, and the
 * rest of it up to the line end is dropped (the line end is kept). A 16 MB line thus costs one scan
 * and `max` characters of memory instead of 16 MB through the line editor and the parser.
 */
export class LineLimiter {
  private tail = 0;
  private dropping = false;

  /** `cr`: a terminal, where CR also ends a line; else only LF does */
  constructor(private readonly max: number, private readonly cr: boolean) {}

  /** a line end came from elsewhere (end of input) */
  reset(): void { this.tail = 0; this.dropping = false; }

  push(data: string): string {
    if (data.includes(TOO_LONG_MARK)) data = data.split(TOO_LONG_MARK).join('');
    const n = data.length;
    // next line end at or after i; each indexOf result is kept until passed, so every character
    // is scanned once per kind of line end
    let lf = -2;
    let cr = this.cr ? -2 : -1;
    const next = (i: number): number => {
      if (lf !== -1 && lf < i) lf = data.indexOf('\n', i);
      if (cr !== -1 && cr < i) cr = data.indexOf('\r', i);
      return lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
    };
    let out = '';
    let from = 0;
    let i = 0;
    while (i < n) {
      const t = next(i);
      const end = t < 0 ? n : t;
      if (this.dropping) {
        if (t < 0) { from = n; break; }
        this.dropping = false;
        this.tail = 0;
        from = t;
        i = t + 1;
        continue;
      }
      if (this.tail + (end - i) > this.max) {
        const keep = i + this.max - this.tail;
        out += data.slice(from, keep) + TOO_LONG_MARK;
        from = i = keep;
        this.dropping = true;
        continue;
      }
      if (t < 0) { this.tail += end - i; break; }
      this.tail = 0;
      i = t + 1;
    }
    return from === 0 ? data : out + data.slice(from);
  }
}

export type EditAction =
  | { t: 'none' } | { t: 'echo'; s: string } | { t: 'redraw' } | { t: 'submit' }
  | { t: 'history'; dir: -1 | 1 } | { t: 'help' } | { t: 'tab' } | { t: 'abort' } | { t: 'ctrlz' } | { t: 'eof' }
  /** the line went past MAX_LINE: it is gone, and keys are dropped up to the line end */
  | { t: 'toolong' }
  /** the line end of an overlong line: a fresh prompt */
  | { t: 'prompt' };

export class LineEditor {
  text = '';
  cursor = 0;
  private histPos = -1;
  private saved = '';
  private lastCR = false;
  /** inside an overlong line */
  private overlong = false;

  constructor(private readonly max = MAX_LINE) {}

  take(): string {
    const t = this.text;
    this.text = '';
    this.cursor = 0;
    this.histPos = -1;
    return t;
  }

  replaceBeforeCursor(s: string): void {
    if (s.length + this.text.length - this.cursor > this.max) return;
    this.text = s + this.text.slice(this.cursor);
    this.cursor = s.length;
  }

  historyMove(dir: -1 | 1, hist: string[]): void {
    if (!hist.length) return;
    if (this.histPos === -1) { this.saved = this.text; this.histPos = hist.length; }
    const pos = Math.min(hist.length, Math.max(0, this.histPos + dir));
    this.histPos = pos;
    this.text = pos === hist.length ? this.saved : hist[pos];
    this.cursor = this.text.length;
  }

  /** one key (an escape sequence counts as one) from the start of `buf` */
  key(buf: string): { consumed: number; action: EditAction } {
    const c = buf[0];
    const wasCR = this.lastCR;
    this.lastCR = c === '\r';
    if (this.overlong) return this.dropKeys(buf);
    if (c === TOO_LONG_MARK) return this.tooLong(1);
    if (c === '\x1b') {
      const m = /^\x1b(\[|O)([0-9;]*)([A-Za-z~])/.exec(buf);
      if (!m) return buf.length < 3 ? { consumed: buf.length, action: { t: 'none' } } : { consumed: 1, action: { t: 'none' } };
      const n = m[0].length;
      switch (m[3]) {
        case 'A': return { consumed: n, action: { t: 'history', dir: -1 } };
        case 'B': return { consumed: n, action: { t: 'history', dir: 1 } };
        case 'C': return this.move(n, 1);
        case 'D': return this.move(n, -1);
        case 'H': this.cursor = 0; return { consumed: n, action: { t: 'redraw' } };
        case 'F': this.cursor = this.text.length; return { consumed: n, action: { t: 'redraw' } };
        case '~':
          if (m[2] === '3' && this.cursor < this.text.length) {
            this.text = this.text.slice(0, this.cursor) + this.text.slice(this.cursor + 1);
            return { consumed: n, action: { t: 'redraw' } };
          }
          return { consumed: n, action: { t: 'none' } };
        default: return { consumed: n, action: { t: 'none' } };
      }
    }
    switch (c) {
      case '\r': return { consumed: 1, action: { t: 'submit' } };
      case '\n': return wasCR ? { consumed: 1, action: { t: 'none' } } : { consumed: 1, action: { t: 'submit' } };
      case '\x7f': case '\b':
        if (!this.cursor) return { consumed: 1, action: { t: 'none' } };
        this.text = this.text.slice(0, this.cursor - 1) + this.text.slice(this.cursor);
        this.cursor--;
        return { consumed: 1, action: { t: 'redraw' } };
      case '\x01': this.cursor = 0; return { consumed: 1, action: { t: 'redraw' } };
      case '\x05': this.cursor = this.text.length; return { consumed: 1, action: { t: 'redraw' } };
      case '\x02': return this.move(1, -1);
      case '\x06': return this.move(1, 1);
      case '\x10': return { consumed: 1, action: { t: 'history', dir: -1 } };
      case '\x0e': return { consumed: 1, action: { t: 'history', dir: 1 } };
      case '\x15': this.text = this.text.slice(this.cursor); this.cursor = 0; return { consumed: 1, action: { t: 'redraw' } };
      case '\x0b': this.text = this.text.slice(0, this.cursor); return { consumed: 1, action: { t: 'redraw' } };
      case '\x17': {
        const before = this.text.slice(0, this.cursor).replace(/\S+\s*$/, '');
        this.text = before + this.text.slice(this.cursor);
        this.cursor = before.length;
        return { consumed: 1, action: { t: 'redraw' } };
      }
      case '\x03': return { consumed: 1, action: { t: 'abort' } };
      case '\x1a': return { consumed: 1, action: { t: 'ctrlz' } };
      case '\x04': return { consumed: 1, action: { t: 'eof' } };
      case '\t': return { consumed: 1, action: { t: 'tab' } };
      case '?': return { consumed: 1, action: { t: 'help' } };
    }
    if (c < ' ') return { consumed: 1, action: { t: 'none' } };
    // printable run: insert it all at once (a paste into a terminal arrives as one chunk)
    let n = 0;
    while (n < buf.length && buf[n] >= ' ' && buf[n] !== '\x7f' && buf[n] !== '?') n++;
    if (this.text.length + n > this.max) return this.tooLong(n);
    const s = buf.slice(0, n);
    const atEnd = this.cursor === this.text.length;
    this.text = this.text.slice(0, this.cursor) + s + this.text.slice(this.cursor);
    this.cursor += n;
    return { consumed: n, action: atEnd ? { t: 'echo', s } : { t: 'redraw' } };
  }

  private tooLong(n: number): { consumed: number; action: EditAction } {
    this.take();
    this.overlong = true;
    return { consumed: n, action: { t: 'toolong' } };
  }

  /** the rest of an overlong line, up to its line end (or Ctrl-C), is dropped in one step */
  private dropKeys(buf: string): { consumed: number; action: EditAction } {
    let n = 0;
    while (n < buf.length && buf[n] !== '\r' && buf[n] !== '\n' && buf[n] !== '\x03') n++;
    if (n) { this.lastCR = false; return { consumed: n, action: { t: 'none' } }; }
    this.overlong = false;
    return { consumed: 1, action: buf[0] === '\x03' ? { t: 'abort' } : { t: 'prompt' } };
  }

  private move(n: number, d: -1 | 1): { consumed: number; action: EditAction } {
    this.cursor = Math.min(this.text.length, Math.max(0, this.cursor + d));
    return { consumed: n, action: { t: 'redraw' } };
  }
}
