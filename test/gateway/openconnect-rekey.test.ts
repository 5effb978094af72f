// Rekey with the real client. The shortest rekey the ASA allows is one minute, and the client counts
// it itself, so this file takes about a minute; it sits alone so it runs beside the others.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { killOpenConnects, startOpenConnect } from '../helpers/openconnect.ts';
import { removeSharedDir, startGateway, stopGateways } from './harness.ts';
import { TestView } from './view-fixture.ts';
import { icmp4EchoRequest } from '../../src/gateway/icmp.ts';

afterEach(async () => {
  await killOpenConnects();
  await stopGateways();
});
afterAll(() => removeSharedDir());

describe('anyconnect ssl rekey method new-tunnel', () => {
  it('the client reconnects with its cookie and keeps its address and session', async () => {
    const view = new TestView();
    view.users.set('lee', { password: 'pw' });
    view.base = { rekeyMethod: 'new-tunnel', rekeyTimeMin: 1 };
    const t = await startGateway(view);
    const oc = await startOpenConnect({ url: t.url(), pin: t.gw.certPin(), user: 'lee', password: 'pw' });
    await oc.waitFor(/Configured as 192\.0\.2\.10/, 20_000);
    await oc.tun!.env;
    expect(oc.output).toContain('X-CSTP-Rekey-Time: 60');
    await oc.waitFor(/CSTP rekey due[\s\S]*Got CONNECT response[\s\S]*CSTP connected/, 100_000);
    await t.waitEvent('tunnel-up', (e) => e.session.tunnel?.id === '1.3', 10_000);
    const [s] = t.gw.sessions();
    expect(s).toMatchObject({ index: 1, assignedIp: '192.0.2.10', protocols: ['AnyConnect-Parent', 'SSL-Tunnel'] });
    expect(t.events.filter((e) => e.type === 'session-end')).toHaveLength(0);
    oc.tun!.send(icmp4EchoRequest('192.0.2.10', '192.0.2.1', 5, 5, Buffer.from('after rekey')));
    let r: Buffer;
    do r = await oc.tun!.next(10_000); while (r[9] !== 1);
    expect(r.subarray(28).toString()).toBe('after rekey');
  }, 130_000);
});
