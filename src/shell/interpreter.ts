// One line of CLI input → a command in the right mode: the mode stack, indentation of pasted
// configs, ASA's parent-mode fallback, kept-verbatim blocks, error texts and `?` help. Knows
// nothing of terminals or transports.
import { matchLine, matchTokens, type Attempt, type Command } from '../../grammar/matcher.ts';
import { tokenize } from '../../grammar/tokens.ts';
import { modeChain } from '../../grammar/registry.ts';
import type { Mode } from '../../grammar/syntax.ts';
import { blockOpeners } from '../../grammar/passthrough.ts';
import { blockVocab, childWord, tunnelIpsecVocab, tunnelPppVocab, type Vocab } from '../../grammar/verbatim-blocks.ts';
import { common as C } from '../../grammar/common.ts';
import type { Frame } from '../config/binding.ts';
import { isKept } from '../config/commands/passthrough.ts';
import type { App } from '../app-types.ts';
import { helpText } from './help.ts';
import { splitFilter, type OutputFilter } from './filters.ts';
import type { ExecIO } from './exec/index.ts';
import { execBindingOf, runExec } from './commands/exec.ts';
import type { ExecContext, ExecOutcome } from './commands/binding.ts';
import { exactIn } from './exact-word.ts';
import { AUTHORIZATION_FAILED, refused } from './authorize.ts';

export interface ShellFrame extends Frame {
  /** indentation of the line that opened this frame (a hint inside kept-verbatim blocks only) */
  indent: number;
  /** inside a kept-verbatim block: the vocabulary of each open nesting level, outermost first */
  nest?: Vocab[];
  /** inside a kept-verbatim block: indentation of each nesting level its indented children used */
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

export type StartMode = 'user' | 'priv' | 'config';

/** The mode stack is written here only: EXEC commands change it through their ExecContext. */
export class Interpreter {
  private stack: ShellFrame[];
  private lvl: number;
  /** what EXEC commands may see and do of this session */
  readonly ctx: ExecContext;

  constructor(public readonly app: App, public readonly user: string, public readonly maxLevel: number, start: StartMode | boolean) {
    const mode = start === true ? 'priv' : start === false ? 'user' : start;
    this.lvl = mode === 'user' ? 1 : Math.min(15, maxLevel);
    this.stack = [{ mode: mode === 'user' ? 'user' : 'priv', indent: -1 }];
    if (mode === 'config') this.stack.push({ mode: 'config', indent: -1 });
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const sh = this;
    this.ctx = {
      get app() { return sh.app; },
      get user() { return sh.user; },
      get level() { return sh.lvl; },
      get maxLevel() { return sh.maxLevel; },
      get mode() { return sh.mode; },
      enable: (level) => this.enable(level),
      disable: () => this.disable(),
      enterConfig: () => this.enterConfig(),
      exitMode: () => (this.exit() ? 'close' : undefined),
      toPriv: () => this.toPriv(),
    };
  }

  get frames(): readonly ShellFrame[] { return this.stack; }
  get frame(): ShellFrame { return this.stack[this.stack.length - 1]; }
  get mode(): Mode { return this.frame.mode; }
  /** the privilege level reached; 15 at `#` */
  get level(): number { return this.lvl; }

  /** privileged EXEC at `level` (kept in the configuration mode the session is in) */
  enable(level: number): void {
    this.lvl = Math.min(level, this.maxLevel);
    if (this.mode === 'user') this.stack[0] = { mode: 'priv', indent: -1 };
  }

  disable(): void {
    this.lvl = 1;
    this.stack = [{ mode: 'user', indent: -1 }];
  }

  /** the mode stack and level, to return to later (fuzzers and benches go back to the mode under test) */
  snapshot(): { frames: ShellFrame[]; level: number } {
    return { frames: this.stack.map(copyFrame), level: this.lvl };
  }

  restore(s: { frames: readonly ShellFrame[]; level: number }): void {
    this.stack = s.frames.map(copyFrame);
    this.lvl = s.level;
  }

  enterConfig(): void {
    this.toPriv();
    this.stack.push({ mode: 'config', indent: -1 });
  }

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

  /** out of every configuration sub-mode, staying in configuration mode */
  private toConfig(): void {
    while (this.stack.length > 2 && this.stack[1].mode === 'config') this.stack.pop();
  }

  /** end/Ctrl-Z */
  toPriv(): void {
    while (this.stack.length > 1 && this.mode !== 'priv') this.stack.pop();
  }

  /** leave one mode; true when that ends the session */
  exit(): boolean {
    if (this.mode === 'user' || this.mode === 'priv') return true;
    this.stack.pop();
    return false;
  }

  private chainFor(mode: Mode): readonly Mode[] {
    return modeChain(mode);
  }

  /**
   * try each mode from the current one up to its root; the first that accepts the line wins, except
   * that once a nearer mode knew the first word as a whole keyword, a parent's abbreviation of it
   * does not count (exact-word.ts)
   */
  match(text: string, modes: readonly Mode[]): { level: Mode; cmd: Command } | { fail: Attempt } {
    let best: Attempt | undefined;
    let exact = false;
    const toks = tokenize(text);
    // the first command word as typed (after a leading `no`), from the tokens already made
    const first = (toks.length > 1 && toks[0].image.toLowerCase() === 'no' ? toks[1] : toks[0])?.image.toLowerCase();
    for (let i = 0; i < modes.length; i++) {
      const m = modes[i];
      const a = matchTokens(toks, text, m);
      // neither a parent's success nor its error counts when it only abbreviates the word
      if (exact && !(a.res.ok ? inFull(a.res.cmd, first) : exactIn(m, text))) continue;
      // nor does a nearer mode's abbreviation when a parent has the word whole (`http` in webvpn
      // mode is the global `http`, not `http-headers`; `username` in tunnel-general is `username`)
      if (a.res.ok && !inFull(a.res.cmd, first) && modes.slice(i + 1).some((p) => exactIn(p, text))) continue;
      if (a.res.ok) return { level: m, cmd: a.res.cmd };
      // the caret goes as far as any mode read: a word refused at the same place in two modes is
      // marked where the mode that matched more of its characters stopped
      if (!best || a.reached > best.reached || (a.reached === best.reached && !a.res.ok && !best.res.ok
        && a.res.error === 'invalid' && best.res.error === 'invalid' && a.res.at > best.res.at)) best = a;
      if (!exact && a.reached > 0 && exactIn(m, text)) exact = true;
    }
    return { fail: best! };
  }

  /** synchronous unless the line runs an EXEC command (which may ask questions or fetch URLs) */
  line(raw: string, io: ExecIO): LineOutcome | Promise<LineOutcome> {
    // the indentation (a tab counts as one space), then the line without it and trailing space
    let indent = 0;
    while (indent < raw.length && (raw.charCodeAt(indent) === 32 || raw.charCodeAt(indent) === 9)) indent++;
    let text = (indent ? raw.slice(indent) : raw).trimEnd();
    // a bare `!` at the start of a line is how show-run ends a top-level block: a pasted config is
    // back at (config)# there (a group-policy's ` webvpn` block followed by the global `webvpn`)
    if (text === '!' && indent === 0) { this.toConfig(); return {}; }
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

    // leading whitespace is not syntax: a line is matched in the current mode, then in each parent
    if (OPAQUE.includes(this.mode)) return this.opaqueLine(text, indent, raw, io);
    return this.dispatch(text, this.chainFor(this.mode), indent, io, filter);
  }

  /**
   * Inside a kept-verbatim block, as an ASA reads its sub-modes: a word of the block's vocabulary
   * (grammar/verbatim-blocks.ts) is a child at its nesting level; then a line indented under the head
   * is a child (the one place indentation helps: words the vocabulary does not list); then a line
   * valid in a parent mode leaves the block; anything else is a child of an opener.
   */
  private opaqueLine(text: string, indent: number, raw: string, io: ExecIO): LineOutcome | Promise<LineOutcome> {
    const f = this.frame;
    const word = childWord(text);
    if (word === 'exit' || word === 'end') return this.leaveNest(text, indent, io);
    f.nest ??= [this.vocabOf(f) ?? {}];
    for (let i = f.nest.length - 1; i >= 0; i--) {
      const v = f.nest[i][word];
      if (v === undefined || (v instanceof RegExp && !v.test(text))) continue;
      f.nest.length = i + 1;
      f.levels = undefined;
      const out = this.child(text, i, indent, io);
      if (word === 'quit' && i > 0) f.nest.length = i;
      else if (v !== true && !(v instanceof RegExp)) f.nest.push(v);
      return out;
    }
    if (indent > f.indent && indent > 0) return this.child(text, this.indentDepth(indent), indent, io);
    const parent = this.chainFor(this.mode).slice(1);
    const m = this.match(text, parent);
    if ('cmd' in m) return this.run(m, indent, io);
    const deepest = f.nest.length - 1;
    const opener = f.mode !== 'config-passthrough' || blockOpeners.has(f.block?.head.split(' ')[0] ?? '') || deepest > 0;
    if (opener) return this.child(text, deepest, indent, io);
    return this.report(m.fail, text, indent, io, raw);
  }

  private vocabOf(f: ShellFrame): Vocab | undefined {
    if (f.mode === 'config-tunnel-ipsec') return tunnelIpsecVocab;
    if (f.mode === 'config-tunnel-ppp') return tunnelPppVocab;
    return f.block ? blockVocab(f.block.head) : undefined;
  }

  /** `exit` leaves one nesting level of a kept block, or the block itself */
  private leaveNest(text: string, indent: number, io: ExecIO): LineOutcome {
    const f = this.frame;
    if (f.nest && f.nest.length > 1 && childWord(text) === 'exit') { f.nest.pop(); return {}; }
    return this.dispatch(text, [f.mode], indent, io) as LineOutcome;
  }

  /** the nesting depth of an indented child of a block the vocabulary does not describe */
  private indentDepth(indent: number): number {
    const f = this.frame;
    f.levels ??= [];
    while (f.levels.length && indent < f.levels[f.levels.length - 1]) f.levels.pop();
    if (!f.levels.length || indent > f.levels[f.levels.length - 1]) f.levels.push(indent);
    return f.levels.length - 1;
  }

  private child(text: string, depth: number, indent: number, io: ExecIO): LineOutcome {
    const f = this.frame;
    const a = matchLine(text, f.mode);
    if (!a.res.ok) return this.report(a, text, indent, io, text);
    const cmd = a.res.cmd;
    // `exit`/`end` abbreviated (`ex`) under a kept block leave it; they are not lines of the block
    if (cmd.decl === C.exit || cmd.decl === C.end) return this.dispatch(text, [f.mode], indent, io) as LineOutcome;
    // a child line is a command of the block's sub-mode, authorized like any other
    if (refused(this.app.config.model, cmd, f.mode, this.lvl)) { io.print(AUTHORIZATION_FAILED); return { error: true }; }
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

  private dispatch(text: string, chain: readonly Mode[], indent: number, io: ExecIO, filter?: OutputFilter): LineOutcome | Promise<LineOutcome> {
    const m = this.match(text, chain);
    if ('fail' in m) return this.report(m.fail, text, indent, io, text);
    return this.run(m, indent, io, filter);
  }

  /** a matched line, in the mode it matched in */
  private run(m: { level: Mode; cmd: Command }, indent: number, io: ExecIO, filter?: OutputFilter): LineOutcome | Promise<LineOutcome> {
    const { cmd, level } = m;
    // `aaa authorization command`: a command above the session's level is refused and changes nothing
    if (refused(this.app.config.model, cmd, level, this.lvl)) { io.print(AUTHORIZATION_FAILED); return { error: true }; }
    // EXEC commands run from any mode and leave the prompt where it is
    const exec = execBindingOf(cmd.decl);
    if (exec) {
      const out = runExec(exec, cmd, this.ctx, filter ? io.filtered(filter) : io);
      return out instanceof Promise ? out.then(outcome) : outcome(out);
    }
    // a command of a parent mode runs there, and the prompt moves there
    while (this.stack.length > 1 && this.mode !== level) this.stack.pop();
    const r = this.app.config.apply(cmd, this.frame, this.user);
    io.print(...r.messages);
    if (r.ok && r.enter) this.stack.push({ ...r.enter, indent });
    return { passthrough: r.ok && isKept(cmd), error: !r.ok };
  }
}

const outcome = (out: ExecOutcome): LineOutcome => ({ close: out === 'close', error: out === 'error' });
const copyFrame = (f: ShellFrame): ShellFrame => ({ ...f, levels: f.levels ? [...f.levels] : undefined });

/** the command matched its first word as typed (`first`), not as an abbreviation */
function inFull(cmd: Command, first: string | undefined): boolean {
  const p = cmd.path[0];
  return !p || !('kw' in p) || first === undefined || p.kw.toLowerCase() === first;
}
