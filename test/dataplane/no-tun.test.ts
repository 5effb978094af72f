// A headend that may not create its TUN (no CAP_NET_ADMIN: here, root's capabilities dropped with
// setpriv) still brings sessions up, as before the forwarding plane: the gateway's own tunnel address
// answers pings, nothing else is reachable; headend says so once at boot and per session.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateIdentity } from '../../src/gateway/tls.ts';
import { icmp4EchoRequest } from '../../src/gateway/icmp.ts';
import { ConsoleChild } from '../helpers/console-child.ts';
import { killOpenConnects, startOpenConnect } from '../helpers/openconnect.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const canDrop = process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v setpriv'], { stdio: 'ignore' }).status === 0;
if (!canDrop) console.warn('SKIPPED test/dataplane/no-tun: needs root and setpriv to start headend without CAP_NET_ADMIN');

const ADDR = `127.43.${Math.floor(Math.random() * 200) + 10}.1`;
const PORT = 20000 + Math.floor(Math.random() * 20000);

describe.skipIf(!canDrop)('without the right to create a TUN', () => {
  let dir: string;
  let headend: ConsoleChild;
  let pin: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headend-notun-'));
    fs.writeFileSync(path.join(dir, 'boot.cfg'), `interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address ${ADDR} 255.255.255.0
ip local pool p 192.0.2.10-192.0.2.20 mask 255.255.255.0
webvpn
 port ${PORT}
 enable outside
 anyconnect enable
group-policy DfltGrpPolicy attributes
 vpn-tunnel-protocol ssl-client
 address-pools value p
username kim password KimPass-1
`);
    pin = loadOrCreateIdentity(dir).pin;
    const proc = spawn('setpriv', ['--bounding-set', '-net_admin', '--inh-caps', '-net_admin', process.execPath,
      path.join(ROOT, 'bin', 'headend.cjs'), '--state-dir', dir, '--config', path.join(dir, 'boot.cfg'), '--no-ssh', '--tun', `nt${process.pid % 100000}`],
    { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, HEADEND_TUN: '' } });
    headend = new ConsoleChild(proc);
    await headend.ready();
    await headend.cmd('terminal pager 0');
  }, 60_000);

  afterEach(async () => { await killOpenConnects(); });
  afterAll(() => {
    headend?.proc.kill('SIGKILL');
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('says so once at boot; the session comes up, pings to the gateway address answer, and detail says so', async () => {
    expect(headend.output.match(/cannot open TUN device/g)?.length).toBe(1);
    expect(headend.output).toMatch(/no forwarding plane: VPN sessions reach only the gateway address/);
    const oc = await startOpenConnect({ url: `https://${ADDR}:${PORT}/`, pin, user: 'kim', password: 'KimPass-1' });
    const env = await oc.tun!.env;
    expect(env.INTERNAL_IP4_ADDRESS).toBe('192.0.2.10');
    oc.tun!.send(icmp4EchoRequest('192.0.2.10', '192.0.2.1', 7, 1, Buffer.from('ping')));
    const reply = await oc.tun!.next(5000);
    expect(reply[20]).toBe(0); // ICMP echo reply
    const detail = await headend.cmd('show vpn-sessiondb detail anyconnect');
    expect(detail).toMatch(/Forwarding\s+: none \(no TUN device: only the gateway address answers\)/);
    expect(await headend.cmd('show interface')).not.toMatch(/Hardware is TUN/);
  }, 60_000);
});
