// Crashes and wrong output the CLI fuzzer found, one test each.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renderBody } from '../../src/config/render.ts';
import { enterMode, makeWorld, resetWorld, type Probe, type World } from './fuzz-lib.ts';

let w: World;
beforeAll(async () => { w = await makeWorld(); });
afterAll(() => w?.close());
beforeEach(async () => { await resetWorld(w); });

async function run(p: Probe, line: string): Promise<{ out: string[]; error?: boolean }> {
  p.out.length = 0;
  p.io.promptWidth = p.sh.prompt().length + 1;
  const r = p.sh.line(line, p.io);
  const o = r instanceof Promise ? await r : r;
  return { out: [...p.out], error: o.error };
}

describe('indented exit/end under a kept-verbatim block', () => {
  // was: "no apply function for exit" thrown out of Interpreter.line
  it('` exit` leaves tunnel-group ipsec-attributes and is not kept as a line', async () => {
    const p = await enterMode(w, 'config-tunnel-ipsec');
    await run(p, ' ikev1 pre-shared-key secret');
    const r = await run(p, ' exit');
    expect(r.error).toBeFalsy();
    expect(p.sh.mode).toBe('config');
    const body = renderBody(w.app.config.model, { secrets: true });
    expect(body).not.toContain(' exit');
    expect(body).toContain(' ikev1 pre-shared-key secret');
  });

  it('`  end` (deeper) inside an object block goes back to privileged EXEC', async () => {
    const p = await enterMode(w, 'config-passthrough');
    await run(p, ' description x');
    const r = await run(p, '  end');
    expect(r.error).toBeFalsy();
    expect(p.sh.mode).toBe('priv');
    expect(renderBody(w.app.config.model).join('\n')).not.toMatch(/^\s+end$/m);
  });

  it('a pasted block with an indented exit loads without errors', async () => {
    const r = await w.app.loadText('tunnel-group tg9 type remote-access\ntunnel-group tg9 ppp-attributes\n authentication pap\n exit\nhostname after', 'test');
    expect(r.errors).toEqual([]);
    expect(w.app.config.model.hostname).toBe('after');
  });
});

describe('a profile path that is a directory on flash', () => {
  // was: FlashError "Is a directory" thrown out of Interpreter.line by the profile validation
  it('is refused with an ERROR line and leaves the model unchanged', async () => {
    const p = await enterMode(w, 'config-webvpn');
    const before = renderBody(w.app.config.model, { secrets: true });
    const r = await run(p, 'anyconnect profiles prof2 disk0:/sub');
    expect(r.error).toBe(true);
    expect(r.out).toHaveLength(1);
    expect(r.out[0]).toMatch(/^ERROR: disk0:\/sub/);
    expect(renderBody(w.app.config.model, { secrets: true })).toEqual(before);
  });
});

describe('the caret of `?` on invalid input', () => {
  // was: the caret ignored the line's indentation and took the position from the current mode
  // only (`show foo ?` in config mode pointed at `show`, which is valid in EXEC)
  // (under the first character no keyword at that place takes, issue 12: `po` begins `policy-map`,
  // so `no port` is marked under its `r`; `jjj` begins no show keyword, where `foo` now begins `flash`)
  it('sits under the bad word, counting the indentation', async () => {
    const p = await enterMode(w, 'config');
    for (const [line, word] of [['show jjj ?', 'jjj'], ['  show jjj ?', 'jjj'], ['show foo ?', 'oo'], ['\tno port 1 x ?', 'rt 1'], [' hostname a b ?', 'b']] as const) {
      const r = await run(p, line);
      const caret = r.out.find((l) => /^ *\^$/.test(l));
      expect(caret, line).toBeDefined();
      expect(caret!.length - 1 - p.io.promptWidth, line).toBe(line.indexOf(word, line.search(/\S/) + (word === 'b' ? 11 : 0)));
    }
  });

  it('agrees with the caret of the same line run without `?`', async () => {
    for (const line of [' vpn-idle-timeout abc', '  show run bogus', 'vpn-simultaneous-logins 5 6', 'split-tunnel-policy tunnelall x']) {
      // a fresh frame each time: an indented line sets the block's child indentation
      let p = await enterMode(w, 'config-group-policy');
      const a = (await run(p, line)).out.find((l) => /^ *\^$/.test(l));
      p = await enterMode(w, 'config-group-policy');
      const b = (await run(p, line + ' ?')).out.find((l) => /^ *\^$/.test(l));
      expect(a, line).toBeDefined();
      expect(b, line).toBe(a);
    }
  });
});

describe('a very long line', () => {
  // was: the matcher copied the path and the argument map at every word (O(n²) memory and time):
  // a 16,000-word line blocked the process for 30 s. Bounded here by the test's timeout only.
  it('of 40,000 repeated words is matched, applied and rendered', async () => {
    const p = await enterMode(w, 'config-group-policy');
    const r = await run(p, 'vpn-tunnel-protocol' + ' ssl-client ikev2'.repeat(20_000));
    expect(r.error).toBeFalsy();
    const gp = w.app.config.model.groupPolicies.get('gp1')!;
    expect(gp.attrs.get('gp.vpn-tunnel-protocol')!.path).toHaveLength(40_001);
    const q = await run(p, 'address-pools value' + ' pool1'.repeat(40_000) + ' ?');
    expect(q.out.at(-1)).toBe('  <cr>');
    expect(renderBody(w.app.config.model).some((l) => l.length > 300_000)).toBe(true);
  }, 30_000);
});

describe('keys while a `?` listing waits on the pager', () => {
  // was: the pump reset its busy flag when `?` handed over to the help continuation, so keys
  // typed at "<--- More --->" went into the line editor and the pager waited on, unanswered
  it('go to the pager, then the rest of the typing to the editor', async () => {
    const { Session } = await import('../../src/shell/session.ts');
    let out = '';
    const s = new Session({ app: w.app, user: 'enable_15', maxLevel: 15, privileged: true, interactive: true, echo: false, write: (x) => { out += x; }, close: () => {} });
    s.pagerLines = 5;
    s.start();
    const settle = async () => { for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r)); };
    s.feed('?');
    await settle();
    expect(out).toContain('<--- More --->');
    out = '';
    s.feed('q');
    await settle();
    expect(out).not.toContain('q');
    s.feed('show hostname\r');
    await settle();
    expect(out).toMatch(/\r\nfuzz\r\n/);
    expect(out.endsWith('fuzz# ')).toBe(true);
  });
});

describe('the pager with keys typed ahead', () => {
  async function session(pager: number) {
    const { Session } = await import('../../src/shell/session.ts');
    const o = { out: '' };
    const s = new Session({ app: w.app, user: 'enable_15', maxLevel: 15, privileged: true, interactive: true, echo: false, write: (x) => { o.out += x; }, close: () => {} });
    s.pagerLines = pager;
    s.start();
    return { s, o };
  }
  const settle = async (n = 200) => { for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r)); };

  // was: each typed-ahead key answered "<--- More --->" one level deeper (flush → serveWaiter →
  // resolve → flush): a long paste into a long output overflowed the stack, an unhandled
  // rejection that ends the process
  it('serves 20,000 typed-ahead keys, one page each, without growing the stack', async () => {
    const acl = Array.from({ length: 12_000 }, (_, i) => `access-list big standard permit host 10.${i >> 8}.${i & 255}.1`);
    expect((await w.app.loadText(acl.join('\n'), 'test')).errors).toEqual([]);
    const rejections: unknown[] = [];
    const on = (e: unknown) => { rejections.push(e); };
    process.on('unhandledRejection', on);
    try {
      const { s, o } = await session(2);
      s.feed('show running-config\r' + ' '.repeat(20_000));
      await settle(2000);
      expect(rejections).toEqual([]);
      expect(o.out).toContain('access-list big standard permit host 10.46.223.1');
    } finally {
      process.off('unhandledRejection', on);
    }
  }, 60_000);

  // was: with `pager lines 1` a key other than Enter showed no line and the next More came at once
  it('shows at least one line per key with one line per page', async () => {
    const { s, o } = await session(1);
    s.feed('show running-config\r');
    await settle();
    const more = () => o.out.split('<--- More --->').length - 1;
    const before = more();
    o.out = '';
    s.feed('   ');
    await settle();
    expect(more()).toBe(3);
    expect(o.out.split('\r\n').length - 1).toBe(3); // one line written per key
    expect(before).toBe(1);
  });
});
