// issue 15, capacity: `vpn-sessiondb max-anyconnect-premium-or-essentials-limit N` and
// `vpn-sessiondb max-other-vpn-limit N` as global commands (help, `no`, show-run), the limit held by
// the gateway against real openconnect logins (refused past it, with ASA's syslog 716023), and the
// device's capacity in `show vpn-sessiondb summary`. The capacity a cluster member publishes is
// checked in test/cluster/cluster.test.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HeadendApp } from '../../src/app.ts';
import { startGateway } from '../../src/gateway-service.ts';
import { Shell, bootApp, body, tempState } from '../shell/helpers.ts';
import { killOpenConnects, startOpenConnect } from '../helpers/openconnect.ts';
import { freePort } from '../../bench/loadgen/net.ts';

const haveOc = fs.existsSync('/usr/sbin/openconnect') || fs.existsSync('/usr/bin/openconnect');
const AC = 'vpn-sessiondb max-anyconnect-premium-or-essentials-limit';
const OTHER = 'vpn-sessiondb max-other-vpn-limit';

describe('vpn-sessiondb limits in the configuration', () => {
  it('offers both limits with help and their range', async () => {
    const sh = new Shell(await bootApp(tempState(), { empty: true }));
    await sh.feed('configure terminal');
    const help = await sh.feed('vpn-sessiondb ?');
    expect(help).toMatch(/^ {2}max-anyconnect-premium-or-essentials-limit +Maximum number of AnyConnect Premium or Essentials sessions allowed$/m);
    expect(help).toMatch(/^ {2}max-other-vpn-limit +Maximum number of other VPN sessions allowed$/m);
    expect(await sh.feed(`${AC} ?`)).toMatch(/<1-10000>/);
    for (const bad of [`${AC} 0`, `${AC} 10001`, `${OTHER} 0`]) expect(await sh.feed(bad)).toMatch(/Invalid input detected/);
  });

  it('prints the set lines among the global lines, the platform limit under show run all, and no removes them', async () => {
    const sh = new Shell(await bootApp(tempState(), { empty: true }));
    const out = await sh.feed(['configure terminal', `${OTHER} 20`, `${AC} 2`, 'webvpn', ' anyconnect enable', 'end'].join('\n'));
    expect(out).not.toMatch(/ERROR|Invalid/);
    expect(await sh.run('show running-config vpn-sessiondb')).toEqual([`${AC} 2`, `${OTHER} 20`]);
    const full = body(sh.app);
    expect(full.indexOf(`${AC} 2`)).toBeGreaterThanOrEqual(0);
    expect(full.indexOf(`${AC} 2`)).toBeLessThan(full.indexOf('webvpn'));
    // pasted back, the same configuration
    const again = new Shell(await bootApp(tempState(), { empty: true }));
    await again.feed(['configure terminal', ...full, 'end'].join('\n'));
    expect(body(again.app)).toEqual(full);
    await sh.feed(['configure terminal', `no ${AC}`, 'end'].join('\n'));
    expect(await sh.run('show running-config vpn-sessiondb')).toEqual([`${OTHER} 20`]);
    expect(await sh.run('show running-config all vpn-sessiondb')).toEqual([`${AC} 10000`, `${OTHER} 20`]);
  });
});

describe.skipIf(!haveOc)('the AnyConnect session limit against openconnect', () => {
  const ADDR = `127.44.${Math.floor(Math.random() * 200) + 10}.1`;
  let dir: string;
  let app: HeadendApp;
  let shell: Shell;
  let stop: () => Promise<void>;
  let url: string;
  const logs: string[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headend-limit-'));
    const port = await freePort(ADDR);
    url = `https://${ADDR}:${port}/`;
    fs.writeFileSync(path.join(dir, 'boot.cfg'), [
      'interface GigabitEthernet0/0', ' nameif outside', ' security-level 0', ` ip address ${ADDR} 255.255.255.0`,
      'ip local pool P 198.51.100.20-198.51.100.40 mask 255.255.255.0',
      'webvpn', ` port ${port}`, ' enable outside', ' anyconnect enable',
      'group-policy DfltGrpPolicy attributes', ' vpn-tunnel-protocol ssl-client', ' address-pools value P',
      'username ann password AnnPass-1', 'username bob password BobPass-1',
      `${AC} 1`,
      'logging enable', 'logging console debugging', '',
    ].join('\n'));
    app = new HeadendApp({ stateDir: dir, configFile: path.join(dir, 'boot.cfg'), console: (l) => logs.push(l) });
    expect((await app.boot()).errors).toEqual([]);
    ({ stop } = await startGateway(app, (l) => logs.push(l)));
    shell = new Shell(app);
  }, 60_000);
  afterEach(async () => { await killOpenConnects(); });
  afterAll(async () => {
    await stop?.();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('takes sessions up to the limit, refuses the next login with 716023, and takes it once raised', async () => {
    const pin = app.vpn!.certPin();
    const ann = await startOpenConnect({ url, pin, user: 'ann', password: 'AnnPass-1' });
    await ann.waitFor(/Configured as 198\.51\.100\./, 30_000);
    const bob = await startOpenConnect({ url, pin, user: 'bob', password: 'BobPass-1' });
    await bob.waitExit(30_000);
    expect(bob.output).toMatch(/Login failed/);
    expect(logs.join('\n')).toMatch(/%ASA-4-716023: Group <DfltGrpPolicy> User <bob> IP <127\.[\d.]+> Session could not be established: session limit of 1 reached\./);
    // ann's session was not touched
    expect(ann.exitCode).toBeUndefined();
    const summary = (await shell.run('show vpn-sessiondb summary')).join('\n');
    expect(summary).toMatch(/^Device Total VPN Capacity {4}: {2}10000$/m);
    expect(summary).toMatch(/^Total Active and Inactive {4}: {6}1 /m);
    // the limit typed live applies to the next login
    expect((await shell.feed(['configure terminal', `${AC} 2`, 'end'].join('\n')))).not.toMatch(/ERROR|Invalid/);
    const again = await startOpenConnect({ url, pin, user: 'bob', password: 'BobPass-1' });
    await again.waitFor(/Configured as 198\.51\.100\./, 30_000);
    expect((await shell.run('show vpn-sessiondb anyconnect')).join('\n').match(/^Username /gm)).toHaveLength(2);
  }, 90_000);
});
