// netmiko's cisco_asa driver (Debian python3-netmiko, unmodified) against a headend daemon:
// enable, send_command('show running-config'), send_config_set([...]), save_config().
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ROOT, baseConfig, freePort, killAll, removeStateDirs, run, startHeadend, stateDir } from '../helpers/ssh-headend.ts';

const ADDR = '127.71.0.1';
const PY = '/usr/bin/python3';
const haveNetmiko = existsSync(PY) && (await run(PY, ['-c', 'import netmiko'], undefined, 20_000)).code === 0;

afterEach(killAll);
afterAll(removeStateDirs);

describe.skipIf(!haveNetmiko)('netmiko cisco_asa', () => {
  it('logs in, reads the running-config, pushes a config set and saves it', async () => {
    const dir = stateDir();
    const port = await freePort(ADDR);
    await startHeadend({ dir, port, addr: ADDR, config: baseConfig(ADDR) });
    const r = await run(PY, [join(ROOT, 'test/ssh/netmiko_asa.py'), ADDR, String(port), 'admin', 'adminpw', 'enpass'], undefined, 110_000);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, string>;
    expect(out.prompt).toBe('headend#');
    expect(out.run).toMatch(/^ASA Version /m);
    expect(out.run).toMatch(/^hostname headend$/m);
    expect(out.run).toMatch(/^: end$/m);
    expect(out.config).not.toMatch(/ERROR/);
    expect(out.after).toContain('group-policy NETMIKO-GP attributes\n banner value managed by netmiko\n vpn-simultaneous-logins 7');
    expect(out.save).toContain('[OK]');
    expect(out.startup).toContain('group-policy NETMIKO-GP internal');
  }, 120_000);
});
