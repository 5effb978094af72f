// show version/clock/curpriv/hostname/pager/terminal/history, terminal settings, enable/disable.
import { createHash } from 'node:crypto';
import { exec as X } from '../../../grammar/exec.ts';
import { run, type ExecBinding, type ExecContext } from '../commands/binding.ts';
import { argDefault } from '../../config/defaults.ts';
import { configuredPrivileges, privLine } from '../../config/model.ts';
import { AUTHORIZATION_FAILED, effectivePrivileges, mayConfigure } from '../authorize.ts';
import { printAll } from './index.ts';

const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** ASA's clock format: 18:56:48.410 UTC Wed Apr 5 2017 */
export function asaTime(d: Date): string {
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')} UTC ${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${d.getUTCDate()} ${d.getUTCFullYear()}`;
}

/** a stable, locally administered MAC per interface, in ASA's dotted form (0250.56ab.cdef) */
function macOf(serial: string, hw: string): string {
  const h = createHash('md5').update(`${serial}/${hw}`).digest('hex');
  const b = `02${h.slice(0, 10)}`;
  return `${b.slice(0, 4)}.${b.slice(4, 8)}.${b.slice(8, 12)}`;
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

function modeName(ctx: ExecContext): string {
  return ctx.mode === 'user' ? 'P_UNPR' : ctx.mode === 'priv' ? 'P_PRIV' : 'P_CONF';
}

export const infoExec: ExecBinding[] = [
  // ASA 9.x wording and order, which ntc-templates cisco_asa_show_version.textfsm parses (every line
  // must match one of its rules) and Ansible asa_facts reads (Serial Number, Hardware:)
  run(X.showVersion, (_c, ctx, io) => {
    const id = ctx.app.identity();
    const last = ctx.app.config.lastChange;
    const hws = [...ctx.app.config.model.interfaces.keys()];
    const w = Math.max(0, ...hws.map((h) => h.length)) + 1;
    io.print(
      `Cisco Adaptive Security Appliance Software Version ${id.version}`,
      `Device Manager Version 7.20(2)`,
      '',
      `Compiled on Mon 23-Nov-26 12:00 UTC by builders`,
      `System image file is "boot:/headend.bin"`,
      `Config file at boot was "${ctx.app.bootConfigSource}"`,
      '',
      `${ctx.app.config.model.hostname} up ${uptime(Date.now() - ctx.app.bootTime.getTime())}`,
      '',
      `Hardware:   ${id.hardware}`,
      `Model Id:   headend`,
      `Internal ATA Compact Flash, ${Math.floor(ctx.app.flash.totalBytes() / 1048576)}MB`,
      '',
      '',
      ...hws.map((h, i) => `${String(i).padStart(2)}: Ext: ${h.padEnd(w)}: address is ${macOf(id.serial, h)}, irq 0`),
      '',
      `Serial Number: ${id.serial}`,
      '',
      `Configuration last modified by ${last?.by ?? 'enable_15'} at ${asaTime(last?.at ?? ctx.app.bootTime)}`,
    );
  }),
  // ASA's two lines per part, PID and VID padded (an ASAv in Cisco Live LTRATO-2001's lab guide, GH id
  // 27279408110: `Name: "Chassis", DESCR: "ASAv Adaptive Security Virtual Appliance"` then
  // `PID: ASAv              , VID: V01     , SN: 9AT6971HDTE`); the chassis is show version's
  run(X.showInventory, (_c, ctx, io) => {
    const id = ctx.app.identity();
    io.print('Name: "Chassis", DESCR: "headend Remote Access VPN Headend"', `PID: ${'headend'.padEnd(18)}, VID: ${'V01'.padEnd(8)}, SN: ${id.serial}`);
  }),
  run(X.showClock, (_c, _ctx, io) => io.print(asaTime(new Date()))),
  run(X.showCurpriv, (_c, ctx, io) => io.print(`Username : ${ctx.user}`, `Current privilege level : ${ctx.level}`, `Current Mode/s : ${modeName(ctx)}`)),
  run(X.showHostname, (_c, ctx, io) => io.print(ctx.app.config.model.hostname)),
  run(X.showPager, (_c, _ctx, io) => io.print(io.session.pagerLines > 0 ? `pager lines ${io.session.pagerLines}` : 'no pager')),
  run(X.showTerminal, (_c, _ctx, io) => io.print('', `Width = ${io.session.width}, no monitor`, 'terminal interactive')),
  run(X.showHistory, (_c, _ctx, io) => io.print(...io.session.history().map((h) => `  ${h}`))),
  run(X.terminalPager, (c, _ctx, io) => { io.session.pagerLines = c.args.LINES; }),
  run(X.noTerminalPager, (_c, _ctx, io) => { io.session.pagerLines = 0; }),
  run(X.terminalWidth, (c, _ctx, io) => { io.session.width = c.args.COLUMNS; }),
  run(X.help, (_c, _ctx, io) => io.print(
    'Help may be requested at the command line by typing "?".',
    'Any keyword may be abbreviated to its shortest unique prefix, e.g. "sh run".',
    'Tab completes a keyword when only one matches.',
  )),
  run(X.enable, async (c, ctx, io) => {
    const target = Math.min(c.args.LEVEL ?? argDefault(X.enable, 'LEVEL'), ctx.maxLevel);
    if (ctx.level >= target && ctx.mode !== 'user') return;
    const pw = await io.ask('Password: ', true);
    // the AAA service: `aaa authentication enable console LOCAL` (the user's password) or the enable password
    const r = await ctx.app.aaa.authenticate({ user: ctx.user, password: pw, service: 'enable', source: ctx.app.admins.get(io.session.id)?.from ?? 'console' });
    if (!r.ok) { io.print('Invalid password'); return 'error'; }
    ctx.enable(target);
  }),
  run(X.disable, (_c, ctx) => ctx.disable()),
  run(X.configure, (_c, ctx, io) => {
    // with command authorization the interpreter checked the level of `configure`; without it, 15
    if (!mayConfigure(ctx.app.config.model, ctx.level)) { io.print(AUTHORIZATION_FAILED); return 'error'; }
    ctx.enterConfig();
  }),
  run(X.showRunPrivilege, async (c, ctx, io) => {
    // the word after `privilege` (position 2 or 3, after an optional `all`) selects the view
    const at = c.path.findIndex((p) => 'kw' in p && p.kw === 'privilege');
    const next = c.path[at + 1];
    const view = next && 'kw' in next ? next.kw : undefined;
    const m = ctx.app.config.model;
    const all = c.path.slice(0, at).some((p) => 'kw' in p && p.kw === 'all');
    const rows = view === undefined && !all ? configuredPrivileges(m)
      : effectivePrivileges(m).filter((e) => view === undefined || view === 'all' || (view === 'level' ? e.level === c.args.LEVEL : e.command === c.args.CMD?.toLowerCase()));
    await printAll(io, rows.map(privLine));
  }),
];
