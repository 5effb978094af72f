// How a configuration declaration gets its meaning: bound by reference to the declaration object,
// with the handler's command typed from that declaration's notation. A misspelt argument or keyword
// is a compile error, and the completeness check (src/bindings.ts) finds a declaration nobody bound.
import type { Command, CommandOf } from '../../grammar/matcher.ts';
import type { AnyDecl, Mode } from '../../grammar/syntax.ts';
import type { ConfigEnv } from './env.ts';
import type { Attrs, PassBlock, RunningConfig } from './model.ts';

export interface Frame { mode: Mode; target?: string; block?: PassBlock }

/** what a change touched, for subscribers (the gateway follows webvpn, interface and global) */
export type Section =
  | 'global' | 'interface' | 'pool' | 'webvpn' | 'group-policy' | 'tunnel-group' | 'username' | 'ssh'
  | 'aaa' | 'aaa-server' | 'custom-data' | 'access-list' | 'route' | 'passthrough' | 'load-balancing';

export interface ChangeEvent { section: Section; name?: string; kind: string; no: boolean }

export interface ApplyResult {
  ok: boolean;
  messages: string[];
  enter?: Frame;
  event?: ChangeEvent;
}

export const fail = (...messages: string[]): ApplyResult => ({ ok: false, messages });

export function ok(section: Section, cmd: Command, name?: string, enter?: Frame, messages: string[] = []): ApplyResult {
  return { ok: true, messages, enter, event: { section, name, kind: cmd.kind, no: cmd.no } };
}

export type ConfigHandler<D> = (c: RunningConfig, env: ConfigEnv, cmd: CommandOf<D>, f: Frame) => ApplyResult;

/** an attribute of a sub-mode block: stored in the block's slot, rendered from its declaration */
export interface StoreBinding {
  type: 'store';
  decl: AnyDecl;
  /** references must resolve, files must be on flash: an error text, or undefined when fine */
  validate?: (c: RunningConfig, env: ConfigEnv, cmd: Command) => string | undefined;
  /** how the command goes into its block when it is not one slot per kind (banner lines) */
  put?: (attrs: Attrs, cmd: Command) => void;
}

/** a command that creates, enters or removes an object, or changes a global setting */
export interface ObjectBinding {
  type: 'object';
  decl: AnyDecl;
  apply: (c: RunningConfig, env: ConfigEnv, cmd: Command, f: Frame) => ApplyResult;
}

export type ConfigBinding = StoreBinding | ObjectBinding;

// The casts below are the one place a matched command is narrowed to its declaration's type: the
// binding map only ever calls a handler with commands of its own declaration.
export function on<D extends AnyDecl>(d: D, apply: ConfigHandler<D>): ObjectBinding {
  return { type: 'object', decl: d, apply: apply as ObjectBinding['apply'] };
}

export interface StoreOptions<D> {
  validate?: (c: RunningConfig, env: ConfigEnv, cmd: CommandOf<D>) => string | undefined;
  put?: (attrs: Attrs, cmd: CommandOf<D>) => void;
}

export function store<D extends AnyDecl>(d: D, o: StoreOptions<D> = {}): StoreBinding {
  return { type: 'store', decl: d, validate: o.validate as StoreBinding['validate'], put: o.put as StoreBinding['put'] };
}

/** plain attributes: stored and rendered, nothing to check */
export function stored(...ds: AnyDecl[]): StoreBinding[] {
  return ds.map((d) => store(d));
}
