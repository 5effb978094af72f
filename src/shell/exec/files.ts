// dir, delete, copy: the disk0: flash, running/startup-config, and http(s) URLs.
import { exec as X } from '../../../grammar/exec.ts';
import { argDefault } from '../../config/defaults.ts';
import { run, type ExecBinding, type ExecContext, type ExecOutcome } from '../commands/binding.ts';
import { AUTHORIZATION_FAILED, mayConfigure } from '../authorize.ts';
import { nextTurn, printAll, type ExecIO } from './index.ts';
import { saveConfig } from './config-files.ts';
import { renderFull } from '../../config/render.ts';
import { formatDir, formatDirTime, type DirRow } from '../../store/index.ts';
import { webvpn as W } from '../../../grammar/webvpn.ts';
import { formatShowFlash, type FlashRow } from '../show/flash.ts';
import { escapeText } from '../../text/escape.ts';

export const dirDate = (d: Date) => formatDirTime(d, { utc: true });

function dirListing(label: string, rows: { name: string; size: number; mtime: Date; isDir: boolean }[], total: number, free: number, cache = false): string[] {
  const r: DirRow[] = rows.map((x, i) => (cache ? { ...x, ino: 0, perms: '----' } : { ...x, ino: 100 + i }));
  return formatDir(label, r, total, free, { utc: true, totals: !cache }).replace(/\n$/, '').split('\n');
}

function normPath(p: string): string | undefined {
  const m = /^(disk0|flash):\/?(.*)$/i.exec(p);
  if (!m) return undefined;
  return `disk0:/${m[2]}`;
}

function progress(bytes: number): string {
  return '!'.repeat(Math.max(1, Math.min(60, Math.ceil(bytes / 4096))));
}

async function readSource(src: string, ctx: ExecContext): Promise<Buffer> {
  if (/^running-config$/i.test(src)) {
    const lines = renderFull(ctx.app.config.model, ctx.app.identity(), { secrets: true });
    // the join and the file write in a turn of their own (a 15,000-line config)
    await nextTurn();
    return Buffer.from(lines.join('\n') + '\n');
  }
  if (/^startup-config$/i.test(src)) {
    const t = ctx.app.startup.read();
    if (t === null) throw new Error('startup-config: No such file or directory');
    return Buffer.from(t);
  }
  if (/^https?:\/\//i.test(src)) return ctx.app.fetchUrl(src, { crossHostRedirects: ctx.level >= 15 });
  const p = normPath(src);
  if (!p || !ctx.app.flash.exists(p)) throw new Error(`${src}: No such file or directory`);
  return ctx.app.flash.read(p);
}

async function copy(src: string, dst: string, ctx: ExecContext, io: ExecIO, noconfirm: boolean): Promise<ExecOutcome> {
  if (/^running-config$/i.test(src) && /^startup-config$/i.test(dst)) {
    if (!noconfirm) {
      const a = await io.ask('Source filename [running-config]?');
      if (a && a !== 'running-config') throw new Error(`%Error opening ${a} (No such file or directory)`);
    }
    await saveConfig(ctx, io);
    return;
  }
  // a paste into `(config)#` on the caller's behalf: refused before anything is fetched when they may not configure
  if (/^running-config$/i.test(dst) && !mayConfigure(ctx.app.config.model, ctx.level)) { io.print(AUTHORIZATION_FAILED); return 'error'; }
  const t0 = Date.now();
  const data = await readSource(src, ctx);
  if (/^running-config$/i.test(dst)) {
    // run at the caller's level, with their command authorization (never at 15 on their behalf)
    const r = await ctx.app.loadText(data.toString('utf8'), ctx.user, ctx.level);
    await printAll(io, r.errors);
    io.print(progress(data.length), `${data.length} bytes copied in ${((Date.now() - t0) / 1000).toFixed(3)} secs`);
    return;
  }
  if (/^startup-config$/i.test(dst)) {
    ctx.app.startup.write(data.toString('utf8'));
  } else if (/^https?:\/\//i.test(dst)) {
    await ctx.app.putUrl(dst, data);
  } else {
    let p = normPath(dst);
    if (!p) throw new Error(`${dst}: Invalid destination`);
    if (p.endsWith('/')) p += src.split('/').pop();
    if (!noconfirm) {
      const a = await io.ask(`Destination filename [${p.replace(/^disk0:\//, '')}]?`);
      if (a) p = normPath(a.includes(':') ? a : `disk0:/${a}`) ?? p;
    }
    ctx.app.flash.write(p, data);
  }
  io.print(progress(data.length), `${data.length} bytes copied in ${((Date.now() - t0) / 1000).toFixed(3)} secs`);
}

export const fileExec: ExecBinding[] = [
  run(X.showFlash, (_c, ctx, io) => {
    const f = ctx.app.flash;
    // the root's entries numbered as `dir disk0:/` numbers them; what folders hold comes after them
    const root = f.list('/');
    const rows: FlashRow[] = [];
    let next = 100 + root.length;
    const walk = (dir: string, entries: typeof root, depth: number): void => {
      for (const [i, e] of entries.entries()) {
        const path = dir + e.name;
        rows.push({ n: depth ? next++ : 100 + i, size: e.size, mtime: e.mtime, path: escapeText(path) });
        // a folder's own folders, to a depth no real flash reaches (and no symlink loop passes)
        if (e.isDir && depth < 8) walk(path + '/', f.list(`disk0:/${path}`), depth + 1);
      }
    };
    walk('', root, 0);
    printAll(io, formatShowFlash(rows, f.totalBytes(), f.freeBytes()));
  }),
  run(X.dir, (cmd, ctx, io) => {
    const raw = cmd.args.PATH ?? argDefault(X.dir, 'PATH');
    const f = ctx.app.flash;
    if (/^cache:\/?stc\/profiles\/?$/i.test(raw)) {
      const rows = ctx.app.config.model.webvpn.all(W.profile).map((p) => {
        const path = p.args.PATH;
        const size = f.exists(path) ? f.read(path).length : 0;
        const mtime = f.list(path.replace(/[^/]*$/, '')).find((e) => path.endsWith('/' + e.name))?.mtime ?? new Date();
        return { name: `${p.args.NAME}.xml`, size, mtime, isDir: false };
      }).sort((a, b) => a.name.localeCompare(b.name));
      io.print(...dirListing('cache:stc/profiles/', rows, f.totalBytes(), f.freeBytes(), true));
      return;
    }
    const p = normPath(raw.endsWith(':') ? raw + '/' : raw);
    if (!p) { io.print(`ERROR: ${raw}: No such file or directory`); return 'error'; }
    const dir = p.endsWith('/') ? p : p + '/';
    io.print(...dirListing(dir, f.list(dir), f.totalBytes(), f.freeBytes()));
  }),
  run(X.delete, async (cmd, ctx, io) => {
    const p = normPath(String(cmd.args.PATH));
    if (!p || !ctx.app.flash.exists(p)) { io.print(`ERROR: ${cmd.args.PATH}: No such file or directory`); return 'error'; }
    if (!cmd.kws.has('/noconfirm')) {
      const a = await io.ask(`Delete filename [${p.replace(/^disk0:\//, '')}]?`);
      if (a && normPath(a.includes(':') ? a : `disk0:/${a}`) !== p) return;
      if (!(await io.confirm(`Delete ${p}? [confirm]`))) return;
    }
    ctx.app.flash.delete(p);
  }),
  run(X.copy, (cmd, ctx, io) => copy(String(cmd.args.SRC), String(cmd.args.DST), ctx, io, cmd.kws.has('/noconfirm'))),
];
