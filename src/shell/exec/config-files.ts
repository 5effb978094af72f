// show running-config / startup-config, write memory|terminal|erase, more system:running-config.
import { exec as X } from '../../../grammar/exec.ts';
import { run, type ExecBinding, type ExecContext } from '../commands/binding.ts';
import { bodyHasher, checksum, fullHead, fullTail, renderBody, renderFull, renderSection } from '../../config/render.ts';
import { nameArg, sectionFor } from '../../../grammar/sections.ts';
import { nextTurn, printAll, type ExecIO } from './index.ts';
import { asaTime } from './info.ts';
import { lineMasker } from '../../config/secrets.ts';

function runningText(ctx: ExecContext, opts: { all?: boolean; secrets?: boolean; savedBy?: string } = {}): string[] {
  return renderFull(ctx.app.config.model, { ...ctx.app.identity(), savedBy: opts.savedBy }, opts);
}

/**
 * show running-config, write terminal, more system:running-config: the lines of renderFull, with the
 * work spread over turns of the event loop. The body is rendered once, with its secrets; printAll
 * masks it (unless `secrets`) and feeds the checksum slice by slice (without `all` the checksum is of
 * that very body), and the checksum line follows it.
 */
async function showRunning(ctx: ExecContext, io: ExecIO, o: { all?: boolean; secrets?: boolean }): Promise<void> {
  const m = ctx.app.config.model;
  const body = renderBody(m, { all: o.all, secrets: true });
  const mask = o.secrets ? undefined : lineMasker();
  const sum = o.all ? undefined : bodyHasher();
  io.print(...fullHead(ctx.app.identity()));
  await printAll(io, body, (l) => { sum?.add(l); return mask ? mask(l) : l; });
  if (!sum) await pause(io);
  io.print(...fullTail(sum ? sum.hex() : checksum(m)));
}

/** a turn of the event loop between two long steps (a render, a file write) */
export const pause = async (io: ExecIO): Promise<void> => { await (io.settle ? io.settle() : nextTurn()); };

/** write memory, copy running-config startup-config: render, then write in another turn */
export async function saveConfig(ctx: ExecContext, io: ExecIO): Promise<boolean> {
  const now = new Date();
  // `: Written by enable_15 at 05:37:43.184 UTC Sun Jun 29 2015`: the clock's format
  const savedBy = `${ctx.user} at ${asaTime(now)}`;
  io.print('Building configuration...');
  await pause(io);
  const lines = runningText(ctx, { secrets: true, savedBy });
  // the render's own checksum line (no second render of the whole config)
  const sum = lines[lines.length - 2].slice('Cryptochecksum:'.length);
  io.print(`Cryptochecksum: ${sum.match(/.{8}/g)!.join(' ')} `, '');
  await pause(io);
  const r = ctx.app.startup.write(lines.join('\n') + '\n');
  io.print(`${r.bytes} bytes copied in ${r.seconds.toFixed(3)} secs`, '[OK]');
  return true;
}

export const configExec: ExecBinding[] = [
  run(X.showRun, async (cmd, ctx, io) => {
    const all = cmd.kws.has('all');
    const s = sectionFor((w) => cmd.kws.has(w));
    if (s) await printAll(io, renderSection(ctx.app.config.model, s, { all, secrets: true }, s.named || s.verbatim ? cmd.args[nameArg(s)] : undefined), lineMasker());
    else await showRunning(ctx, io, { all });
  }),
  run(X.showHeadendVerbatim, async (_cmd, ctx, io) => {
    const kept = [...ctx.app.config.model.passthrough.values()];
    io.print(`${kept.length} top-level line(s) kept verbatim, not interpreted by headend:`);
    await printAll(io, kept.map((b) => `  ${b.head}${b.children.length ? ` (${b.children.length} line(s) under it)` : ''}`));
  }),
  run(X.showStart, async (_cmd, ctx, io) => {
    const t = ctx.app.startup.read();
    if (t === null) io.print('No Configuration');
    // masked as show running-config is (src/config/secrets.ts)
    else await printAll(io, t.replace(/\n$/, '').split('\n'), lineMasker());
  }),
  run(X.write, async (cmd, ctx, io) => {
    if (cmd.kws.has('terminal')) { await showRunning(ctx, io, {}); return; }
    if (cmd.kws.has('erase')) {
      if (!(await io.confirm('Erase configuration in flash memory? [confirm]'))) return;
      ctx.app.startup.erase();
      io.print('[OK]');
      return;
    }
    await saveConfig(ctx, io);
  }),
  run(X.more, async (cmd, ctx, io) => {
    const p = String(cmd.args.PATH);
    if (/^system:\/?running-config$/i.test(p)) { await showRunning(ctx, io, { secrets: true }); return; }
    if (/^(disk0|flash):/i.test(p)) {
      const path = p.replace(/^flash:/i, 'disk0:');
      if (!ctx.app.flash.exists(path)) { io.print(`ERROR: ${path}: No such file or directory`); return 'error'; }
      await printAll(io, ctx.app.flash.read(path).toString('utf8').replace(/\n$/, '').split(/\r?\n/));
      return;
    }
    io.print(`ERROR: ${p}: No such file or directory`);
    return 'error';
  }),
];
