// Translation tables through the CLI: the templates list, export of a template and of an imported
// table (to disk0: and to an HTTP server), import from disk0: and http, refusal of a malformed
// table (nothing changes), revert, and tables that survive a restart. Plus the .po parser and
// Accept-Language choice on their own.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HeadendApp } from '../../src/app.ts';
import { TranslationStore, acceptedLanguages, parsePo, renderPo, templatePo, MESSAGES, TEMPLATE_DOMAINS } from '../../src/translations/index.ts';
import { Shell } from '../shell/helpers.ts';
import { FIXTURES } from './helpers.ts';

const BANGS = '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!';
const cleanups: (() => unknown)[] = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

async function boot(dir?: string): Promise<{ app: HeadendApp; shell: Shell; dir: string }> {
  const d = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'headend-tt-'));
  if (!dir) cleanups.push(() => fs.rmSync(d, { recursive: true, force: true }));
  fs.mkdirSync(path.join(d, 'disk0'), { recursive: true });
  fs.writeFileSync(path.join(d, 'empty.cfg'), '');
  const app = new HeadendApp({ stateDir: d, configFile: path.join(d, 'empty.cfg') });
  await app.boot();
  return { app, shell: new Shell(app), dir: d };
}

/** an HTTP server on loopback that serves `files` and stores PUT bodies in it */
async function fileServer(files: Map<string, Buffer>): Promise<string> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'PUT') { files.set(req.url!, Buffer.concat(chunks)); res.writeHead(201).end(); return; }
      const f = files.get(req.url!);
      if (!f) { res.writeHead(404).end(); return; }
      res.writeHead(200, { 'content-type': 'text/plain' }).end(f);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('translation tables through the CLI', () => {
  it('show import webvpn translation-table lists the templates as the ASA does, then imported tables', async () => {
    const { shell, dir } = await boot();
    expect(await shell.run('show import webvpn translation-table')).toEqual([
      "Translation Tables' Templates:", '  customization', '  AnyConnect', '  PortForwarder', '  url-list', '  webvpn',
      '  Citrix-plugin', '  RPC-plugin', '  Telnet-SSH-plugin', '  VNC-plugin', '', 'Translation Tables:',
    ]);
    fs.copyFileSync(path.join(FIXTURES, 'es-us.AnyConnect.po'), path.join(dir, 'disk0', 'client.po'));
    expect(await shell.run('import webvpn translation-table AnyConnect language es-us disk0:/client.po')).toEqual([BANGS]);
    const shown = await shell.run('show import webvpn translation-table');
    expect(shown.slice(shown.indexOf('Translation Tables:'))).toEqual(['Translation Tables:', '  es-us    AnyConnect']);
  }, 30_000);

  it('export … template writes a gettext template of the domain, with empty msgstr, to disk0: and to an http URL', async () => {
    const { app, shell } = await boot();
    const out = await shell.run('export webvpn translation-table AnyConnect template disk0:/client');
    expect(out[0]).toMatch(/^!+$/);
    const text = app.flash.read('disk0:/client').toString('utf8');
    expect(text).toContain('#, fuzzy\nmsgid ""\nmsgstr ""\n"Project-Id-Version: PACKAGE VERSION\\n"');
    expect(text).toContain('msgid "Connected"\nmsgstr ""');
    const entries = parsePo(text);
    expect(entries.filter((e) => e.msgid).map((e) => e.msgid)).toEqual([...MESSAGES.AnyConnect]);
    expect(entries.every((e) => e.msgid === '' || e.msgstr[0] === '')).toBe(true);

    const files = new Map<string, Buffer>();
    const base = await fileServer(files);
    await shell.run(`export webvpn translation-table customization template ${base}/chinese_client`);
    expect(files.get('/chinese_client')?.toString('utf8')).toContain('msgid "Logout"\nmsgstr ""');
  }, 30_000);

  it('import from http, export of the language table, revert; unknown domain and missing table are errors', async () => {
    const { shell } = await boot();
    const es = fs.readFileSync(path.join(FIXTURES, 'es-us.customization.po'));
    const files = new Map<string, Buffer>([['/es.po', es]]);
    const base = await fileServer(files);
    expect(await shell.run(`import webvpn translation-table customization language es-us ${base}/es.po`)).toEqual([BANGS]);
    await shell.run(`export webvpn translation-table customization language es-us ${base}/back.po`);
    expect(files.get('/back.po')?.equals(es)).toBe(true);

    expect((await shell.run('import webvpn translation-table nosuch language fr disk0:/x.po'))[0]).toMatch(/^ERROR: Translation domain nosuch does not exist/);
    expect((await shell.run(`export webvpn translation-table webvpn language fr ${base}/x.po`))[0]).toBe('ERROR: Translation table webvpn language fr does not exist');
    // the domain name is not case-sensitive, as in `revert webvpn translation-table anyconnect language fr`
    expect(await shell.run('revert webvpn translation-table CUSTOMIZATION language es-us')).toEqual([]);
    expect(await shell.run('revert webvpn translation-table customization language es-us')).toEqual(['ERROR: Translation table customization language es-us does not exist']);
    const shown = await shell.run('show import webvpn translation-table');
    expect(shown[shown.length - 1]).toBe('Translation Tables:');
  }, 30_000);

  it('a malformed .po is refused and nothing changes', async () => {
    const { app, shell, dir } = await boot();
    fs.copyFileSync(path.join(FIXTURES, 'es-us.AnyConnect.po'), path.join(dir, 'disk0', 'good.po'));
    fs.copyFileSync(path.join(FIXTURES, 'malformed.po'), path.join(dir, 'disk0', 'bad.po'));
    fs.writeFileSync(path.join(dir, 'disk0', 'binary.po'), Buffer.from([0xff, 0xfe, 0x00, 0x41]));
    fs.writeFileSync(path.join(dir, 'disk0', 'empty.po'), '# only a comment\n');
    await shell.run('import webvpn translation-table AnyConnect language es-us disk0:/good.po');
    for (const f of ['bad.po', 'binary.po', 'empty.po']) {
      const out = await shell.run(`import webvpn translation-table AnyConnect language es-us disk0:/${f}`);
      expect(out[0]).toMatch(new RegExp(`^ERROR: disk0:/${f.replace('.', '\\.')} is not (a valid translation table|UTF-8 text)`));
    }
    expect((await shell.run('import webvpn translation-table AnyConnect language es-us disk0:/missing.po'))[0]).toBe('ERROR: disk0:/missing.po: No such file or directory');
    // the earlier table is still the one in force
    const c = (app.translations as TranslationStore).catalog('es-US');
    expect(c.t('AnyConnect', 'Connected')).toBe('Conectado');
    expect(fs.readFileSync(path.join(dir, 'translation-tables', 'es-us', 'AnyConnect.po')).equals(fs.readFileSync(path.join(FIXTURES, 'es-us.AnyConnect.po')))).toBe(true);
  }, 30_000);

  it('imported tables survive a restart of the process', async () => {
    const first = await boot();
    fs.copyFileSync(path.join(FIXTURES, 'es-us.AnyConnect.po'), path.join(first.dir, 'disk0', 'client.po'));
    await first.shell.run('import webvpn translation-table AnyConnect language es-us disk0:/client.po');
    fs.rmSync(path.join(first.dir, 'disk0', 'client.po'));
    const second = await boot(first.dir);
    const shown = await second.shell.run('show import webvpn translation-table');
    expect(shown[shown.length - 1]).toBe('  es-us    AnyConnect');
    expect((second.app.translations as TranslationStore).catalog('es-US,es;q=0.9').t('AnyConnect', 'Connected')).toBe('Conectado');
  }, 30_000);
});

describe('.po files and language choice', () => {
  it('parses the seed example, continuation lines, escapes and plural forms; renders what it parses', () => {
    const text = [
      '# comment', '#: C:\\cygwin\\home\\<user>\\cvc\\main\\Api\\AgentIfc.cpp:23', 'msgid "Connected"', 'msgstr "Conectado"', '',
      'msgid ""', '"Two "', '"lines\\n"', 'msgstr "Dos \\"líneas\\"\\n"', '',
      'msgctxt "menu"', 'msgid "File"', 'msgstr "Archivo"', '',
      'msgid "%s file"', 'msgid_plural "%s files"', 'msgstr[0] "%s archivo"', 'msgstr[1] "%s archivos"', '',
    ].join('\n');
    const e = parsePo(text);
    expect(e.map((x) => [x.msgctxt, x.msgid, x.msgstr])).toEqual([
      [undefined, 'Connected', ['Conectado']],
      [undefined, 'Two lines\n', ['Dos "líneas"\n']],
      ['menu', 'File', ['Archivo']],
      [undefined, '%s file', ['%s archivo', '%s archivos']],
    ]);
    expect(parsePo(renderPo(e))).toEqual(e);
    for (const d of TEMPLATE_DOMAINS) expect(parsePo(templatePo(d)).length).toBe(MESSAGES[d].length + 1);
  });

  it('every string the portal shows is in its domain\'s template, so an exported template can translate it', () => {
    const src = ['pages.ts', 'portal.ts'].map((f) => fs.readFileSync(path.join(import.meta.dirname, '../../src/gateway/portal', f), 'utf8')).join('\n');
    const used = [...src.matchAll(/(?:tt|th)\(c, '([A-Za-z-]+)', '([^']+)'|c\.t\('([A-Za-z-]+)', '([^']+)'\)/g)].map((m) => [m[1] ?? m[3], m[2] ?? m[4]]);
    expect(used.length).toBeGreaterThan(30);
    for (const [domain, msgid] of used) expect(MESSAGES[domain as keyof typeof MESSAGES], `${domain}: ${msgid}`).toContain(msgid);
    for (const m of src.matchAll(/^const [A-Z_]+ = '([^']+)';$/gm)) expect(MESSAGES.customization).toContain(m[1]);
  });

  it.each([
    ['msgstr "x"\n', /msgstr without msgid/],
    ['msgid "a"\n', /has no msgstr/],
    ['msgid "a"\nmsgstr "b\n', /expected a quoted string/],
    ['msgid "a"\nmsgstr "b\\q"\n', /unknown escape/],
    ['msgid "a"\nmsgstr "b"\nmsgid "a"\nmsgstr "c"\n', /duplicate msgid/],
    ['msgid "a"\nmsgstr "b"\ngarbage\n', /unexpected text/],
    ['msgid "a"\nmsgstr[0] "b"\n', /msgstr\[n\] without msgid_plural/],
    ['', /no msgid entries/],
  ])('refuses %j', (text, why) => {
    expect(() => parsePo(text)).toThrow(why);
  });

  it('orders Accept-Language by q and falls back by primary subtag', () => {
    expect(acceptedLanguages('es-US,es;q=0.9,en;q=0.8')).toEqual(['es-us', 'es', 'en']);
    expect(acceptedLanguages('en;q=0.2, fr , de;q=0, *;q=0.1')).toEqual(['fr', 'en']);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headend-tt-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const store = new TranslationStore({ dir, flash: { exists: () => false, read: () => Buffer.alloc(0), write: () => {} }, fetchUrl: async () => Buffer.alloc(0), putUrl: async () => {} });
    expect(store.pickLanguage('es-US')).toBeNull();
    fs.mkdirSync(path.join(dir, 'es-us'));
    fs.copyFileSync(path.join(FIXTURES, 'es-us.AnyConnect.po'), path.join(dir, 'es-us', 'AnyConnect.po'));
    const reloaded = new TranslationStore({ dir, flash: { exists: () => false, read: () => Buffer.alloc(0), write: () => {} }, fetchUrl: async () => Buffer.alloc(0), putUrl: async () => {} });
    expect(reloaded.pickLanguage('es-US')).toBe('es-us');
    expect(reloaded.pickLanguage('es-MX,en;q=0.5')).toBe('es-us');
    expect(reloaded.pickLanguage('en-US,en')).toBeNull();
    expect(reloaded.catalog('es').t('AnyConnect', 'Download for %s', 'Linux')).toBe('Descargar para Linux');
    expect(reloaded.catalog('fr').t('AnyConnect', 'Download for %s', 'Linux')).toBe('Download for Linux');
  });
});
