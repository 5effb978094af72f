// issue 14: RADIUS Interim-Update accounting (`interim-accounting-update [periodic H]`) against a
// real FreeRADIUS (its detail file) and the real openconnect with a tunnel: the Start at login, an
// Interim-Update when the tunnel comes up with its address, periodic ones with the session's real
// byte counts, and the Stop. An hour lasts HOUR_MS here (HEADEND_ACCOUNTING_HOUR_MS, read once by
// src/gateway-service.ts).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { killOpenConnects, startOpenConnect } from '../helpers/openconnect.ts';
import { icmp4EchoRequest } from '../../src/gateway/icmp.ts';
import { startFreeRadius, stopFreeRadiuses, type FreeRadius } from '../helpers/freeradius.ts';
import { startProduct, uniqueListener, type Product } from '../portal/helpers.ts';
import { gatewayConfig, radiusHost } from './gateway-config.ts';

const L = uniqueListener(74);
const SECRET = 'Interim-Secret-1';
const HOUR_MS = 1500;
let fr: FreeRadius;
let p: Product;
let pin: string;

const until = async (pred: () => boolean, ms: number) => { const t0 = Date.now(); while (!pred() && Date.now() - t0 < ms) await new Promise((r) => setTimeout(r, 100)); return pred(); };
const records = (user: string, kind?: string) => fr.accounting().filter((r) => r['User-Name'] === user && (!kind || r['Acct-Status-Type'] === kind));
const syslog = () => { try { return fs.readFileSync(path.join(p.dir, 'log', 'headend.log'), 'utf8'); } catch { return ''; } };

beforeAll(async () => {
  process.env.HEADEND_ACCOUNTING_HOUR_MS = String(HOUR_MS);
  fr = await startFreeRadius({ secret: SECRET, users: [{ name: 'ina', password: 'Ina-pw-1' }, { name: 'ned', password: 'Ned-pw-1' }] });
  const tg = (name: string, url: string, acct: string) => [`tunnel-group ${name} type remote-access`, `tunnel-group ${name} general-attributes`, ' address-pool vpnpool',
    ` authentication-server-group ${acct}`, ` accounting-server-group ${acct}`, `tunnel-group ${name} webvpn-attributes`, ` group-url ${url} enable`].join('\n');
  p = await startProduct(`configure terminal
${gatewayConfig(L, '198.51.100.10-198.51.100.20')}
group-policy DfltGrpPolicy attributes
 vpn-tunnel-protocol ssl-client
aaa-server PERIODIC protocol radius
 interim-accounting-update periodic 1
${radiusHost('PERIODIC', fr, SECRET)}
aaa-server ONTUNNEL protocol radius
 interim-accounting-update
${radiusHost('ONTUNNEL', fr, SECRET)}
${tg('PER', `https://${L.address}/per`, 'PERIODIC')}
${tg('ONT', `https://${L.address}/ont`, 'ONTUNNEL')}
end`);
  pin = p.app.vpn!.certPin();
}, 60_000);

afterEach(async () => { await killOpenConnects(); });
afterAll(async () => {
  await p?.stop();
  await stopFreeRadiuses();
  delete process.env.HEADEND_ACCOUNTING_HOUR_MS;
}, 30_000);

describe('RADIUS Interim-Update accounting (FreeRADIUS, openconnect)', () => {
  it('periodic: Start at login, an Interim-Update with the tunnel\'s address, then periodic ones with the real byte counts, and the Stop', async () => {
    const oc = await startOpenConnect({ url: `${p.url}/per`, pin, user: 'ina', password: 'Ina-pw-1' });
    const ip = (await oc.waitFor(/Configured as (198\.51\.100\.\d+)/, 40_000))[1];
    await oc.tun!.env;
    expect(await until(() => records('ina', 'Interim-Update').some((r) => r['Framed-IP-Address'] === ip), 10_000)).toBe(true);
    const [start] = records('ina', 'Start');
    // the Start is the login's: no tunnel, so no address yet
    expect(start).toBeDefined();
    expect(start['Framed-IP-Address']).toBeUndefined();
    // the tunnel's Interim-Update (a periodic one may come before it on a slow machine: it has no address)
    const first = records('ina', 'Interim-Update').find((r) => r['Framed-IP-Address'] === ip);
    expect(first).toMatchObject({ 'Acct-Session-Id': start['Acct-Session-Id'] });
    // traffic through the tunnel: ten echo requests of 228 bytes to the gateway's tunnel address
    let sent = 0;
    for (let seq = 0; seq < 10; seq++) {
      const pkt = icmp4EchoRequest(ip, '198.51.100.1', 0x77, seq, Buffer.alloc(200, seq));
      sent += pkt.length;
      oc.tun!.send(pkt);
      for (;;) { const r = await oc.tun!.next(10_000); if (r[0] >> 4 === 4 && r[9] === 1) break; }
    }
    const s = p.app.vpn!.sessions().find((x) => x.user === 'ina')!;
    const seen = { rx: s.counters.bytesRx, tx: s.counters.bytesTx };
    expect(seen.rx).toBeGreaterThanOrEqual(sent);
    // a periodic Interim-Update sent after the pings carries at least those counts
    const n = records('ina', 'Interim-Update').length;
    expect(await until(() => records('ina', 'Interim-Update').length >= n + 1, HOUR_MS * 4)).toBe(true);
    const later = records('ina', 'Interim-Update').at(-1)!;
    expect(Number(later['Acct-Input-Octets'])).toBeGreaterThanOrEqual(seen.rx);
    expect(Number(later['Acct-Output-Octets'])).toBeGreaterThanOrEqual(seen.tx);
    expect(Number(later['Acct-Input-Packets'])).toBeGreaterThanOrEqual(10);
    expect(Number(later['Acct-Session-Time'])).toBeGreaterThanOrEqual(1);
    expect(p.app.vpn!.logoff({ name: 'ina' }, 'Administrator Reset')).toBe(1);
    expect(await until(() => records('ina', 'Stop').length === 1, 10_000)).toBe(true);
    const stop = records('ina', 'Stop')[0];
    const end = /113019: Group = PER, Username = ina, .* Bytes xmt: (\d+), Bytes rcv: (\d+)/.exec(syslog())!;
    expect(stop['Acct-Input-Octets']).toBe(end[2]);
    expect(Number(later['Acct-Input-Octets'])).toBeLessThanOrEqual(Number(stop['Acct-Input-Octets']));
    // none after the Stop
    const total = records('ina').length;
    await new Promise((r) => setTimeout(r, HOUR_MS * 2));
    expect(records('ina').length).toBe(total);
  }, 90_000);

  it('without periodic: the one Interim-Update is the tunnel\'s, with its newly assigned address', async () => {
    const oc = await startOpenConnect({ url: `${p.url}/ont`, pin, user: 'ned', password: 'Ned-pw-1' });
    const ip = (await oc.waitFor(/Configured as (198\.51\.100\.\d+)/, 40_000))[1];
    expect(await until(() => records('ned', 'Interim-Update').length >= 1, 10_000)).toBe(true);
    expect(records('ned', 'Interim-Update')[0]).toMatchObject({ 'Framed-IP-Address': ip, 'Acct-Session-Id': records('ned', 'Start')[0]['Acct-Session-Id'] });
    // three "hours": no periodic record
    await new Promise((r) => setTimeout(r, HOUR_MS * 3));
    expect(records('ned', 'Interim-Update')).toHaveLength(1);
    expect(p.app.vpn!.logoff({ name: 'ned' }, 'Administrator Reset')).toBe(1);
    expect(await until(() => records('ned', 'Stop').length === 1, 10_000)).toBe(true);
  }, 90_000);
});
