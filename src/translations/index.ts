// Translation tables: `show import webvpn translation-table`, `export … template | language L URL`,
// `import … language L URL`, `revert …`, and the lookups the portal makes with the browser's
// Accept-Language. Imported tables are kept as their .po text under the state folder
// (translation-tables/LANG/DOMAIN.po), so they survive a restart; a table that does not parse is
// refused before anything is written.
import fs from 'node:fs';
import path from 'node:path';
import type { TranslationService } from '../app-types.ts';
import { writeFileAtomicSync } from '../store/index.ts';
import { MESSAGES, TEMPLATE_DOMAINS, canonicalDomain, type Domain } from './catalog.ts';
import { parsePo, renderPo, PoError, type PoEntry } from './po.ts';

export { TEMPLATE_DOMAINS, MESSAGES, canonicalDomain, type Domain } from './catalog.ts';
export { parsePo, renderPo, PoError, type PoEntry } from './po.ts';

/** What the portal needs: the strings of one page in the browser's language. */
export interface Catalog {
  /** the table language chosen, null for the built-in English */
  lang: string | null;
  /** msgid translated through `domain` (then the language's other domains); %s replaced by args */
  t(domain: Domain, msgid: string, ...args: (string | number)[]): string;
}

export interface TranslationLookup {
  catalog(acceptLanguage: string | undefined): Catalog;
  /** the language whose tables suit the Accept-Language, null for none */
  pickLanguage?(acceptLanguage: string | undefined): string | null;
  /** the .po text of an imported table */
  table?(domain: string, lang: string): string | undefined;
}

export interface TranslationDeps {
  /** folder for imported tables (created on first import) */
  dir: string;
  flash: { exists(p: string): boolean; read(p: string): Buffer; write(p: string, d: Buffer): void };
  fetchUrl(url: string): Promise<Buffer>;
  putUrl(url: string, data: Buffer): Promise<void>;
}

const LANG_RE = /^[a-z]{1,8}(-[a-z0-9]{1,8}){0,3}$/;
/** the largest table accepted by import */
const MAX_TABLE_BYTES = 1024 * 1024;

function flashPath(url: string): string | undefined {
  const m = /^(disk0|flash):\/?(.*)$/i.exec(url);
  return m ? `disk0:/${m[2]}` : undefined;
}

function format(s: string, args: (string | number)[]): string {
  let i = 0;
  return s.replace(/%s/g, () => (i < args.length ? String(args[i++]) : '%s'));
}

/** Accept-Language tags in preference order (q=0 dropped), lower-cased. */
export function acceptedLanguages(header: string | undefined): string[] {
  if (!header) return [];
  const out: { tag: string; q: number; i: number }[] = [];
  header.split(',').forEach((part, i) => {
    const [tag, ...params] = part.trim().split(';');
    const t = tag.trim().toLowerCase();
    if (!t || t === '*' || !LANG_RE.test(t)) return;
    let q = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p);
      if (m) q = Number(m[1]);
    }
    if (q > 0 && Number.isFinite(q)) out.push({ tag: t, q, i });
  });
  return out.sort((a, b) => b.q - a.q || a.i - b.i).map((x) => x.tag);
}

interface Table { text: string; map: Map<string, string> }

function tableMap(entries: PoEntry[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of entries) {
    if (e.msgid === '' || e.msgctxt !== undefined) continue;
    const s = e.msgstr[0] ?? '';
    if (s !== '') m.set(e.msgid, s);
  }
  return m;
}

export function templatePo(domain: Domain): string {
  const header: PoEntry = {
    comments: [
      '# SOME DESCRIPTIVE TITLE.',
      "# Copyright (C) YEAR THE PACKAGE'S COPYRIGHT HOLDER",
      '# This file is distributed under the same license as the PACKAGE package.',
      '# FIRST AUTHOR <EMAIL@ADDRESS>, YEAR.',
      '#',
      '#, fuzzy',
    ],
    msgid: '',
    msgstr: [[
      'Project-Id-Version: PACKAGE VERSION',
      'Report-Msgid-Bugs-To: ',
      'POT-Creation-Date: 2006-11-01 16:39-0700',
      'PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE',
      'Last-Translator: FULL NAME <EMAIL@ADDRESS>',
      'Language-Team: LANGUAGE <LL@li.org>',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: 8bit',
    ].join('\n') + '\n'],
  };
  return renderPo([header, ...MESSAGES[domain].map((m) => ({ comments: [`#: ${domain}`], msgid: m, msgstr: [''] }))]);
}

export class TranslationStore implements TranslationService, TranslationLookup {
  /** lang → domain → table */
  private tables = new Map<string, Map<Domain, Table>>();

  constructor(private readonly deps: TranslationDeps) {
    this.load();
  }

  private load(): void {
    let langs: string[];
    try { langs = fs.readdirSync(this.deps.dir); } catch { return; }
    for (const lang of langs) {
      if (!LANG_RE.test(lang)) continue;
      let files: string[];
      try { files = fs.readdirSync(path.join(this.deps.dir, lang)); } catch { continue; }
      for (const f of files) {
        const m = /^(.+)\.po$/.exec(f);
        const domain = m ? canonicalDomain(m[1]) : undefined;
        if (!domain) continue;
        try {
          const text = fs.readFileSync(path.join(this.deps.dir, lang, f), 'utf8');
          this.put(lang, domain, { text, map: tableMap(parsePo(text)) });
        } catch { /* a damaged file is skipped, as if never imported */ }
      }
    }
  }

  private put(lang: string, domain: Domain, t: Table): void {
    const m = this.tables.get(lang) ?? new Map<Domain, Table>();
    m.set(domain, t);
    this.tables.set(lang, m);
  }

  private domainOf(name: string): Domain {
    const d = canonicalDomain(name);
    if (!d) throw new Error(`Translation domain ${name} does not exist. Domains: ${TEMPLATE_DOMAINS.join(', ')}`);
    return d;
  }

  private langOf(name: string): string {
    const l = name.toLowerCase();
    if (!LANG_RE.test(l)) throw new Error(`Invalid language ${name}: use a browser language tag such as es-us or fr`);
    return l;
  }

  list(): { templates: string[]; tables: { lang: string; domain: string }[] } {
    const tables: { lang: string; domain: string }[] = [];
    for (const lang of [...this.tables.keys()].sort()) {
      const m = this.tables.get(lang)!;
      for (const d of TEMPLATE_DOMAINS) if (m.has(d)) tables.push({ lang, domain: d });
    }
    return { templates: [...TEMPLATE_DOMAINS], tables };
  }

  /** the .po text of an imported table, or undefined */
  table(domain: string, lang: string): string | undefined {
    const d = canonicalDomain(domain);
    return d ? this.tables.get(lang.toLowerCase())?.get(d)?.text : undefined;
  }

  async exportTable(domain: string, lang: string | undefined, url: string): Promise<number> {
    const d = this.domainOf(domain);
    let text: string;
    if (lang === undefined) {
      text = templatePo(d);
    } else {
      const l = this.langOf(lang);
      const t = this.tables.get(l)?.get(d);
      if (!t) throw new Error(`Translation table ${d} language ${l} does not exist`);
      text = t.text;
    }
    const data = Buffer.from(text, 'utf8');
    await this.write(url, data);
    return data.length;
  }

  async importTable(domain: string, lang: string, url: string): Promise<void> {
    const d = this.domainOf(domain);
    const l = this.langOf(lang);
    const data = await this.read(url);
    if (data.length > MAX_TABLE_BYTES) throw new Error(`${url} is larger than ${MAX_TABLE_BYTES} bytes; not a translation table`);
    const text = data.toString('utf8');
    if (Buffer.from(text, 'utf8').length !== data.length || text.includes('\uFFFD')) throw new Error(`${url} is not UTF-8 text; not a translation table`);
    let entries: PoEntry[];
    try {
      entries = parsePo(text);
    } catch (e) {
      throw new Error(`${url} is not a valid translation table: ${e instanceof PoError ? e.message : (e as Error).message}`);
    }
    const file = path.join(this.deps.dir, l, `${d}.po`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomicSync(file, data);
    this.put(l, d, { text, map: tableMap(entries) });
  }

  revert(domain: string, lang: string): boolean {
    const d = canonicalDomain(domain);
    const l = lang.toLowerCase();
    const m = d && this.tables.get(l);
    if (!d || !m || !m.has(d)) return false;
    try { fs.rmSync(path.join(this.deps.dir, l, `${d}.po`), { force: true }); } catch { /* gone already */ }
    m.delete(d);
    if (!m.size) {
      this.tables.delete(l);
      try { fs.rmdirSync(path.join(this.deps.dir, l)); } catch { /* not empty or gone */ }
    }
    return true;
  }

  /** The tables of the first accepted language that has any; a tag also matches by its primary subtag. */
  pickLanguage(acceptLanguage: string | undefined): string | null {
    if (!this.tables.size) return null;
    const have = [...this.tables.keys()];
    for (const want of acceptedLanguages(acceptLanguage)) {
      if (this.tables.has(want)) return want;
      const primary = want.split('-')[0];
      if (this.tables.has(primary)) return primary;
      const sibling = have.find((h) => h.split('-')[0] === primary);
      if (sibling) return sibling;
    }
    return null;
  }

  catalog(acceptLanguage: string | undefined): Catalog {
    const lang = this.pickLanguage(acceptLanguage);
    const tables = lang ? this.tables.get(lang)! : undefined;
    return {
      lang,
      t: (domain, msgid, ...args) => {
        let s: string | undefined;
        if (tables) {
          s = tables.get(domain)?.map.get(msgid);
          if (s === undefined) {
            for (const d of TEMPLATE_DOMAINS) {
              s = tables.get(d)?.map.get(msgid);
              if (s !== undefined) break;
            }
          }
        }
        return format(s ?? msgid, args);
      },
    };
  }

  private async read(url: string): Promise<Buffer> {
    if (/^https?:\/\//i.test(url)) return this.deps.fetchUrl(url);
    const p = flashPath(url);
    if (!p) throw new Error(`${url}: unsupported URL; use disk0:/FILE, http:// or https://`);
    if (!this.deps.flash.exists(p)) throw new Error(`${url}: No such file or directory`);
    return this.deps.flash.read(p);
  }

  private async write(url: string, data: Buffer): Promise<void> {
    if (/^https?:\/\//i.test(url)) return this.deps.putUrl(url, data);
    const p = flashPath(url);
    if (!p || p.endsWith('/')) throw new Error(`${url}: unsupported URL; use disk0:/FILE, http:// or https://`);
    this.deps.flash.write(p, data);
  }
}

/** English with no tables, for a gateway started without a TranslationStore */
export const ENGLISH: Catalog = { lang: null, t: (_d, msgid, ...args) => format(msgid, args) };
