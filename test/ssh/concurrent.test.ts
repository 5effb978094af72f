// One running-config, many sessions: twenty SSH sessions at once, 500 configuration lines each,
// nothing lost, and each admin sees the others' changes immediately.
import { afterEach, describe, expect, it } from 'vitest';
import { baseConfig } from '../helpers/ssh-headend.ts';
import { cleanup, connect, execOut, rig, shell } from '../helpers/ssh-inproc.ts';

const ADDR = '127.61.0.1';
const SESSIONS = 20;
const LINES = 500;

afterEach(() => cleanup());

describe('concurrent SSH sessions', () => {
  it(`${SESSIONS} sessions × ${LINES} commands: every change is in show running-config`, async () => {
    const r = await rig(ADDR, baseConfig(ADDR, ['aaa authorization exec LOCAL auto-enable']));
    const clients = await Promise.all(Array.from({ length: SESSIONS }, (_, n) =>
      connect(r, { user: 'admin', password: 'adminpw', from: `127.61.1.${n + 1}` }, 20_000)));

    await Promise.all(clients.map(async (c, n) => {
      const s = await shell(c, false);
      const lines = ['configure terminal'];
      for (let i = 0; i < LINES; i++) lines.push(`group-policy g${n}-${i} internal`);
      lines.push('end');
      s.ch.end(lines.join('\n') + '\n');
      await s.waitClose(60_000);
      expect(s.out).not.toMatch(/ERROR/);
      // the echo shows every line was taken in order
      expect(s.out.split('\n').filter((l) => l.includes('# group-policy g')).length).toBe(LINES);
    }));

    const run = await execOut(clients[0], 'show running-config group-policy');
    for (let n = 0; n < SESSIONS; n++) {
      const mine = run.split('\n').filter((l) => new RegExp(`^group-policy g${n}-\\d+ internal$`).test(l));
      expect(mine.length, `session ${n}`).toBe(LINES);
    }
    expect(r.app.config.model.groupPolicies.size).toBe(SESSIONS * LINES + 1);
  }, 120_000);

  it('a change by one admin is visible to another at once', async () => {
    const r = await rig(ADDR, baseConfig(ADDR, ['aaa authorization exec LOCAL auto-enable']));
    const a = await shell(await connect(r, { user: 'admin', password: 'adminpw', from: '127.61.2.1' }));
    const b = await shell(await connect(r, { user: 'admin', password: 'adminpw', from: '127.61.2.2' }));
    await a.until('headend# ');
    await b.until('headend# ');
    await a.cmd('configure terminal');
    await a.cmd('hostname shared');
    expect(await b.cmd('show hostname')).toMatch(/^shared\r$/m);
    expect(await b.cmd('')).toMatch(/shared# $/);
  });
});
