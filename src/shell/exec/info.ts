// show version/clock/curpriv/hostname/pager/terminal/history, terminal settings, enable/disable.
import type { ExecFn } from './index.ts';
import type { Interpreter } from '../interpreter.ts';

const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** ASA's clock format: 18:56:48.410 UTC Wed Apr 5 2017 */
export function asaTime(d: Date): string {
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')} UTC ${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${d.getUTCDate()} ${d.getUTCFullYear()}`;
}

export function uptime(ms: number): string {
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
  const parts: string[] = [];
  if (d) parts.push(`${d} day${d === 1 ? '' : 's'}`);
  if (h) parts.push(`${h} hour${h === 1 ? '' : 's'}`);
  if (!d && m) parts.push(`${m} min${m === 1 ? '' : 's'}`);
  if (!d && !h) parts.push(`${s % 60} sec${s % 60 === 1 ? '' : 's'}`);
  return parts.join(' ');
}

function modeName(sh: Interpreter): string {
  return sh.mode === 'user' ? 'P_UNPR' : sh.mode === 'priv' ? 'P_PRIV' : 'P_CONF';
}

export const infoExec: Record<string, ExecFn> = {
  'x.show-version': (_c, sh, io) => {
    const id = sh.app.identity();
    const mem = Math.round(process.memoryUsage().rss / 1048576);
    const last = sh.app.config.lastChange;
    io.print(
      `Cisco Adaptive Security Appliance Software Version ${id.version}`,
      `Device Manager Version 7.20(2)`,
      '',
      `Compiled on Mon 23-Nov-26 12:00 UTC by headend`,
      `System image file is "boot:/headend.bin"`,
      `Config file at boot was "${sh.app.bootConfigSource}"`,
      '',
      `${sh.app.config.model.hostname} up ${uptime(Date.now() - sh.app.bootTime.getTime())}`,
      '',
      `Hardware:   ${id.hardware}`,
      `Model Id:   headend`,
      '',
      `Serial Number: ${id.serial}`,
      `Configuration last modified by ${last?.by ?? 'enable_15'} at ${asaTime(last?.at ?? sh.app.bootTime)}`,
    );
    void mem;
  },
  'x.show-clock': (_c, _sh, io) => io.print(asaTime(new Date())),
  'x.show-curpriv': (_c, sh, io) => io.print(`Username : ${sh.user}`, `Current privilege level : ${sh.level}`, `Current Mode/s : ${modeName(sh)}`),
  'x.show-hostname': (_c, sh, io) => io.print(sh.app.config.model.hostname),
  'x.show-pager': (_c, _sh, io) => io.print(io.session.pagerLines > 0 ? `pager lines ${io.session.pagerLines}` : 'no pager'),
  'x.show-terminal': (_c, _sh, io) => io.print('', `Width = ${io.session.width}, no monitor`, 'terminal interactive'),
  'x.show-history': (_c, _sh, io) => io.print(...io.session.history().map((h) => `  ${h}`)),
  'x.terminal-pager': (c, _sh, io) => { io.session.pagerLines = c.args.LINES; },
  'x.no-terminal-pager': (_c, _sh, io) => { io.session.pagerLines = 0; },
  'x.terminal-width': (c, _sh, io) => { io.session.width = c.args.COLUMNS; },
  'x.help': (_c, _sh, io) => io.print(
    'Help may be requested at the command line by typing "?".',
    'Any keyword may be abbreviated to its shortest unique prefix, e.g. "sh run".',
    'Tab completes a keyword when only one matches.',
  ),
  'x.enable': async (c, sh, io) => {
    const target = Math.min(c.args.LEVEL ?? 15, sh.maxLevel);
    if (sh.level >= target && sh.mode !== 'user') return;
    const pw = await io.ask('Password: ', true);
    // the AAA service: `aaa authentication enable console LOCAL` (the user's password) or the enable password
    const r = await sh.app.aaa.authenticate({ user: sh.user, password: pw, service: 'enable', source: sh.app.admins.get(io.session.id)?.from ?? 'console' });
    if (!r.ok) { io.print('Invalid password'); return 'error'; }
    sh.level = target;
    if (sh.mode === 'user') sh.frames[0] = { mode: 'priv', indent: -1 };
  },
  'x.disable': (_c, sh) => {
    sh.level = 1;
    sh.frames = [{ mode: 'user', indent: -1 }];
  },
  'x.configure': (_c, sh, io) => {
    if (sh.level < 15) { io.print('Command authorization failed'); return 'error'; }
    sh.toPriv();
    sh.frames.push({ mode: 'config', indent: -1 });
  },
};
