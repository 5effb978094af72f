// Long outputs are printed in slices (issue 11: no input stalls the event loop over 50 ms): a
// 15,000-line show running-config leaves turns of the event loop to everyone else while it prints,
// prints the same bytes as the whole render did, stops at the pager's `q`, and waits for a transport
// that cannot take more. No wall-clock figures here (bench/abuse.ts has the stall figure).
import { describe, expect, it } from 'vitest';
import { renderFull } from '../../src/config/render.ts';
import { Session, type SessionOptions } from '../../src/shell/session.ts';
import type { HeadendApp } from '../../src/app.ts';
import { lineFilter, splitFilter } from '../../src/shell/filters.ts';
import { maskLines } from '../../src/config/secrets.ts';
import { bootApp, tempState } from './helpers.ts';

const OBJECTS = 5000;

async function bigApp(): Promise<HeadendApp> {
  const app = await bootApp(tempState(), { empty: true });
  const cfg = [
    'hostname big',
    'username lee password pw-lee-1 privilege 5',
    'aaa-server RAD protocol radius',
    'aaa-server RAD (outside) host 192.0.2.9',
    ' key radius-secret-1',
    'tunnel-group T1 type ipsec-l2l',
    'tunnel-group T1 ipsec-attributes',
    ' ikev1 pre-shared-key l2l-secret-1',
  ];
  for (let i = 0; i < OBJECTS; i++) cfg.push(`object network obj${i}`, ` host 198.18.${(i >> 8) & 255}.${i & 255}`, ` description ${'d'.repeat(100)} ${i}`);
  const r = await app.loadText(cfg.join('\n'), 'test');
  expect(r.errors).toEqual([]);
  return app;
}

/** a session writing to `out.text`; `opts` override the paste-mode defaults (no echo) */
function session(app: HeadendApp, out: { text: string; writes: number }, opts: Partial<SessionOptions> = {}): Session {
  const s = new Session({
    app, user: 'enable_15', maxLevel: 15, privileged: true, interactive: false, echo: false,
    write: (t) => { out.text += t; out.writes++; }, close: () => {}, ...opts,
  });
  s.start();
  return s;
}

async function run(app: HeadendApp, line: string): Promise<string> {
  const out = { text: '', writes: 0 };
  const s = session(app, out);
  s.feed(line + '\n');
  await s.end();
  return out.text;
}

/** resolves once `pred` holds (checked every 5 ms, up to 20 s) */
async function until(pred: () => boolean): Promise<void> {
  for (let i = 0; i < 4000 && !pred(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(pred()).toBe(true);
}

const joined = (lines: string[]): string => lines.map((l) => l + '\n').join('');

describe('long outputs in slices', () => {
  it('prints the same bytes as the whole render: show run, write terminal, more system:, show run all, filters, show startup-config', async () => {
    const app = await bigApp();
    const id = app.identity();
    const m = app.config.model;
    const masked = renderFull(m, id, {});
    expect(masked.length).toBeGreaterThan(3 * OBJECTS);
    expect(masked.join('\n')).toContain(' key *****');
    expect(masked.join('\n')).toContain(' ikev1 pre-shared-key *****');
    expect(await run(app, 'show running-config')).toBe(joined(masked));
    expect(await run(app, 'write terminal')).toBe(joined(masked));
    expect(await run(app, 'more system:running-config')).toBe(joined(renderFull(m, id, { secrets: true })));
    expect(await run(app, 'show running-config all')).toBe(joined(renderFull(m, id, { all: true })));
    for (const f of ['include obj4[0-9]+$', 'begin obj4999', 'exclude description', 'include Cryptochecksum|key']) {
      const sf = splitFilter(`show running-config | ${f}`);
      if (!sf || 'error' in sf) throw new Error(f);
      const pass = lineFilter(sf.filter);
      expect(await run(app, `show running-config | ${f}`)).toBe(joined(masked.filter((l) => pass(l))));
    }
    const saved = await run(app, 'write memory');
    expect(saved).toMatch(/\[OK\]\n$/);
    const file = app.startup.read()!;
    expect(file).toContain('ikev1 pre-shared-key l2l-secret-1');
    expect(await run(app, 'show startup-config')).toBe(joined(maskLines(file.replace(/\n$/, '').split('\n'))));
    // the saved checksum is the render's
    expect(saved).toContain(`Cryptochecksum: ${masked[masked.length - 2].slice('Cryptochecksum:'.length).match(/.{8}/g)!.join(' ')} `);
  });

  it('gives the event loop turns while it prints: an immediate queued as the command starts runs before the output ends', async () => {
    const app = await bigApp();
    for (const cmd of ['show running-config', 'more system:running-config', 'show running-config | include obj', 'show startup-config']) {
      if (cmd === 'show startup-config') await run(app, 'write memory');
      const out = { text: '', writes: 0 };
      const s = session(app, out);
      let seenAtImmediate = -1;
      s.feed(cmd + '\n');
      setImmediate(() => { seenAtImmediate = out.text.length; });
      await s.end();
      expect(out.text.length).toBeGreaterThan(100_000);
      expect(seenAtImmediate, cmd).toBeGreaterThanOrEqual(0);
      expect(seenAtImmediate, cmd).toBeLessThan(out.text.length / 2);
    }
  });

  it('waits for a transport that cannot take more, then prints the rest', async () => {
    const app = await bigApp();
    const out = { text: '', writes: 0 };
    let release: (() => void) | undefined;
    let asked = 0;
    const s = session(app, out, { writable: () => { asked++; return new Promise<void>((r) => { release = r; }); } });
    s.feed('show running-config\n');
    const done = s.end();
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    const held = out.text.length;
    expect(asked).toBe(1);
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThan(200_000);
    // nothing more while the transport is full
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(out.text.length).toBe(held);
    // released slice after slice
    const pump = setInterval(() => release?.(), 1);
    await done;
    clearInterval(pump);
    expect(asked).toBeGreaterThan(10);
    expect(out.text).toBe(joined(renderFull(app.config.model, app.identity(), {})));
  });

  it('q at the pager drops the rest of the output, later slices included', async () => {
    const app = await bigApp();
    const out = { text: '', writes: 0 };
    const s = session(app, out, { interactive: true, width: 80, height: 24 });
    s.feed('show running-config\r');
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(out.text).toContain('<--- More --->');
    s.feed('q');
    await until(() => out.text.endsWith('big# '));
    expect(out.text).not.toContain('obj100\r\n');
    expect(out.text).not.toContain('Cryptochecksum');
    // the next command prints in full again
    s.feed('show running-config | include ^hostname\r');
    await until(() => /hostname big\r\nbig# $/.test(out.text));
  });

  it('a /8 pool is listed as it is printed: the first page comes at once, q ends it, nothing is built whole', async () => {
    const app = await bootApp(tempState(), { empty: true });
    expect((await app.loadText('ip local pool BIG 10.0.0.1-10.255.255.254 mask 255.0.0.0', 'test')).errors).toEqual([]);
    const out = { text: '', writes: 0 };
    const s = session(app, out, { interactive: true, width: 80, height: 24 });
    const heap = process.memoryUsage().heapUsed;
    s.feed('show ip local pool BIG\r');
    // 16,777,214 free addresses: built whole first they would hold the heap (~1 GB) while the pager waits
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(100 << 20);
    expect(out.text).toContain('10.0.0.1        10.255.255.254  255.0.0.0       16777214        0        0');
    expect(out.text).toContain('<--- More --->');
    s.feed('q');
    await until(() => out.text.endsWith('# '));
    expect(out.text).not.toContain('10.0.1.0\r\n');
  });
});
