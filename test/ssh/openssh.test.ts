// The OpenSSH client against headend as a daemon child: an interactive pty session that saves a
// change which survives SIGKILL, a scripted session, `exec`, and a source outside the rules.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Expect } from '../helpers/ssh-expect.ts';
import {
  SSH_OPTS, baseConfig, freePort, killAll, removeStateDirs, sshpass, startHeadend, stateDir,
} from '../helpers/ssh-headend.ts';

const ADDR = '127.31.0.1';
const FROM = '127.31.0.9';

afterEach(killAll);
afterAll(removeStateDirs);

describe('OpenSSH client', () => {
  it('interactive: login at >, enable, conf t, change, write memory; survives SIGKILL', async () => {
    const dir = stateDir();
    const port = await freePort(ADDR);
    const d = await startHeadend({ dir, port, addr: ADDR, config: baseConfig(ADDR) });

    const s = new Expect('sshpass', ['-p', 'adminpw', 'ssh', ...SSH_OPTS, '-tt', '-o', `BindAddress=${FROM}`, '-p', String(port), `admin@${ADDR}`]);
    try {
      const banner = await s.expect('headend> ');
      expect(banner).toContain("Type help or '?' for a list of available commands.");
      s.send('enable\r');
      await s.expect('Password: ');
      s.send('enpass\r');
      await s.expect('headend# ');
      s.send('configure terminal\r');
      await s.expect('headend(config)# ');
      s.send('group-policy SSH-ACCEPT internal\r');
      await s.expect('headend(config)# ');
      s.send('end\r');
      await s.expect('headend# ');
      s.send('write memory\r');
      await s.expect('[OK]');
      await s.expect('headend# ');
      s.send('exit\r');
      await s.wait();
    } finally {
      await s.kill();
    }

    await d.kill('SIGKILL');
    // no --config: the restart reads the startup-config that `write memory` saved
    await startHeadend({ dir, port, addr: ADDR });
    const r = await sshpass({ password: 'adminpw', user: 'admin', host: ADDR, port, from: FROM }, 'enable\nenpass\nshow running-config group-policy\n');
    expect(r.stdout).toContain('group-policy SSH-ACCEPT internal');
  });

  it('scripted: stdin without a pty is echoed after each prompt and ends at EOF', async () => {
    const dir = stateDir();
    const port = await freePort(ADDR);
    await startHeadend({ dir, port, addr: ADDR, config: baseConfig(ADDR) });
    const script = ['enable', 'enpass', 'configure terminal', 'hostname scripted', 'end', 'show hostname', 'show curpriv'].join('\n') + '\n';
    const r = await sshpass({ password: 'adminpw', user: 'admin', host: ADDR, port, from: FROM }, script);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('headend> enable\n');
    expect(r.stdout).toContain('headend(config)# hostname scripted\n');
    expect(r.stdout).toContain('scripted# show hostname\nscripted\n');
    expect(r.stdout).toContain('Current privilege level : 15');
    expect(r.stdout).not.toContain('enpass');
  });

  it('exec: the command line runs as one line', async () => {
    const dir = stateDir();
    const port = await freePort(ADDR);
    await startHeadend({ dir, port, addr: ADDR, config: baseConfig(ADDR, ['aaa authorization exec LOCAL auto-enable']) });
    const r = await sshpass({ password: 'adminpw', user: 'admin', host: ADDR, port, from: FROM, command: ['show', 'version'] });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Cisco Adaptive Security Appliance Software Version \S+/m);
    expect(r.stdout).toMatch(/^headend up /m);
  });

  it('a source outside the ssh rules is dropped before any authentication', async () => {
    const dir = stateDir();
    const port = await freePort(ADDR);
    await startHeadend({ dir, port, addr: ADDR, config: baseConfig(ADDR, [], '127.31.0.0 255.255.0.0') });
    const bad = await sshpass({ password: 'adminpw', user: 'admin', host: ADDR, port, from: '127.99.0.1', opts: ['-v'], command: ['show', 'version'] });
    expect(bad.code).toBe(255);
    expect(bad.stdout + bad.stderr).not.toMatch(/password|Authentications that can continue|Cisco-1\.25/i);
    const good = await sshpass({ password: 'adminpw', user: 'admin', host: ADDR, port, from: FROM, command: ['show', 'curpriv'] });
    expect(good.stdout).toContain('Username : admin');
  });
});
