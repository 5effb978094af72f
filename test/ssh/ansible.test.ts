// Ansible's cisco.asa collection (Debian `ansible`, network_cli over paramiko, unmodified) against a
// headend daemon: asa_command (show version, show running-config), asa_config with parents
// (a group-policy's webvpn attributes, saved with save_when: modified), idempotence, read-back.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  ROOT, baseConfig, freePort, killAll, removeStateDirs, run, sshpass, startHeadend, stateDir,
} from '../helpers/ssh-headend.ts';

const ADDR = '127.81.0.1';
const haveAsa = (await run('sh', ['-c', 'ansible-galaxy collection list cisco.asa 2>/dev/null | grep -q "^cisco.asa "'], undefined, 60_000)).code === 0;

afterEach(killAll);
afterAll(removeStateDirs);

describe.skipIf(!haveAsa)('Ansible cisco.asa', () => {
  it('asa_command and asa_config (parents) work, and the change is saved', async () => {
    const dir = stateDir();
    const port = await freePort(ADDR);
    await startHeadend({ dir, port, addr: ADDR, config: baseConfig(ADDR) });

    const work = join(dir, 'ansible');
    mkdirSync(work);
    const inventory = join(work, 'inventory.ini');
    writeFileSync(inventory, [
      '[asa]',
      `headend ansible_host=${ADDR} ansible_port=${port}`,
      '[asa:vars]',
      'ansible_connection=ansible.netcommon.network_cli',
      'ansible_network_os=cisco.asa.asa',
      'ansible_user=admin',
      'ansible_password=adminpw',
      'ansible_become=yes',
      'ansible_become_method=ansible.netcommon.enable',
      'ansible_become_password=enpass',
      'ansible_network_cli_ssh_type=paramiko',
      '',
    ].join('\n'));
    // its own ansible.cfg, so that no ansible.cfg of the machine or the checkout applies
    writeFileSync(join(work, 'ansible.cfg'), '[defaults]\nhost_key_checking = False\n');
    const env = {
      ...process.env,
      ANSIBLE_HOME: join(work, 'home'),
      ANSIBLE_LOCAL_TEMP: join(work, 'tmp'),
      ANSIBLE_PERSISTENT_CONTROL_PATH_DIR: join(work, 'pc'),
      ANSIBLE_HOST_KEY_CHECKING: 'False',
      ANSIBLE_PARAMIKO_LOOK_FOR_KEYS: 'False',
      ANSIBLE_NOCOLOR: '1',
      ANSIBLE_RETRY_FILES_ENABLED: 'False',
      ANSIBLE_CONFIG: join(work, 'ansible.cfg'),
    };
    const r = await run('ansible-playbook', ['-i', inventory, join(ROOT, 'test/ssh/ansible/asa-playbook.yml')], undefined, 170_000, env);
    expect(r.stdout, r.stdout + r.stderr).toMatch(/headend\s+: ok=\d+\s+changed=2\s+unreachable=0\s+failed=0/);
    expect(r.code).toBe(0);

    const start = await sshpass({ password: 'adminpw', user: 'admin', host: ADDR, port, from: '127.81.0.9' }, 'enable\nenpass\nshow startup-config\n');
    expect(start.stdout).toContain('group-policy ANSIBLE-GP attributes');
    expect(start.stdout).toContain('  anyconnect mtu 1300');
  }, 180_000);
});
