// ASA's local command authorization. Every command has a level: that of its main word and form (the
// `show` form of `running-config` is `show running-config`, the `clear` form of `aaa` is `clear aaa
// ...` and `clear configure aaa`, the `cmd` form is `aaa ...` and `no aaa ...`), in EXEC (`mode
// enable`) or configuration mode (`mode cmd`). `privilege ... command CMD` changes it; the default is
// the declaration's `priv` (grammar/), else `defaultPriv`. With `aaa authorization command` a session
// may run only commands at or below its level; without it, levels are not enforced (as on an ASA).
import type { Command } from '../../grammar/matcher.ts';
import { matchLine } from '../../grammar/matcher.ts';
import { defaultPriv, type AnyDecl, type Mode } from '../../grammar/syntax.ts';
import { config as G } from '../../grammar/config.ts';
import { exec as X } from '../../grammar/exec.ts';
import { allDecls } from '../../grammar/registry.ts';
import { privKey, sortPrivileges, type PrivEntry, type RunningConfig } from '../config/model.ts';

export type Variant = PrivEntry['variant'];
export type PrivMode = NonNullable<PrivEntry['mode']>;
export interface CommandKey { variant: Variant; command: string; mode: PrivMode }

export const AUTHORIZATION_FAILED = 'Command authorization failed';

const modeClass = (m: Mode): PrivMode => (m === 'user' || m === 'priv' ? 'enable' : 'cmd');

/** the form and main word of leading keywords: `show X` → show X, `clear [configure] X` → clear X, else cmd of the first */
function keyOf(words: (string | undefined)[]): Omit<CommandKey, 'mode'> | undefined {
  const [a, b, c] = words;
  if (a === undefined) return undefined;
  if (a === 'show' && b) return { variant: 'show', command: b };
  if (a === 'clear' && b) return { variant: 'clear', command: b === 'configure' && c ? c : b };
  return { variant: 'cmd', command: a };
}

/** what `privilege` entries a matched command falls under; `matched` is the mode it matched in */
export function commandKey(cmd: Command, matched: Mode): CommandKey {
  // a kept-verbatim line (one text argument) is known by its own words, as an ASA knows its sub-mode command
  const p0 = cmd.path[0];
  const words = p0 && !('kw' in p0) ? p0.text.trim().toLowerCase().replace(/^no\s+/, '').split(/\s+/)
    : [0, 1, 2].map((i) => { const p = cmd.path[i]; return p && 'kw' in p ? p.kw : undefined; });
  const k = keyOf(words) ?? { variant: 'cmd' as const, command: '' };
  return { ...k, mode: modeClass(matched) };
}

/** the level a command needs: a `privilege` entry for its mode, else one for every mode, else its default */
export function levelOf(c: RunningConfig, cmd: Command, matched: Mode): number {
  const k = commandKey(cmd, matched);
  return c.privileges.get(privKey(k))?.level ?? c.privileges.get(privKey({ ...k, mode: undefined }))?.level ?? cmd.decl.priv ?? defaultPriv;
}

/** `aaa authorization command LOCAL` (a server group is not consulted: its levels are the local ones) */
export function commandAuthorization(c: RunningConfig): boolean {
  return c.global.has(G.aaaAuthorizationCommand);
}

/** true when command authorization refuses `cmd` to a session at `level` */
export function refused(c: RunningConfig, cmd: Command, matched: Mode, level: number): boolean {
  return commandAuthorization(c) && levelOf(c, cmd, matched) > level;
}

let configureTerminal: Command | undefined;
function configureCommand(): Command {
  if (configureTerminal) return configureTerminal;
  const r = matchLine('configure terminal', 'priv').res;
  if (!r.ok || r.cmd.decl !== X.configure) throw new Error('configure terminal does not parse');
  return (configureTerminal = r.cmd);
}

/**
 * may a session at `level` enter configuration mode (`configure terminal`, or text run as a paste
 * into `(config)#`): with command authorization, the level of `configure`; without it, 15
 */
export function mayConfigure(c: RunningConfig, level: number): boolean {
  return commandAuthorization(c) ? levelOf(c, configureCommand(), 'priv') <= level : level >= defaultPriv;
}

// ---------------------------------------------------------------------------------------------
// The effective table, for `show running-config [all] privilege {all | level N | command CMD}`

/** the leading keywords (up to three) a declaration's lines can start with */
function heads(d: AnyDecl): (string | undefined)[][] {
  const out: (string | undefined)[][] = [];
  const walk = (states: number[], words: string[]) => {
    let stops = words.length === 3;
    const next = new Map<string, number[]>();
    for (const s of states) {
      for (const t of d.nfa.closures[s]) {
        if (t === d.nfa.accept) stops = true;
        for (const e of d.nfa.edges[t]) {
          if ('arg' in e) stops = true;
          else if (words.length < 3) next.set(e.kw, [...(next.get(e.kw) ?? []), e.to]);
        }
      }
    }
    if (stops) out.push(words);
    for (const [w, to] of next) walk(to, [...words, w]);
  };
  walk([d.nfa.start], []);
  return out;
}

interface Row { variant: Variant; command: string; levels: Partial<Record<PrivMode, number>> }

let defaults: Map<string, Row> | undefined;
function defaultTable(): Map<string, Row> {
  if (defaults) return defaults;
  defaults = new Map();
  for (const d of allDecls) {
    const classes = new Set(d.modes.map(modeClass));
    for (const h of heads(d)) {
      const k = keyOf(h);
      if (!k || !k.command) continue;
      const id = `${k.variant}\u0000${k.command}`;
      const row = defaults.get(id) ?? { ...k, levels: {} };
      // two declarations of one form and word: the stricter level is the one shown
      for (const m of classes) row.levels[m] = Math.max(row.levels[m] ?? 0, d.priv ?? defaultPriv);
      defaults.set(id, row);
    }
  }
  return defaults;
}

/** every command's effective level: defaults from the grammar, overridden by the configured entries */
export function effectivePrivileges(c: RunningConfig): PrivEntry[] {
  const rows = new Map<string, Row>();
  for (const [id, r] of defaultTable()) rows.set(id, { ...r, levels: { ...r.levels } });
  const configured = [...c.privileges.values()];
  // mode-less entries first, so that an entry for one mode wins over one for every mode
  for (const e of [...configured.filter((x) => !x.mode), ...configured.filter((x) => x.mode)]) {
    const id = `${e.variant}\u0000${e.command}`;
    const row = rows.get(id) ?? { variant: e.variant, command: e.command, levels: {} };
    if (e.mode) row.levels[e.mode] = e.level;
    else {
      const ms = Object.keys(row.levels) as PrivMode[];
      for (const m of ms.length ? ms : (['enable'] as PrivMode[])) row.levels[m] = e.level;
    }
    rows.set(id, row);
  }
  const out: PrivEntry[] = [];
  for (const r of sortPrivileges([...rows.values()])) {
    const { enable, cmd } = r.levels;
    if (enable !== undefined && cmd !== undefined && enable !== cmd) {
      out.push({ variant: r.variant, level: enable, mode: 'enable', command: r.command }, { variant: r.variant, level: cmd, mode: 'cmd', command: r.command });
    } else out.push({ variant: r.variant, level: (enable ?? cmd)!, command: r.command });
  }
  return out;
}

