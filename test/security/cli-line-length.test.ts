// Issue 11, point 11: a CLI line has a maximum length (MAX_LINE), enforced on every way in (the
// line editor of a terminal, a paste on stdin or over SSH, an `exec` command), each character
// looked at once. A 16 MB line is refused with one ASA-style error and the session goes on.
import { afterEach, describe, expect, it } from 'vitest';
import { LINE_TOO_LONG, LineEditor, LineLimiter, MAX_LINE, TOO_LONG_MARK } from '../../src/shell/line-editor.ts';
import { Session } from '../../src/shell/session.ts';
import { baseConfig } from '../helpers/ssh-headend.ts';
import { cleanup, connect, execOut, rig, shell } from '../helpers/ssh-inproc.ts';
import { bootApp, runCli, Shell, tempState } from '../shell/helpers.ts';

const ADDR = '127.71.0.1';
const FROM = '127.71.0.9';
const HUGE = 16 * 1024 * 1024;

afterEach(() => cleanup());

const count = (s: string, sub: string): number => s.split(sub).length - 1;

/** feeds `text` to the session in `chunk`-sized pieces, as a transport delivers it */
function feedChunks(s: Session, text: string, chunk: number): void {
  for (let i = 0; i < text.length; i += chunk) s.feed(text.slice(i, i + chunk));
}

describe('LineLimiter', () => {
  it('passes lines up to the maximum, cuts the one past it wherever the chunks end, and keeps the line end', () => {
    const l = new LineLimiter(8, false);
    expect(l.push('12345678\nabc\n')).toBe('12345678\nabc\n');
    expect(l.push('1234') + l.push('56789') + l.push('xxxx') + l.push('yy\nok\n')).toBe(`12345678${TOO_LONG_MARK}\nok\n`);
    expect(l.push('123456789')).toBe(`12345678${TOO_LONG_MARK}`);
    expect(l.push('zzzz')).toBe('');
    expect(l.push('\n')).toBe('\n');
    // NUL from the peer cannot pose as the mark
    expect(l.push(`a${TOO_LONG_MARK}b\n`)).toBe('ab\n');
  });

  it('in a terminal, CR ends a line too', () => {
    const l = new LineLimiter(4, true);
    expect(l.push('abcd\rabcd\nabcde\r\nx')).toBe(`abcd\rabcd\nabcd${TOO_LONG_MARK}\r\nx`);
  });
});

describe('LineEditor', () => {
  it('refuses an insert past the maximum and drops keys up to the line end', () => {
    const e = new LineEditor(10);
    expect(e.key('0123456789').action).toEqual({ t: 'echo', s: '0123456789' });
    expect(e.key('x')).toEqual({ consumed: 1, action: { t: 'toolong' } });
    expect(e.text).toBe('');
    expect(e.key('more keys\x1b[A')).toEqual({ consumed: 12, action: { t: 'none' } });
    expect(e.key('\rshow').action).toEqual({ t: 'prompt' });
    expect(e.key('show').action).toEqual({ t: 'echo', s: 'show' });
  });
});

describe(`a ${HUGE / 1024 / 1024} MB command line`, () => {
  it('is refused in a paste (stdin, SSH without a pty) with one error, and the next lines run', async () => {
    const shell = new Shell(await bootApp(tempState()));
    const before = shell.output.length;
    feedChunks(shell.session, `show version ${'x'.repeat(HUGE)}\nshow hostname\n`, 64 * 1024);
    await shell.session.end();
    const out = shell.output.slice(before);
    expect(count(out, LINE_TOO_LONG)).toBe(1);
    expect(out).toContain('headend# show hostname\nheadend\n');
    // the echo is of the kept part only
    expect(out.length).toBeLessThan(MAX_LINE + 4096);
    expect(await shell.run('show hostname')).toEqual(['headend']);
    expect(shell.session.history()).toEqual(['show hostname', 'show hostname']);
  });

  it('is refused in a terminal session without echoing it, and the session goes on', async () => {
    const app = await bootApp(tempState());
    let out = '';
    const s = new Session({ app, user: 'enable_15', maxLevel: 15, privileged: true, interactive: true, echo: false, write: (t) => { out += t; }, close: () => {} });
    s.start();
    feedChunks(s, `show version ${'x'.repeat(HUGE)}\r`, 32 * 1024);
    s.feed('show hostname\r');
    await s.end();
    expect(count(out, LINE_TOO_LONG)).toBe(1);
    expect(out).toContain('headend# show hostname\r\nheadend\r\n');
    expect(out.length).toBeLessThan(MAX_LINE + 4096);
    // a line of exactly the maximum is taken (and refused by the parser, not by length)
    out = '';
    s.feed(`show ${'y'.repeat(MAX_LINE - 5)}\r`);
    await s.end();
    expect(out).not.toContain(LINE_TOO_LONG);
    expect(out).toMatch(/Invalid input/);
  });

  it('over SSH: a terminal and an exec command are refused, the connection keeps working', async () => {
    const r = await rig(ADDR, baseConfig(ADDR));
    const c = await connect(r, { user: 'admin', password: 'adminpw', from: FROM });
    const sh = await shell(c);
    await sh.until('headend> ');
    sh.ch.write(`show version ${'x'.repeat(HUGE)}\r`);
    await sh.until(LINE_TOO_LONG, 60_000);
    expect(await sh.cmd('show hostname')).toContain('headend');
    expect(count(sh.out, LINE_TOO_LONG)).toBe(1);
    expect(sh.out.length).toBeLessThan(MAX_LINE + 8192);
    const ex = await execOut(c, `show version ${'x'.repeat(MAX_LINE)}`);
    expect(ex).toContain(LINE_TOO_LONG);
    expect(await execOut(c, 'show hostname')).toContain('headend');
  }, 120_000);

  it('on the console\'s standard input: refused, the script goes on and exits 0', async () => {
    const r = await runCli(tempState(), `show hostname\nshow version ${'x'.repeat(HUGE)}\nshow curpriv\n`);
    expect(r.code).toBe(0);
    expect(count(r.stdout, LINE_TOO_LONG)).toBe(1);
    expect(r.stdout).toContain('headend# show hostname\nheadend\n');
    expect(r.stdout).toMatch(/show curpriv\nUsername : enable_15/);
  }, 120_000);
});
