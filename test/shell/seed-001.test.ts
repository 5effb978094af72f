// Seed 001's example commands (test/fixtures/seed-001/script.txt), pasted in process line by line
// and through the CLI as a child process: every line is accepted, and every configured line shows
// in `show running-config` in its block, with ASA's indentation.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchLine } from '../../grammar/matcher.ts';
import { commandText } from '../../src/config/command-text.ts';
import {
  SEED_001, Shell, body, bootApp, lastRunningConfig, linesAt, placeOf, runCli, squash, tempState,
} from './helpers.ts';

const SCRIPT = fs.readFileSync(path.join(SEED_001, 'script.txt'), 'utf8');

interface Expect { line: string; head?: string; sub?: string; indent: string }

/** a configured line is shown at its place, with exactly that indentation */
function shownAt(rendered: string[], e: Expect): boolean {
  return linesAt(rendered, e).some((l) => l.startsWith(e.indent) && l[e.indent.length] !== ' ' && squash(l) === squash(e.line));
}

/** lines a later seed line replaces (`enable outside tls-only`, then `enable outside` again) */
const SUPERSEDED = ['enable outside tls-only'];

/** runs the script in process; checks each line as it goes; returns what must stay visible */
async function pasteSeed(): Promise<{ shell: Shell; expects: Expect[]; removed: Expect[] }> {
  const app = await bootApp(tempState(path.join(SEED_001, 'disk0')));
  const shell = new Shell(app);
  const lines = SCRIPT.split('\n');
  const expects: Expect[] = [];
  const removed: Expect[] = [];
  let configured = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const text = raw.trim();
    if (text === '' || text.startsWith('!')) continue;
    // a [confirm] is answered by the (empty) line after the command
    if (/^vpn-sessiondb logoff /.test(text)) {
      expect(lines[i + 1]).toBe('');
      const out = await shell.feed(`${raw}\n${lines[++i]}\n`);
      expect(out, text).toContain('Do you want to logoff the VPN session(s)? [confirm]');
      // nobody is logged in: the count line with 0 (src/shell/exec/vpn.ts names the source)
      expect(out, text).toMatch(/INFO: Number of sessions (with name "[^"]*" )?logged off : 0/);
      expect(out, text).not.toMatch(/ERROR/);
      continue;
    }
    const framesBefore = [...shell.sh.frames];
    const out = await shell.run(raw);
    expect(out.filter((l) => /ERROR|WARNING|%/.test(l)), `"${text}"`).toEqual([]);
    if (text.endsWith('?')) {
      expect(out.join('\n')).toContain('config-group-webvpn mode commands/options:\nAvailable configured profile packages: engineering sales');
      continue;
    }
    const frame = shell.sh.frame;
    if (!framesBefore.includes(frame)) continue; // it entered a mode (webvpn, group-policy X attributes, …)
    const m = matchLine(text, frame.mode).res;
    if (!m.ok || m.cmd.kind.startsWith('x.') || ['exit', 'end'].includes(m.cmd.kind)) continue; // EXEC
    configured++;
    const place = placeOf(frame.mode, frame.target);
    const rendered = body(app);
    if (m.cmd.no && !m.cmd.decl.keepNo) {
      // removed: no line of the block starts with the words the `no` form names
      const words = commandText({ ...m.cmd, no: false, path: m.cmd.path.slice(0, m.cmd.decl.noMin) });
      expect(linesAt(rendered, place).filter((l) => squash(l).startsWith(words)), text).toEqual([]);
      removed.push({ line: words, ...place });
      continue;
    }
    const e = { line: text, ...place };
    expect(shownAt(rendered, e), `"${text}" in ${frame.mode} not shown at ${JSON.stringify(place)}:\n${rendered.join('\n')}`).toBe(true);
    expects.push(e);
  }
  expect(configured).toBeGreaterThan(50);
  return { shell, expects, removed };
}

function checkFinal(rendered: string[], expects: Expect[], removed: Expect[]): void {
  const missing = expects.filter((e) => !SUPERSEDED.includes(e.line) && !shownAt(rendered, e));
  expect(missing, rendered.join('\n')).toEqual([]);
  for (const s of SUPERSEDED) expect(expects.find((e) => e.line === s && shownAt(rendered, e)), s).toBeUndefined();
  for (const r of removed) expect(linesAt(rendered, r).filter((l) => squash(l).startsWith(r.line)), r.line).toEqual([]);
}

describe('seed 001 script', () => {
  it('is accepted line by line in process, each configured line visible at once and at the end', async () => {
    const { shell, expects, removed } = await pasteSeed();
    expect(shell.output).not.toMatch(/ERROR/);
    const final = body(shell.app);
    checkFinal(final, expects, removed);
    // spot checks of the layout: the nested webvpn of a group-policy is indented two spaces
    const sales = linesAt(final, { head: 'group-policy sales attributes' });
    expect(sales).toContain(' vpn-tunnel-protocol ssl-client');
    expect(sales).toContain(' webvpn');
    expect(sales).toContain('  anyconnect profiles value sales type vpn');
    expect(final).toContain('group-policy sales internal');
    expect(linesAt(final, { head: 'webvpn' }).filter((l) => l.startsWith(' anyconnect image'))).toEqual([
      ' anyconnect image disk0:/anyconnect-win-2.3.0254-k9.pkg 1',
      ' anyconnect image disk0:/anyconnect-macosx-i386-2.3.0254-k9.pkg 2',
      ' anyconnect image disk0:/anyconnect-linux-2.3.0254-k9.pkg 3',
    ]);
  });

  it('pastes through the CLI (node bin/headend.cjs < script.txt) with no ERROR and the same show run', async () => {
    const { expects, removed } = await pasteSeed();
    const r = await runCli(tempState(path.join(SEED_001, 'disk0')), SCRIPT);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(/ERROR/);
    expect(r.stdout).toContain('config-group-webvpn mode commands/options:\nAvailable configured profile packages: engineering sales');
    const shown = lastRunningConfig(r.stdout);
    checkFinal(shown, expects, removed);
    // the child's show run masks secrets; otherwise it is the in-process render
    expect(shown.length).toBeGreaterThan(expects.length);
  });
});
