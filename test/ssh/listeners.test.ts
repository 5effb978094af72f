// Listeners follow the running-config live: an `ssh` rule or an interface address changed by an
// admin opens and closes listeners without touching sessions already established. Also the host
// key: made once, kept across restarts, and what `show ssh fingerprint` prints.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { baseConfig, canConnect, waitFor } from '../helpers/ssh-headend.ts';
import { cleanup, connect, rig, shell } from '../helpers/ssh-inproc.ts';

const ADDR = '127.51.0.1';
const MGMT = '127.52.0.1';
const MGMT2 = '127.53.0.1';
const FROM = '127.51.0.9';

afterEach(() => cleanup());

describe('SSH listeners', () => {
  it('open and close with ssh rules and interface addresses; live sessions stay', async () => {
    const r = await rig(ADDR, baseConfig(ADDR, ['aaa authorization exec LOCAL auto-enable']));
    expect(r.ssh.addresses()).toEqual([ADDR]);
    expect(await canConnect(MGMT, r.port)).toBe(false);

    const c = await connect(r, { user: 'admin', password: 'adminpw', from: FROM });
    const s = await shell(c);
    await s.until('headend# ');
    await s.cmd('configure terminal');
    await s.cmd('interface GigabitEthernet0/2');
    await s.cmd(' nameif mgmt');
    await s.cmd(` ip address ${MGMT} 255.255.0.0`);
    // no rule names mgmt yet
    expect(r.ssh.addresses()).toEqual([ADDR]);
    await s.cmd('ssh 127.0.0.0 255.0.0.0 mgmt');
    await waitFor(() => canConnect(MGMT, r.port), 5000, 'mgmt listener');

    await s.cmd('no ssh 127.0.0.0 255.0.0.0 inside');
    expect(r.ssh.addresses()).toEqual([MGMT]);
    await waitFor(async () => !(await canConnect(ADDR, r.port)), 5000, 'inside listener closed');
    // the session that arrived on inside keeps working
    expect(await s.cmd('show running-config ssh')).toContain('ssh 127.0.0.0 255.0.0.0 mgmt');

    // a session can arrive on mgmt now, but a rule for mgmt does not admit it on inside's address
    const m = await connect(r, { user: 'admin', password: 'adminpw', from: FROM, host: MGMT });
    m.end();

    await s.cmd('interface GigabitEthernet0/2');
    await s.cmd(` ip address ${MGMT2} 255.255.0.0`);
    expect(r.ssh.addresses()).toEqual([MGMT2]);
    await waitFor(() => canConnect(MGMT2, r.port), 5000, 'moved listener');
    expect(await canConnect(MGMT, r.port)).toBe(false);
    expect(s.closed).toBe(false);
    expect(await s.cmd('show curpriv')).toContain('Username : admin');
  });

  it('a source admitted on one interface is refused on another', async () => {
    const cfg = baseConfig(ADDR, [
      'interface GigabitEthernet0/2', ' nameif mgmt', ` ip address ${MGMT} 255.255.0.0`,
      'ssh 127.52.0.0 255.255.0.0 mgmt',
    ], '127.51.0.0 255.255.0.0');
    const r = await rig(ADDR, cfg);
    expect(r.ssh.addresses().sort()).toEqual([ADDR, MGMT]);
    // 127.51.0.9 is allowed on inside only
    await connect(r, { user: 'admin', password: 'adminpw', from: FROM });
    await expect(connect(r, { user: 'admin', password: 'adminpw', from: FROM, host: MGMT })).rejects.toThrow();
    await connect(r, { user: 'admin', password: 'adminpw', from: '127.52.0.9', host: MGMT });
  });

  it('the host key is made once, kept, and show ssh fingerprint prints what clients see', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'headend-ssh-'));
    try {
      let seen = '';
      const r1 = await rig(ADDR, baseConfig(ADDR, ['aaa authorization exec LOCAL auto-enable']), { dir });
      const fp1 = r1.ssh.fingerprint;
      expect(fp1).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
      const c = await connect(r1, { user: 'admin', password: 'adminpw', from: FROM });
      const s = await shell(c);
      await s.until('headend# ');
      expect(await s.cmd('show ssh fingerprint')).toContain(fp1);
      c.end();
      await r1.close();

      const r2 = await rig(ADDR, baseConfig(ADDR), { dir });
      expect(r2.ssh.fingerprint).toBe(fp1);
      const { Client } = await import('ssh2');
      await new Promise<void>((res, rej) => {
        const k = new Client();
        k.on('ready', () => { k.end(); res(); }).on('error', rej);
        k.connect({
          host: ADDR, port: r2.port, localAddress: FROM, username: 'admin', password: 'adminpw',
          hostVerifier: (key: Buffer) => { seen = 'SHA256:' + createHash('sha256').update(key).digest('base64').replace(/=+$/, ''); return true; },
        });
      });
      expect(seen).toBe(fp1);
    } finally {
      await cleanup(false);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
