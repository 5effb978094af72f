// `setup`: an interactive wizard (inquirer) for the hostname, the outside and inside addresses and
// an admin user. Its answers become ordinary commands through the one apply path.
import { PassThrough, Writable } from 'node:stream';
import { isIPv4 } from 'node:net';
import { matchLine } from '../../grammar/matcher.ts';
import type { Interpreter } from './interpreter.ts';
import { maskBits } from '../../grammar/syntax.ts';
import { iface as IF } from '../../grammar/interface.ts';

export async function runWizard(sh: Interpreter, route: (fn: (d: string) => void) => void, write: (s: string) => void): Promise<string[]> {
  const inp = new PassThrough();
  route((d) => inp.write(d));
  // loaded when the wizard runs (keys typed meanwhile wait in `inp`): a start does not evaluate it
  const { input, password } = await import('@inquirer/prompts');
  const out = new Writable({ write(chunk, _enc, cb) { write(chunk.toString()); cb(); } });
  const ctx = { input: inp, output: out, clearPromptOnDone: false };
  const model = sh.app.config.model;
  const addr = (ifname: string) => {
    const i = [...model.interfaces.values()].find((x) => x.attrs.get(IF.nameif)?.args.NAME === ifname);
    const ip = i?.attrs.get(IF.ipAddress);
    return ip && !ip.no && ip.args.ADDR ? `${ip.args.ADDR} ${ip.args.MASK}` : '';
  };
  const cidr = (v: string) => {
    const [a, m] = v.trim().split(/\s+/);
    return (isIPv4(a) && m !== undefined && maskBits(m) !== undefined) || 'Enter an address and a mask, e.g. 127.1.0.1 255.255.0.0';
  };
  try {
    const hostname = await input({ message: 'Hostname', default: model.hostname, validate: (v) => /^[A-Za-z][\w-]{0,62}$/.test(v) || 'Letters, digits, - and _' }, ctx);
    const outside = await input({ message: 'outside interface address and mask', default: addr('outside'), validate: cidr }, ctx);
    const inside = await input({ message: 'inside interface address and mask', default: addr('inside'), validate: cidr }, ctx);
    const user = await input({ message: 'Admin username', default: 'admin', validate: (v) => /^\S+$/.test(v) || 'One word' }, ctx);
    const pw = await password({ message: `Password for ${user}`, mask: '*', validate: (v) => v.length >= 3 || 'At least 3 characters' }, ctx);
    const lines = [`hostname ${hostname}`];
    for (const [name, value] of [['outside', outside], ['inside', inside]] as const) {
      const i = [...model.interfaces.values()].find((x) => x.attrs.get(IF.nameif)?.args.NAME === name);
      if (i) lines.push(`interface ${i.hw}`, ` ip address ${value.trim().split(/\s+/).join(' ')}`, 'exit');
    }
    lines.push(`username ${user} password ${pw} privilege 15`);
    const applied: string[] = [];
    let frame = { mode: 'config' as const, target: undefined as string | undefined };
    for (const l of lines) {
      if (l === 'exit') { frame = { mode: 'config', target: undefined }; continue; }
      const mode = l.startsWith(' ') ? 'config-if' : 'config';
      const r = matchLine(l.trim(), mode).res;
      if (!r.ok) throw new Error(`setup produced an invalid line: ${l}`);
      const res = sh.app.config.apply(r.cmd, mode === 'config-if' ? { mode, target: frame.target } : { mode: 'config' }, sh.user);
      if (!res.ok) { write(res.messages.join('\n') + '\n'); continue; }
      if (res.enter) frame = { mode: 'config', target: res.enter.target };
      applied.push(l.startsWith('username') ? `username ${user} password ***** privilege 15` : l);
    }
    write('\nApplied:\n' + applied.map((l) => `  ${l}`).join('\n') + '\n');
    return applied;
  } catch (e) {
    write(`\nsetup aborted: ${(e as Error).message}\n`);
    return [];
  } finally {
    inp.end();
  }
}
