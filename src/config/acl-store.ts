// The access-lists of the running-config: by name in creation order, each an ordered list of
// entries (remarks included, as an ASA numbers them). Entries are the parsed commands, stored in
// their canonical form (no `line N`), so `show running-config` prints each from its path.
import type { AnyDecl } from '../../grammar/syntax.ts';
import type { Command, CommandOf } from '../../grammar/matcher.ts';
import { commandText } from './command-text.ts';

export interface AclEntries { name: string; entries: Command[]; texts: Set<string> }

export class AccessLists {
  private readonly lists = new Map<string, AclEntries>();
  /** bumped on every change of any list */
  generation = 0;
  /** the generation at each list's last change, and at the last `clear configure access-list` */
  private readonly versions = new Map<string, number>();
  private clearedAt = 0;
  /** each entry's identity from when it was added: an entry removed and added again is a new one (its hit count starts at 0) */
  private readonly ids = new WeakMap<Command, number>();
  private nextId = 1;

  idOf(cmd: Command): number { return this.ids.get(cmd) ?? 0; }

  /** adds an entry at the end, or before 1-based line `line`; false when the list already has it */
  add(cmd: Command, line?: number): boolean {
    const name = String(cmd.args.NAME);
    let l = this.lists.get(name);
    const text = commandText(cmd);
    if (l?.texts.has(text)) return false;
    if (!l) { l = { name, entries: [], texts: new Set() }; this.lists.set(name, l); }
    l.texts.add(text);
    this.ids.set(cmd, this.nextId++);
    if (line !== undefined && line <= l.entries.length) l.entries.splice(line - 1, 0, cmd);
    else l.entries.push(cmd);
    this.changed(name);
    return true;
  }

  /** removes the entry with this canonical text from its list; the list goes when it is empty */
  remove(name: string, text: string): boolean {
    const l = this.lists.get(name);
    if (!l?.texts.delete(text)) return false;
    l.entries.splice(l.entries.findIndex((e) => commandText(e) === text), 1);
    if (!l.entries.length) this.lists.delete(name);
    this.changed(name);
    return true;
  }

  removeList(name: string): boolean {
    const had = this.lists.delete(name);
    if (had) this.changed(name);
    return had;
  }

  clear(): void { this.lists.clear(); this.clearedAt = ++this.generation; }

  /** changes whenever the list does: lets a packet filter tell stale from fresh at each packet */
  versionOf(name: string): number { return Math.max(this.versions.get(name) ?? 0, this.clearedAt); }

  private changed(name: string): void { this.versions.set(name, ++this.generation); }
  has(name: string): boolean { return this.lists.has(name); }
  get(name: string): AclEntries | undefined { return this.lists.get(name); }
  names(): string[] { return [...this.lists.keys()]; }
  all(): AclEntries[] { return [...this.lists.values()]; }

  /** every entry of one declaration, list by list */
  of<D extends AnyDecl>(d: D): CommandOf<D>[] {
    const out: CommandOf<D>[] = [];
    for (const l of this.lists.values()) for (const e of l.entries) if (e.decl === d) out.push(e as unknown as CommandOf<D>);
    return out;
  }

  /** every entry in show-run order: lists in creation order, entries in order */
  map<T>(fn: (c: Command) => T): T[] {
    const out: T[] = [];
    for (const l of this.lists.values()) for (const e of l.entries) out.push(fn(e));
    return out;
  }

  [Symbol.iterator](): IterableIterator<Command> { return this.map((c) => c)[Symbol.iterator](); }
  get length(): number { let n = 0; for (const l of this.lists.values()) n += l.entries.length; return n; }
}
