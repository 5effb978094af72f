// GNU gettext `.po` files, the format of ASA translation tables (`export webvpn translation-table`
// writes one, `import` reads one). Strict: anything that is not a comment, a keyword line or a
// string continuation is an error, so a truncated or mangled upload is refused as a whole.
//
// Why not a library: the two well-kept npm parsers were tried on Node 20 against the refusals in
// test/portal/translations.test.ts. `gettext-parser` (10.0, even with `validation: true`) accepts a
// msgstr without msgid, an unknown escape (`"b\q"` becomes "bq"), msgstr[0] without msgid_plural
// and an empty file; without validation it also takes an unterminated string and keeps the last of
// two duplicate msgids. It returns entries grouped by msgctxt (file order is lost, so what we render
// is not what was imported), decodes bytes by the header charset (Latin-1 when none), and names no
// line for most errors. `pofile` (1.1) refuses none of the eight malformed inputs. Either would need
// this tokenizer again in front of it to refuse what the ASA refuses; the format is small.

export interface PoEntry {
  msgctxt?: string;
  msgid: string;
  msgidPlural?: string;
  /** msgstr, or msgstr[0..n] for plural entries */
  msgstr: string[];
  /** `#:` reference lines and other comments, kept for export */
  comments?: string[];
}

export class PoError extends Error {
  constructor(readonly line: number, reason: string) {
    super(`line ${line}: ${reason}`);
    this.name = 'PoError';
  }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** The content of one C-style quoted string (the whole `"…"` token). */
function unquote(tok: string, line: number): string {
  if (tok.length < 2 || tok[0] !== '"' || tok[tok.length - 1] !== '"') throw new PoError(line, 'expected a quoted string');
  let out = '';
  for (let i = 1; i < tok.length - 1; i++) {
    const c = tok[i];
    if (c === '"') throw new PoError(line, 'unescaped quote inside a string');
    if (c !== '\\') { out += c; continue; }
    const n = tok[++i];
    if (i >= tok.length - 1) throw new PoError(line, 'unterminated escape');
    if (n in ESCAPES) out += ESCAPES[n];
    else throw new PoError(line, `unknown escape \\${n}`);
  }
  return out;
}

export function quote(s: string): string {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r') + '"';
}

type Field = 'msgctxt' | 'msgid' | 'msgid_plural' | `msgstr[${number}]` | 'msgstr';

/**
 * Parses a .po file. Throws PoError naming the first bad line. Entries keep their order; a file
 * without a single entry is an error (an empty upload is not a translation table).
 */
export function parsePo(text: string): PoEntry[] {
  if (text.includes('\0')) throw new PoError(1, 'binary data');
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const entries: PoEntry[] = [];
  let cur: Partial<Record<Field, string>> & { order: Field[]; comments: string[]; start: number } | null = null;
  let last: Field | null = null;
  let comments: string[] = [];

  const finish = (lineNo: number): void => {
    if (!cur) return;
    if (cur.msgid === undefined) throw new PoError(cur.start, 'entry without msgid');
    const plural = cur.msgid_plural;
    const strs: string[] = [];
    if (plural !== undefined) {
      for (let i = 0; ; i++) {
        const v = cur[`msgstr[${i}]`];
        if (v === undefined) break;
        strs.push(v);
      }
      if (!strs.length) throw new PoError(lineNo, `msgid_plural without msgstr[0]`);
      if (cur.msgstr !== undefined) throw new PoError(lineNo, 'plural entry with a plain msgstr');
    } else {
      if (cur.order.some((f) => f.startsWith('msgstr['))) throw new PoError(lineNo, 'msgstr[n] without msgid_plural');
      if (cur.msgstr === undefined) throw new PoError(lineNo, `msgid ${quote(cur.msgid)} has no msgstr`);
      strs.push(cur.msgstr);
    }
    if (entries.some((e) => e.msgid === cur!.msgid && e.msgctxt === cur!.msgctxt)) throw new PoError(cur.start, `duplicate msgid ${quote(cur.msgid)}`);
    entries.push({
      ...(cur.msgctxt !== undefined ? { msgctxt: cur.msgctxt } : {}),
      msgid: cur.msgid,
      ...(plural !== undefined ? { msgidPlural: plural } : {}),
      msgstr: strs,
      ...(cur.comments.length ? { comments: cur.comments } : {}),
    });
    cur = null;
    last = null;
  };

  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    const line = lines[i].trim();
    if (line === '') { continue; }
    if (line.startsWith('#')) {
      // a comment after msgstr starts the next entry
      if (cur && cur.order.some((f) => f.startsWith('msgstr'))) finish(n);
      // obsolete entries (#~) are comments to us
      comments.push(lines[i]);
      continue;
    }
    if (line.startsWith('"')) {
      if (!cur || !last) throw new PoError(n, 'string continuation without a keyword');
      cur[last] = (cur[last] ?? '') + unquote(line, n);
      continue;
    }
    const m = /^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(.*)$/.exec(line);
    if (!m) throw new PoError(n, `unexpected text: ${line.slice(0, 40)}`);
    const field = m[1] as Field;
    const value = unquote(m[3], n);
    if (field === 'msgctxt' || field === 'msgid') {
      if (cur && (field === 'msgctxt' || cur.order.some((f) => f.startsWith('msgstr')) || cur.msgid !== undefined)) finish(n);
      if (!cur) { cur = { order: [], comments, start: n }; comments = []; }
      if (cur[field] !== undefined) throw new PoError(n, `second ${field} in one entry`);
    } else {
      if (!cur || cur.msgid === undefined) throw new PoError(n, `${field} without msgid`);
      if (cur[field] !== undefined) throw new PoError(n, `second ${field} in one entry`);
      if (field === 'msgid_plural' && cur.order.some((f) => f.startsWith('msgstr'))) throw new PoError(n, 'msgid_plural after msgstr');
      if (m[2] !== undefined && Number(m[2]) !== cur.order.filter((f) => f.startsWith('msgstr[')).length) throw new PoError(n, `${field} out of order`);
    }
    cur[field] = value;
    cur.order.push(field);
    last = field;
  }
  finish(lines.length);
  if (!entries.length) throw new PoError(1, 'no msgid entries');
  return entries;
}

/** The header entry (msgid "") as a map: Content-Type, Language, … */
export function poHeader(entries: PoEntry[]): Record<string, string> {
  const h = entries.find((e) => e.msgid === '' && e.msgctxt === undefined);
  const out: Record<string, string> = {};
  for (const l of (h?.msgstr[0] ?? '').split('\n')) {
    const c = l.indexOf(':');
    if (c > 0) out[l.slice(0, c).trim()] = l.slice(c + 1).trim();
  }
  return out;
}

/** Renders entries as a .po file; long strings stay on one line. */
export function renderPo(entries: PoEntry[]): string {
  const out: string[] = [];
  for (const e of entries) {
    if (out.length) out.push('');
    out.push(...(e.comments ?? []));
    if (e.msgctxt !== undefined) out.push(`msgctxt ${quote(e.msgctxt)}`);
    if (e.msgid === '' && e.msgstr[0]?.includes('\n')) {
      // the header is written the usual way, one field a line
      out.push('msgid ""', 'msgstr ""', ...e.msgstr[0].split(/(?<=\n)/).map(quote));
      continue;
    }
    out.push(`msgid ${quote(e.msgid)}`);
    if (e.msgidPlural !== undefined) {
      out.push(`msgid_plural ${quote(e.msgidPlural)}`);
      e.msgstr.forEach((s, i) => out.push(`msgstr[${i}] ${quote(s)}`));
    } else {
      out.push(`msgstr ${quote(e.msgstr[0] ?? '')}`);
    }
  }
  return out.join('\n') + '\n';
}
