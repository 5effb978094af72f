// issue 15, item 1: `vpn load-balancing` and its mode as interpreted commands: the prompt, help,
// `no` forms, checks, show-run (secrets masked; clear in more system:running-config) and its round trip.
import { describe, expect, it } from 'vitest';
import { Shell, bootApp, body, tempState } from '../shell/helpers.ts';

const BLOCK = [
  'vpn load-balancing',
  ' interface lbpublic outside',
  ' interface lbprivate inside',
  ' cluster ip address 192.0.2.100',
  ' cluster port 9024',
  ' cluster key Sh4red',
  ' cluster encryption',
  ' cluster database redis://:RedisPw9@127.0.0.1:6390/2',
  ' nat 203.0.113.5',
  ' priority 9',
  ' participate',
  ' redirect-fqdn enable',
];

async function shell(): Promise<Shell> {
  return new Shell(await bootApp(tempState(), { empty: true }));
}

describe('vpn load-balancing configuration', () => {
  it('enters (config-load-balancing)# and offers its commands with help', async () => {
    const sh = await shell();
    await sh.feed('configure terminal');
    await sh.feed('vpn load-balancing');
    expect(sh.prompt).toBe('ciscoasa(config-load-balancing)#');
    const help = await sh.feed('cluster ?');
    for (const w of ['ip', 'port', 'key', 'encryption', 'database']) expect(help).toMatch(new RegExp(`^\\s+${w}\\s+\\S`, 'm'));
    expect(await sh.feed('priority ?')).toMatch(/<1-10>/);
    const ifHelp = await sh.feed('interface ?');
    expect(ifHelp).toMatch(/^ {2}lbpublic +Configure the public interface/m);
    expect(ifHelp).toMatch(/^ {2}lbprivate +Configure the private interface/m);
    // a line of the parent mode still runs there, and the prompt moves
    await sh.feed('hostname lb1');
    expect(sh.prompt).toBe('lb1(config)#');
  });

  it('prints the block as an ASA does, masks the key and the database password, and pastes back', async () => {
    const sh = await shell();
    // entered in another order: printed in ASA's
    const out = await sh.feed(['configure terminal', BLOCK[0], ...[...BLOCK.slice(1)].reverse(), 'end'].join('\n'));
    expect(out).not.toMatch(/ERROR|Invalid/);
    const run = await sh.run('show running-config vpn load-balancing');
    expect(run).toEqual(BLOCK.map((l) => l.replace(/cluster key \S+/, 'cluster key *****').replace(/:RedisPw9@/, ':*****@')));
    const full = body(sh.app);
    expect(full).toEqual(expect.arrayContaining(BLOCK));
    const again = await shell();
    const out2 = await again.feed(['configure terminal', ...full, 'end'].join('\n'));
    expect(out2.split('\n').filter((l) => /ERROR|Invalid/.test(l))).toEqual([]);
    expect(body(again.app)).toEqual(full);
  });

  it('has no block until entered; show run all adds the defaults; no forms remove lines and the block', async () => {
    const sh = await shell();
    expect(await sh.run('show running-config vpn load-balancing')).toEqual([]);
    await sh.feed(['configure terminal', 'vpn load-balancing', 'participate', 'priority 7', 'end'].join('\n'));
    expect(await sh.run('show running-config vpn load-balancing')).toEqual(['vpn load-balancing', ' priority 7', ' participate']);
    expect(await sh.run('show running-config all vpn load-balancing')).toEqual(['vpn load-balancing', ' cluster port 9023', ' priority 7', ' participate']);
    await sh.feed(['configure terminal', 'vpn load-balancing', 'no priority', 'end'].join('\n'));
    expect(await sh.run('show running-config vpn load-balancing')).toEqual(['vpn load-balancing', ' participate']);
    await sh.feed(['configure terminal', 'no vpn load-balancing', 'end'].join('\n'));
    expect(await sh.run('show running-config vpn load-balancing')).toEqual([]);
  });

  it('refuses bad values with an ASA-style error and changes nothing', async () => {
    const sh = await shell();
    await sh.feed(['configure terminal', 'vpn load-balancing'].join('\n'));
    for (const bad of ['cluster database http://127.0.0.1:6379', 'cluster database redis://127.0.0.1:6379/99', 'cluster database nonsense']) {
      expect((await sh.feed(bad)).split('\n').slice(1).join('\n')).toMatch(/^ERROR: cluster database /m);
    }
    expect(await sh.feed('cluster key ab')).toMatch(/ERROR: The cluster key must be 3 to 17 characters long/);
    expect(await sh.feed('priority 11')).toMatch(/Invalid input detected/);
    expect(await sh.feed('cluster ip address 300.1.1.1')).toMatch(/Invalid input detected/);
    await sh.feed('end');
    expect(await sh.run('show running-config vpn load-balancing')).toEqual(['vpn load-balancing']);
  });
});
