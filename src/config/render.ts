// The model back to ASA's `show running-config` layout and section order, from the model alone:
// the section table's blocks and the kept-verbatim blocks, merged by rank.
import { createHash } from 'node:crypto';
import { sectionRank } from '../../grammar/passthrough.ts';
import type { RunningConfig } from './model.ts';
import { rankOf, sections, type SectionEntry } from './sections.ts';
import type { RenderOptions } from './render/blocks.ts';
import { maskLines } from './secrets.ts';

export type { RenderOptions } from './render/blocks.ts';

interface Item { rank: number; sub: number; lines: string[] }

function passItems(c: RunningConfig, rank?: number): Item[] {
  const items: Item[] = [];
  for (const b of c.passthrough.values()) {
    // ASA prints an object's own NAT rule in the NAT section, under the object's name again
    const nat = /^object network /.test(b.head) ? b.children.filter((l) => /^nat /.test(l)) : [];
    const own = nat.length ? b.children.filter((l) => !/^nat /.test(l)) : b.children;
    items.push({ rank: b.rank, sub: 0, lines: [b.head, ...own.map((l) => ' ' + l)] });
    if (nat.length) items.push({ rank: sectionRank('nat'), sub: 1, lines: [b.head, ...nat.map((l) => ' ' + l)] });
  }
  return rank === undefined ? items : items.filter((it) => it.rank === rank);
}

const sectionItems = (c: RunningConfig, s: SectionEntry, o: RenderOptions, name?: string): Item[] => {
  const want = name !== undefined && s.foldCase ? name.toLowerCase() : name;
  return s.blocks(c, o)
    .filter((b) => want === undefined || (s.foldCase ? b.name?.toLowerCase() : b.name) === want)
    .filter((b) => b.lines.length)
    .map((b) => ({ rank: rankOf(s), sub: s.late ? 1 : 0, lines: b.lines }));
};

/** stable: equal ranks keep insertion order */
function merge(items: Item[]): string[] {
  return items.map((it, i) => ({ it, i })).sort((a, b) => a.it.rank - b.it.rank || a.it.sub - b.it.sub || a.i - b.i).flatMap((x) => x.it.lines);
}

/** every secret as `*****` unless the secrets are asked for (`more system:running-config`, the saved file) */
const shown = (lines: string[], o: RenderOptions): string[] => (o.secrets ? lines : maskLines(lines));

export function renderBody(c: RunningConfig, o: RenderOptions = {}): string[] {
  return shown(merge([...sections.flatMap((s) => sectionItems(c, s, o)), ...passItems(c)]), o);
}

/**
 * `show running-config SECTION [NAME]`: the section's lines as the full render places them. For a
 * kept-verbatim section, NAME is further words: the blocks whose head starts with them
 * (`crypto map`, `object network`)
 */
export function renderSection(c: RunningConfig, s: SectionEntry, o: RenderOptions = {}, name?: string): string[] {
  if (s.verbatim) {
    const head = name === undefined ? undefined : `${s.words} ${name.trim().replace(/\s+/g, ' ')}`;
    const kept = passItems(c, rankOf(s)).filter((it) => head === undefined || it.lines[0] === head || it.lines[0].startsWith(head + ' '));
    return shown(merge([...sectionItems(c, s, o), ...kept]), o);
  }
  const kept = name === undefined ? passItems(c, rankOf(s)) : [];
  return shown(merge([...sectionItems(c, s, o, name), ...kept]), o);
}

/**
 * the checksum of body lines (md5 of the lines joined by newlines), fed one line at a time as a long
 * body is printed; hashed a thousand lines at a time
 */
export function bodyHasher(): { add(line: string): void; hex(): string } {
  const h = createHash('md5');
  let pending: string[] = [];
  let first = true;
  const feed = (): void => {
    if (!pending.length) return;
    h.update((first ? '' : '\n') + pending.join('\n'));
    first = false;
    pending = [];
  };
  return {
    add: (l) => { pending.push(l); if (pending.length >= 1000) feed(); },
    hex: () => { feed(); return h.digest('hex'); },
  };
}

const md5 = (body: readonly string[]): string => createHash('md5').update(body.join('\n')).digest('hex');

export function checksum(c: RunningConfig): string {
  return md5(renderBody(c, { secrets: true }));
}

export interface Identity { version: string; serial: string; hardware: string; savedBy?: string }

/** the lines before the body: show running-config's, or the saved file's when `savedBy` is set */
export function fullHead(id: Identity): string[] {
  // the saved file (startup-config) opens as an ASA writes it: `: Saved`, `: Written by USER at TIME`,
  // `!`, `ASA Version V`, `!` (../shared/corpus/ciscoconfparse-sample_01.asa, a saved ASA 9.0(3) file)
  return id.savedBy
    ? [': Saved', `: Written by ${id.savedBy}`, '!', `ASA Version ${id.version}`, '!']
    : [': Saved', '', ': ', `: Serial Number: ${id.serial}`, `: Hardware:   ${id.hardware}`, ':', `ASA Version ${id.version} `, '!'];
}

export const fullTail = (sum: string): string[] => [`Cryptochecksum:${sum}`, ': end'];

export function renderFull(c: RunningConfig, id: Identity, o: RenderOptions = {}): string[] {
  const body = renderBody(c, o);
  // the checksum is of the body with its secrets, without `all`: with secrets asked for, that is the
  // body just rendered (a 15,000-line config is not rendered twice)
  const sum = o.secrets && !o.all ? md5(body) : checksum(c);
  return [...fullHead(id), ...body, ...fullTail(sum)];
}
