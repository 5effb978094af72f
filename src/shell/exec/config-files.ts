// show running-config / startup-config, write memory|terminal|erase, more system:running-config.
import { exec as X } from '../../../grammar/exec.ts';
import { run, type ExecBinding, type ExecContext } from '../commands/binding.ts';
import { renderFull, renderSection, checksum } from '../../config/render.ts';
import { sectionEntry } from '../../config/sections.ts';
import { nameArg, sectionFor } from '../../../grammar/sections.ts';
import { printAll, type ExecIO } from './index.ts';
import { asaTime } from './info.ts';
import { maskLines } from '../../config/secrets.ts';

function runningText(ctx: ExecContext, opts: { all?: boolean; secrets?: boolean; savedBy?: string } = {}): string[] {
  return renderFull(ctx.app.config.model, { ...ctx.app.identity(), savedBy: opts.savedBy }, opts);
}

export function saveConfig(ctx: ExecContext, io: ExecIO): boolean {
  const now = new Date();
  // `: Written by enable_15 at 05:37:43.184 UTC Sun Jun 29 2015`: the clock's format
  const savedBy = `${ctx.user} at ${asaTime(now)}`;
  const text = runningText(ctx, { secrets: true, savedBy }).join('\n') + '\n';
  io.print('Building configuration...');
  const sum = checksum(ctx.app.config.model);
  io.print(`Cryptochecksum: ${sum.match(/.{8}/g)!.join(' ')} `, '');
  const r = ctx.app.startup.write(text);
  io.print(`${r.bytes} bytes copied in ${r.seconds.toFixed(3)} secs`, '[OK]');
  return true;
}

export const configExec: ExecBinding[] = [
  run(X.showRun, (cmd, ctx, io) => {
    const all = cmd.kws.has('all');
    const words = sectionFor((w) => cmd.kws.has(w));
    const s = words && sectionEntry(words);
    if (words && s) printAll(io, renderSection(ctx.app.config.model, s, { all }, words.named || words.verbatim ? cmd.args[nameArg(words)] : undefined));
    else printAll(io, runningText(ctx, { all }));
  }),
  run(X.showHeadendVerbatim, (_cmd, ctx, io) => {
    const kept = [...ctx.app.config.model.passthrough.values()];
    io.print(`${kept.length} top-level line(s) kept verbatim, not interpreted by headend:`);
    printAll(io, kept.map((b) => `  ${b.head}${b.children.length ? ` (${b.children.length} line(s) under it)` : ''}`));
  }),
  run(X.showStart, (_cmd, ctx, io) => {
    const t = ctx.app.startup.read();
    if (t === null) io.print('No Configuration');
    else printAll(io, maskSecrets(t.replace(/\n$/, '').split('\n')));
  }),
  run(X.write, async (cmd, ctx, io) => {
    if (cmd.kws.has('terminal')) { printAll(io, runningText(ctx)); return; }
    if (cmd.kws.has('erase')) {
      if (!(await io.confirm('Erase configuration in flash memory? [confirm]'))) return;
      ctx.app.startup.erase();
      io.print('[OK]');
      return;
    }
    saveConfig(ctx, io);
  }),
  run(X.more, async (cmd, ctx, io) => {
    const p = String(cmd.args.PATH);
    if (/^system:\/?running-config$/i.test(p)) { printAll(io, runningText(ctx, { secrets: true })); return; }
    if (/^(disk0|flash):/i.test(p)) {
      const path = p.replace(/^flash:/i, 'disk0:');
      if (!ctx.app.flash.exists(path)) { io.print(`ERROR: ${path}: No such file or directory`); return 'error'; }
      printAll(io, ctx.app.flash.read(path).toString('utf8').replace(/\n$/, '').split(/\r?\n/));
      return;
    }
    io.print(`ERROR: ${p}: No such file or directory`);
    return 'error';
  }),
];

/** show startup-config masks every secret, as show running-config does (src/config/secrets.ts) */
export function maskSecrets(lines: string[]): string[] {
  return maskLines(lines);
}
