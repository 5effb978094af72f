// The editing line of an interactive session: keystrokes in, edit actions out. Arrows,
// backspace, Ctrl-A/E/U/W/B/F/P/N, history, Tab and `?`.
export type EditAction =
  | { t: 'none' } | { t: 'echo'; s: string } | { t: 'redraw' } | { t: 'submit' }
  | { t: 'history'; dir: -1 | 1 } | { t: 'help' } | { t: 'tab' } | { t: 'abort' } | { t: 'ctrlz' } | { t: 'eof' };

export class LineEditor {
  text = '';
  cursor = 0;
  private histPos = -1;
  private saved = '';
  private lastCR = false;

  take(): string {
    const t = this.text;
    this.text = '';
    this.cursor = 0;
    this.histPos = -1;
    return t;
  }

  replaceBeforeCursor(s: string): void {
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
    const s = buf.slice(0, n);
    const atEnd = this.cursor === this.text.length;
    this.text = this.text.slice(0, this.cursor) + s + this.text.slice(this.cursor);
    this.cursor += n;
    return { consumed: n, action: atEnd ? { t: 'echo', s } : { t: 'redraw' } };
  }

  private move(n: number, d: -1 | 1): { consumed: number; action: EditAction } {
    this.cursor = Math.min(this.text.length, Math.max(0, this.cursor + d));
    return { consumed: n, action: { t: 'redraw' } };
  }
}
