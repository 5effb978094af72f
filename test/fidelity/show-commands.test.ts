// The show commands backup and audit tools run besides show running-config (Oxidized and RANCID
// collect `show inventory` and `show flash:`; `show nameif` is the interface/zone map every ASA
// runbook reads; `show ip local pool` the VPN pools), each checked against the public text of a
// real ASA named beside it.
import { describe, expect, it } from 'vitest';
import { Shell, bootApp, tempState } from '../shell/helpers.ts';
import { formatIpLocalPool } from '../../src/shell/show/ip-local-pool.ts';

async function shell(): Promise<Shell> {
  return new Shell(await bootApp(tempState()));
}

describe('show commands automation reads', () => {
  it('show nameif: the named interfaces, the level right-aligned under Security', async () => {
    // an ASA 5506-X transcript (GH id 61100168894 in the workplace index):
    //   Interface                Name                     Security
    //   GigabitEthernet1/1       outside                    0
    //   GigabitEthernet1/2       inside                   100
    const sh = await shell();
    await sh.feed('configure terminal\ninterface GigabitEthernet0/0\n nameif outside\n security-level 0\ninterface GigabitEthernet0/2\n shutdown\ninterface GigabitEthernet0/3\n nameif dmz\n security-level 50\nend');
    const out = await sh.run('show nameif');
    expect(out[0]).toBe('Interface                Name                     Security');
    expect(out).toContain('GigabitEthernet0/0       outside                    0');
    expect(out).toContain('GigabitEthernet0/3       dmz                       50');
    // an interface without a name is not listed
    expect(out.join('\n')).not.toContain('GigabitEthernet0/2');
    // and `no nameif` takes it off
    await sh.feed('configure terminal\ninterface GigabitEthernet0/3\n no nameif\nend');
    expect((await sh.run('show nameif')).join('\n')).not.toContain('dmz');
  });

  it('show inventory: the chassis in two lines, PID and VID padded, the serial of show version', async () => {
    // an ASAv in Cisco Live LTRATO-2001's lab guide (GH id 27279408110):
    //   Name: "Chassis", DESCR: "ASAv Adaptive Security Virtual Appliance"
    //   PID: ASAv              , VID: V01     , SN: 9AT6971HDTE
    const sh = await shell();
    const out = await sh.run('show inventory');
    const serial = /^Serial Number: (\S+)$/m.exec((await sh.run('show version')).join('\n'))![1];
    expect(out).toEqual(['Name: "Chassis", DESCR: "headend Remote Access VPN Headend"', `PID: headend           , VID: V01     , SN: ${serial}`]);
  });

  it('show flash: every file below disk0: with its path, then the totals without the free share', async () => {
    // an ASA 5506-X on 9.8, `show flash` (GH id 8289606573):
    //   --#--  --length--  -----date/time------  path
    //     122  108563072   Jan 25 2019 22:53:16  asa982-lfbff-k8.SPA
    //      11  4096        Jan 25 2019 22:56:56  log
    //     144  1375        Mar 09 2020 12:54:10  log/asa-appagent.log
    //
    //   7863623680 bytes total (3983400960 bytes free)
    const sh = await shell();
    const flash = sh.app.store.flash;
    flash.write('disk0:/backup.cfg', Buffer.from('hostname x\n'));
    flash.mkdir('disk0:/log');
    flash.write('disk0:/log/asa-appagent.log', Buffer.alloc(1375, 120));
    // `flash` and `disk` abbreviate `flash:` and `disk0:` (no second keyword makes them ambiguous)
    for (const cmd of ['show flash:', 'show flash', 'show fla', 'show disk0:', 'show disk']) {
      const out = await sh.run(cmd);
      expect(out[0]).toBe('--#--  --length--  -----date/time------  path');
      const rows = out.slice(1, -2);
      expect(rows.map((r) => r.slice(41))).toEqual(['backup.cfg', 'log', 'log/asa-appagent.log']);
      expect(rows[2]).toMatch(/^  102  1375        [A-Z][a-z]{2} \d\d \d{4} \d\d:\d\d:\d\d  log\/asa-appagent\.log$/);
      expect(rows[0]).toMatch(/^  100  11          /);
      expect(out.at(-2)).toBe('');
      expect(out.at(-1)).toMatch(/^\d+ bytes total \(\d+ bytes free\)$/);
    }
    const help = (await sh.run('show ?')).filter((l) => /^\s+(flash|disk0)/.test(l)).map((l) => l.trim().split(/\s+/)[0]);
    expect(help).toEqual(['disk0:', 'flash:']);
    // `dir` numbers the root's files the same way
    expect((await sh.run('dir')).join('\n')).toMatch(/^100 +-rwx +11 +.*backup\.cfg$/m);
  });

  it('show ip local pool: counts, then the free addresses and those in use (genieparser golden output)', () => {
    // genieparser's ShowIpLocalPool test (GH id 32219877443), verbatim but for its indentation
    expect([...formatIpLocalPool({ name: 'Colich-pool', range: { from: '192.168.1.144', to: '192.168.1.147' }, mask: '255.255.255.252' }, ['192.168.1.147', '192.168.1.144'])]).toEqual([
      'Begin           End             Mask            Free     Held     In use',
      '192.168.1.144   192.168.1.147   255.255.255.252     2        0        2',
      '',
      'Available Addresses:',
      '192.168.1.145',
      '192.168.1.146',
      '',
      'In Use Addresses:',
      '192.168.1.144',
      '192.168.1.147',
    ]);
  });

  it('show ip local pool of a configured pool without sessions, and of an unknown one', async () => {
    const sh = await shell();
    await sh.feed('configure terminal\nip local pool P2 172.16.0.10-172.16.0.12\nend');
    expect(await sh.run('show ip local pool P2')).toEqual([
      'Begin           End             Mask            Free     Held     In use',
      '172.16.0.10     172.16.0.12     255.255.255.255     3        0        0',
      '',
      'Available Addresses:',
      '172.16.0.10',
      '172.16.0.11',
      '172.16.0.12',
    ]);
    expect(await sh.run('show ip local pool NOPE')).toEqual(['ERROR: Pool NOPE does not exist']);
    // the name as typed, its escape sequence shown, not played on the admin's terminal
    expect(await sh.run('show ip local pool x\x1b[2J')).toEqual(['ERROR: Pool x\\x1b[2J does not exist']);
  });
});
