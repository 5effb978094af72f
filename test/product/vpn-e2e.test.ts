// The product end to end: configuration typed into the CLI drives the gateway, the real openconnect
// connects, and the CLI's vpn-sessiondb commands see and end its session.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HeadendApp } from '../../src/app.ts';
import { startGateway } from '../../src/gateway-service.ts';
import { Shell } from '../shell/helpers.ts';
import { killOpenConnects, startOpenConnect } from '../helpers/openconnect.ts';

const ADDR = `127.41.${Math.floor(Math.random() * 200) + 10}.1`;
const PORT = 20000 + Math.floor(Math.random() * 20000);
const URL = `https://${ADDR}:${PORT}/`;

let dir: string;
let app: HeadendApp;
let shell: Shell;
let stop: () => Promise<void>;
let pin: string;

const config = `configure terminal
interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address ${ADDR} 255.255.255.0
ip local pool eng_pool 198.51.100.20-198.51.100.40 mask 255.255.255.0
webvpn
 port ${PORT}
 enable outside
 anyconnect enable
 tunnel-group-list enable
group-policy eng internal
group-policy eng attributes
 vpn-tunnel-protocol ssl-client
 address-pools value eng_pool
 dns-server value 198.51.100.53
 default-domain value eng.example
 webvpn
  anyconnect dpd-interval client 25
tunnel-group ENG type remote-access
tunnel-group ENG general-attributes
 default-group-policy eng
tunnel-group ENG webvpn-attributes
 group-alias Engineering enable
username lee password LeePass-1
username lee attributes
 vpn-group-policy eng
end`;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headend-e2e-'));
  fs.writeFileSync(path.join(dir, 'empty.cfg'), '');
  app = new HeadendApp({ stateDir: dir, configFile: path.join(dir, 'empty.cfg'), console: () => {} });
  await app.boot();
  shell = new Shell(app);
  const out = await shell.feed(config);
  expect(out).not.toMatch(/ERROR/);
  ({ stop } = await startGateway(app, () => {}));
  pin = app.vpn!.certPin();
}, 60_000);

afterEach(async () => { await killOpenConnects(); });
afterAll(async () => {
  await stop?.();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('openconnect against the configured product', () => {
  it('connects with the alias, and show vpn-sessiondb anyconnect shows user, address, policy and group', async () => {
    const oc = await startOpenConnect({ url: URL, pin, user: 'lee', password: 'LeePass-1', authgroup: 'Engineering' });
    const m = await oc.waitFor(/Configured as (198\.51\.100\.\d+)/, 30_000);
    expect(oc.output).toMatch(/X-CSTP-DPD: 25/);
    expect(oc.output).toMatch(/X-CSTP-Default-Domain: eng.example/);
    const show = (await shell.run('show vpn-sessiondb anyconnect')).join('\n');
    expect(show).toMatch(/^Username\s+: lee\s+Index\s+: \d+/m);
    expect(show).toMatch(new RegExp(`^Assigned IP\\s+: ${m[1].replace(/\./g, '\\.')}\\s+Public IP\\s+: 127\\.`, 'm'));
    expect(show).toMatch(/^Group Policy : eng\s+Tunnel Group : ENG$/m);
    const detail = (await shell.run('show vpn-sessiondb detail anyconnect filter name lee')).join('\n');
    expect(detail).toMatch(/Session Type: AnyConnect Detailed/);
    // the pool's counts and lists, as genieparser's ShowIpLocalPool golden output lays them out
    // (src/shell/show/ip-local-pool.ts): the session's address in use, the 20 others free
    const pool = await shell.run('show ip local pool eng_pool');
    expect(pool.slice(0, 2)).toEqual([
      'Begin           End             Mask            Free     Held     In use',
      '198.51.100.20   198.51.100.40   255.255.255.0      20        0        1',
    ]);
    expect(pool.slice(-3)).toEqual(['', 'In Use Addresses:', m[1]]);
    expect(pool[3]).toBe('Available Addresses:');
    expect(pool.slice(4, -3)).toHaveLength(20);
    expect(pool.slice(4, -3)).not.toContain(m[1]);

    const refused = (await shell.run('configure terminal')).concat(await shell.run('no ip local pool eng_pool'));
    expect(refused.join('\n')).toMatch(/^ERROR: .*in use/m);
    expect(app.config.model.ipPools.has('eng_pool')).toBe(true);
    await shell.run('end');

    const off = await shell.run('vpn-sessiondb logoff name lee noconfirm');
    expect(off).toEqual(['INFO: Number of sessions with name "lee" logged off : 1']);
    await oc.waitFor(/Administrator Reset/, 15_000);
    await oc.waitExit(15_000);
    expect(await shell.run('show vpn-sessiondb anyconnect filter name lee')).toEqual(['INFO: There are presently no active sessions of the type specified']);
  }, 90_000);

  it('a keepalive typed live applies to the next session', async () => {
    const first = await startOpenConnect({ url: URL, pin, user: 'lee', password: 'LeePass-1', authgroup: 'Engineering' });
    await first.waitFor(/Configured as/, 30_000);
    expect(first.output).toMatch(/X-CSTP-Keepalive: 20/);
    const out = await shell.feed('configure terminal\ngroup-policy eng attributes\nwebvpn\nanyconnect ssl keepalive 300\nend');
    expect(out).not.toMatch(/ERROR/);
    const second = await startOpenConnect({ url: URL, pin, user: 'lee', password: 'LeePass-1', authgroup: 'Engineering' });
    await second.waitFor(/Configured as/, 30_000);
    expect(second.output).toMatch(/X-CSTP-Keepalive: 300/);
    expect(second.output).toMatch(/CSTP connected\. DPD 25, Keepalive 300/);
    // the established session keeps the policy it started with
    expect(first.exitCode).toBeUndefined();
  }, 90_000);

  it('no anyconnect enable refuses new sessions and show webvpn anyconnect says so', async () => {
    await shell.feed('configure terminal\nwebvpn\nno anyconnect enable\nend');
    expect(await shell.run('show webvpn anyconnect')).toEqual(['SSL VPN is not enabled']);
    const oc = await startOpenConnect({ url: URL, pin, user: 'lee', password: 'LeePass-1', authgroup: 'Engineering', authenticateOnly: true });
    const r = await oc.waitExit(30_000);
    expect(r.code).not.toBe(0);
    expect(oc.output).not.toMatch(/^COOKIE=/m);
    await shell.feed('configure terminal\nwebvpn\nanyconnect enable\nend');
    const again = await startOpenConnect({ url: URL, pin, user: 'lee', password: 'LeePass-1', authgroup: 'Engineering', authenticateOnly: true });
    await again.waitExit(30_000);
    expect(again.output).toMatch(/^COOKIE='/m);
  }, 90_000);
});
