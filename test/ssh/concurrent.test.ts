// One running-config, many sessions: twenty SSH admins at once, 1,000 configuration lines each
// (objects, sub-modes, attributes, `no` forms), nothing lost, and the final configuration equal to
// the one the same scripts give typed one after another. Each admin has objects of its own, so only
// the creation order (which an ASA keeps in show running-config) may differ from the serial run.
import { afterEach, describe, expect, it } from 'vitest';
import { baseConfig } from '../helpers/ssh-headend.ts';
import { cleanup, connect, execOut, rig, shell } from '../helpers/ssh-inproc.ts';

const ADDR = '127.61.0.1';
const SERIAL_ADDR = '127.61.0.2';
const SESSIONS = 20;
const LINES = 1000;

afterEach(() => cleanup());

/** admin n's 1,000 configuration lines */
function script(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < 50; i++) {
    out.push(
      `group-policy g${n}-${i} internal`,
      `group-policy g${n}-${i} attributes`,
      ` vpn-idle-timeout ${10 + i}`,
      ` vpn-simultaneous-logins ${(i % 5) + 1}`,
      ` banner value admin ${n} policy ${i}`,
      ' split-tunnel-policy tunnelspecified',
      ' webvpn',
      '  anyconnect keep-installer none',
      `  anyconnect ssl keepalive ${15 + i}`,
      '  exit',
      ' exit',
      `ip local pool p${n}-${i} 10.${n}.${i}.1-10.${n}.${i}.50 mask 255.255.255.0`,
      `tunnel-group t${n}-${i} type remote-access`,
      `tunnel-group t${n}-${i} general-attributes`,
      ` address-pool p${n}-${i}`,
      ` default-group-policy g${n}-${i}`,
      `tunnel-group t${n}-${i} webvpn-attributes`,
      ` group-alias a${n}-${i} enable`,
    );
  }
  for (let i = 0; i < 25; i++) out.push(`group-policy g${n}-${i} attributes`, ' no banner', ' vpn-idle-timeout 99', ' exit');
  return out;
}

/** top-level blocks (a line and its indented children), sorted: the configuration without its creation order */
function blocks(run: string): string[] {
  const out: string[] = [];
  for (const l of run.replace(/\r/g, '').split('\n')) {
    if (!l || l.startsWith(':') || l.startsWith('Cryptochecksum')) continue;
    if (l.startsWith(' ') && out.length) out[out.length - 1] += '\n' + l;
    else out.push(l);
  }
  return out.sort();
}

describe('concurrent SSH sessions', () => {
  it(`${SESSIONS} admins × ${LINES} commands at once: nothing lost, and the same configuration as the serial run`, async () => {
    const config = baseConfig(ADDR, ['aaa authorization exec LOCAL auto-enable']);
    const scripts = Array.from({ length: SESSIONS }, (_, n) => script(n));
    expect(scripts.every((s) => s.length === LINES)).toBe(true);

    const r = await rig(ADDR, config);
    const clients = await Promise.all(Array.from({ length: SESSIONS }, (_, n) =>
      connect(r, { user: 'admin', password: 'adminpw', from: `127.61.1.${n + 1}` }, 30_000)));
    await Promise.all(clients.map(async (c, n) => {
      const s = await shell(c, false);
      s.ch.end(['configure terminal', ...scripts[n], 'end'].join('\n') + '\n');
      await s.waitClose(90_000);
      expect(s.out, `admin ${n}`).not.toMatch(/ERROR|Invalid input|Incomplete|Ambiguous/);
      // the echo shows every line was taken
      expect(s.out.split('\n').filter((l) => /\(config[^)]*\)# /.test(l)).length, `admin ${n}`).toBeGreaterThanOrEqual(LINES);
    }));
    const together = await execOut(clients[0], 'show running-config');
    for (let n = 0; n < SESSIONS; n++) {
      expect(together.split('\n').filter((l) => new RegExp(`^group-policy g${n}-\\d+ internal\r?$`).test(l)).length, `admin ${n}`).toBe(50);
    }

    // the same scripts, one admin after another, on a second headend booted from the same config
    const serial = await rig(SERIAL_ADDR, config.replaceAll(ADDR, SERIAL_ADDR));
    const one = await connect(serial, { user: 'admin', password: 'adminpw', from: '127.61.2.1' }, 30_000);
    const s = await shell(one, false);
    s.ch.end(['configure terminal', ...scripts.flat(), 'end'].join('\n') + '\n');
    await s.waitClose(90_000);
    expect(s.out).not.toMatch(/ERROR/);
    const alone = await execOut(one, 'show running-config');

    const a = blocks(together.replaceAll(ADDR, SERIAL_ADDR));
    const b = blocks(alone);
    expect(a.length).toBe(b.length);
    expect(a).toEqual(b);
    expect(r.app.config.model.groupPolicies.size).toBe(SESSIONS * 50 + 1);
    expect(r.app.config.model.tunnelGroups.size).toBe(serial.app.config.model.tunnelGroups.size);
  }, 240_000);

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
