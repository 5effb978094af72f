// One line of CLI input → a command in the right mode: the mode stack, indentation of pasted
// configs, ASA's parent-mode fallback, kept-verbatim blocks, error texts and `?` help. Knows
// nothing of terminals or transports.
import { matchLine, matchTokens, type Attempt, type Command } from '../../grammar/matcher.ts';
import { tokenize } from '../../grammar/tokens.ts';
import { modeChain } from '../../grammar/registry.ts';
import type { Mode } from '../../grammar/syntax.ts';
import { blockOpeners } from '../../grammar/passthrough.ts';
import type { Frame } from '../config/apply.ts';
import type { App } from '../app-types.ts';
import { helpText } from './help.ts';
import { splitFilter, type OutputFilter } from './filters.ts';
import { runExec, type ExecIO } from './exec/index.ts';
import { exactIn, typedInFull } from './exact-word.ts';

export interface ShellFrame extends Frame {
  /** indentation of the line that opened this frame */
  indent: number;
  /** indentation of its first child line, when children were indented */
  childIndent?: number;
  /** nested indentation levels inside a kept-verbatim block */
  levels?: number[];
}

const OPAQUE: Mode[] = ['config-passthrough', 'config-tunnel-ipsec', 'config-tunnel-ppp'];

const promptTags: Partial<Record<Mode, string>> = {
  'config-webvpn-cache': 'config-webvpn-cache',
};

export interface LineOutcome {
  /** the line was kept verbatim (counts toward the paste's INFO line) */
  passthrough?: boolean;
  error?: boolean;
  /** the session should end */
  close?: boolean;
}

export class Interpreter {
  frames: ShellFrame[];
  /** the privilege level reached; 15 at `#` */
  level: number;

  constructor(public app: App, public user: string, public maxLevel: number, startPrivileged: boolean) {
    this.level = startPrivileged ? Math.min(15, maxLevel) : 1;
    this.frames = [{ mode: startPrivileged ? 'priv' : 'user', indent: -1 }];
  }

  get frame(): ShellFrame { return this.frames[this.frames.length - 1]; }
  get mode(): Mode { return this.frame.mode; }

  prompt(): string {
    const h = this.app.config.model.hostname;
    const m = this.mode;
    if (m === 'user') return `${h}>`;
    if (m === 'priv') return `${h}#`;
    if (m === 'config-passthrough') {
      const head = this.frame.block?.head.split(' ') ?? [];
      const tag = head[0] === 'object' || head[0] === 'object-group' ? `${head[1]}-${head[0]}` : head[0];
      return `${h}(config-${tag})#`;
    }
    return `${h}(${promptTags[m] ?? m})#`;
  }

  /** end/Ctrl-Z */
  toPriv(): void {
    while (this.frames.length > 1 && this.mode !== 'priv') this.frames.pop();
  }

  exit(): boolean {
    if (this.mode === 'user' || this.mode === 'priv') return true;
    this.frames.pop();
    return false;
  }

  private chainFor(mode: Mode): Mode[] {
    return modeChain(mode);
  }

  /** the indentation rule for pasted configs: a line shallower than a block's children closes it */
  private popByIndent(indent: number): void {
    while (this.frames.length > 2) {
      const f = this.frame;
      if (f.childIndent === undefined || f.childIndent <= f.indent || indent >= f.childIndent) break;
      this.frames.pop();
    }
  }

  /**
   * try each mode from the current one up to its root; the first that accepts the line wins, except
   * that once a nearer mode knew the first word as a whole keyword, a parent's abbreviation of it
   * does not count (exact-word.ts)
   */
  match(text: string, modes: Mode[]): { level: Mode; cmd: Command } | { fail: Attempt } {
    let best: Attempt | undefined;
    let exact = false;
    const toks = tokenize(text);
    for (const m of modes) {
      const a = matchTokens(toks, text, m);
      // neither a parent's success nor its error counts when it only abbreviates the word
      if (exact && !(a.res.ok ? typedInFull(a.res.cmd, text) : exactIn(m, text))) continue;
      if (a.res.ok) return { level: m, cmd: a.res.cmd };
      if (!best || a.reached > best.reached) best = a;
      if (!exact && a.reached > 0 && exactIn(m, text)) exact = true;
    }
    return { fail: best! };
  }

  /** synchronous unless the line runs an EXEC command (which may ask questions or fetch URLs) */
  line(raw: string, io: ExecIO): LineOutcome | Promise<LineOutcome> {
    const indentMatch = /^[ \t]*/.exec(raw)![0];
    const indent = indentMatch.replace(/\t/g, ' ').length;
    let text = raw.slice(indentMatch.length).replace(/\s+$/, '');
    if (text === '' || text.startsWith('!') || text.startsWith(':') || /^ASA Version\b/.test(text) || /^Cryptochecksum:/.test(text)) {
      return {};
    }
    if (text.endsWith('?')) {
      io.print(...helpText(this, text.slice(0, -1), indent));
      return {};
    }
    const filtered = splitFilter(text);
    let filter: OutputFilter | undefined;
    if (filtered) {
      if ('error' in filtered) { io.print(`ERROR: ${filtered.error}`); return { error: true }; }
      text = filtered.command;
      filter = filtered.filter;
    }

    if (this.frames.length > 2) {
      this.popByIndent(indent);
      const f = this.frame;
      if (indent > f.indent && f.childIndent === undefined && indent > 0) f.childIndent = indent;
      if (OPAQUE.includes(f.mode)) return this.opaqueLine(text, indent, raw, io);
    }
    return this.dispatch(text, this.chainFor(this.mode), indent, io, filter);
  }

  /** inside a kept-verbatim block: deeper lines are children; others try the global modes first */
  private opaqueLine(text: string, indent: number, raw: string, io: ExecIO): LineOutcome | Promise<LineOutcome> {
    const f = this.frame;
    if (indent > f.indent && f.childIndent !== undefined) return this.child(text, indent, io);
    const parent = this.chainFor(this.mode).slice(1);
    const m = this.match(text, parent);
    if ('cmd' in m) return this.dispatch(text, parent, indent, io);
    const opener = f.mode !== 'config-passthrough' || blockOpeners.has(f.block?.head.split(' ')[0] ?? '');
    if (opener) return this.child(text, indent, io);
    return this.report(m.fail, text, indent, io, raw);
  }

  private child(text: string, indent: number, io: ExecIO): LineOutcome {
    const f = this.frame;
    f.levels ??= [];
    while (f.levels.length && indent < f.levels[f.levels.length - 1]) f.levels.pop();
    if (!f.levels.length || indent > f.levels[f.levels.length - 1]) f.levels.push(indent);
    const depth = f.levels.length - 1;
    const a = matchLine(text, f.mode);
    if (!a.res.ok) return this.report(a, text, indent, io, text);
    const cmd = a.res.cmd;
    // `exit`/`end` indented under a kept block leave it; they are not lines of the block
    if (cmd.kind === 'exit' || cmd.kind === 'end') return this.dispatch(text, [f.mode], indent, io) as LineOutcome;
    if (depth > 0 && cmd.path.length) {
      const p = cmd.path[cmd.path.length - 1];
      // a nested `no …` line is kept as it is: the indentation goes before the `no`
      if ('arg' in p) { p.text = ' '.repeat(depth) + (cmd.no ? 'no ' : '') + p.text; cmd.no = false; }
    }
    const r = this.app.config.apply(cmd, this.frame, this.user);
    io.print(...r.messages);
    return { passthrough: true, error: !r.ok };
  }

  private report(a: Attempt, text: string, indent: number, io: ExecIO, _raw: string): LineOutcome {
    const r = a.res;
    if (r.ok) return {};
    switch (r.error) {
      case 'invalid':
        io.print(' '.repeat(io.promptWidth + indent + r.at) + '^', `ERROR: % Invalid input detected at '^' marker.`);
        break;
      case 'ambiguous':
        io.print(`ERROR: % Ambiguous command:  "${r.text}"`);
        break;
      case 'incomplete':
        io.print('ERROR: % Incomplete command');
        break;
      case 'empty':
        return {};
    }
    void text;
    return { error: true };
  }

  private dispatch(text: string, chain: Mode[], indent: number, io: ExecIO, filter?: OutputFilter): LineOutcome | Promise<LineOutcome> {
    const m = this.match(text, chain);
    if ('fail' in m) return this.report(m.fail, text, indent, io, text);
    const { cmd, level } = m;
    switch (cmd.kind) {
      case 'exit': {
        if (level === 'user' || level === 'priv') return { close: true };
        while (this.mode !== level) this.frames.pop();
        this.exit();
        return {};
      }
      case 'end': this.toPriv(); return {};
      case 'quit': case 'logout': return { close: true };
    }
    if (cmd.kind.startsWith('x.')) {
      return runExec(cmd, this, filter ? io.filtered(filter) : io).then((out) => ({ close: out === 'close', error: out === 'error' }));
    }
    // a command of a parent mode runs there, and the prompt moves there
    while (this.frames.length > 1 && this.mode !== level) this.frames.pop();
    const r = this.app.config.apply(cmd, this.frame, this.user);
    io.print(...r.messages);
    if (r.ok && r.enter) this.frames.push({ ...r.enter, indent });
    return { passthrough: r.ok && cmd.kind.startsWith('p.') && cmd.kind !== 'p.crypto-key', error: !r.ok };
  }
}
