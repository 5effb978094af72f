// show running-config / startup-config, write memory|terminal|erase, more system:running-config.
import { renderFull, renderSection, checksum } from '../../config/render.ts';
import { nameArg, sectionFor } from '../../config/sections.ts';
import type { Interpreter } from '../interpreter.ts';
import { printAll, type ExecFn, type ExecIO } from './index.ts';

function runningText(sh: Interpreter, opts: { all?: boolean; secrets?: boolean; savedBy?: string } = {}): string[] {
  return renderFull(sh.app.config.model, { ...sh.app.identity(), savedBy: opts.savedBy }, opts);
}

export function saveConfig(sh: Interpreter, io: ExecIO): boolean {
  const now = new Date();
  const savedBy = `${sh.user} at ${now.toISOString().slice(11, 23)} UTC ${now.toUTCString().slice(0, 16).replace(',', '')}`;
  const text = runningText(sh, { secrets: true, savedBy }).join('\n') + '\n';
  io.print('Building configuration...');
  const sum = checksum(sh.app.config.model);
  io.print(`Cryptochecksum: ${sum.match(/.{8}/g)!.join(' ')} `, '');
  const r = sh.app.startup.write(text);
  io.print(`${r.bytes} bytes copied in ${r.seconds.toFixed(3)} secs`, '[OK]');
  return true;
}

export const configExec: Record<string, ExecFn> = {
  'x.show-run': (cmd, sh, io) => {
    const all = cmd.kws.has('all');
    const s = sectionFor((w) => cmd.kws.has(w));
    if (s) printAll(io, renderSection(sh.app.config.model, s, { all }, s.named ? cmd.args[nameArg(s)] as string | undefined : undefined));
    else printAll(io, runningText(sh, { all }));
  },
  'x.show-start': (_cmd, sh, io) => {
    const t = sh.app.startup.read();
    if (t === null) io.print('No Configuration');
    else printAll(io, maskSecrets(t.replace(/\n$/, '').split('\n')));
  },
  'x.write': async (cmd, sh, io) => {
    if (cmd.kws.has('terminal')) { printAll(io, runningText(sh)); return; }
    if (cmd.kws.has('erase')) {
      if (!(await io.confirm('Erase configuration in flash memory? [confirm]'))) return;
      sh.app.startup.erase();
      io.print('[OK]');
      return;
    }
    saveConfig(sh, io);
  },
  'x.more': async (cmd, sh, io) => {
    const p = String(cmd.args.PATH);
    if (/^system:\/?running-config$/i.test(p)) { printAll(io, runningText(sh, { secrets: true })); return; }
    if (/^(disk0|flash):/i.test(p)) {
      const path = p.replace(/^flash:/i, 'disk0:');
      if (!sh.app.flash.exists(path)) { io.print(`ERROR: ${path}: No such file or directory`); return 'error'; }
      printAll(io, sh.app.flash.read(path).toString('utf8').replace(/\n$/, '').split(/\r?\n/));
      return;
    }
    io.print(`ERROR: ${p}: No such file or directory`);
    return 'error';
  },
};

/** show startup-config masks what more system:running-config would show */
export function maskSecrets(lines: string[]): string[] {
  return lines.map((l) => l.replace(/ password (\S+) pbkdf2/, ' password ***** pbkdf2'));
}
