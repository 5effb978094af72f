// AAA tests: one booted HeadendApp with the gateway, SSH, both or neither (each started as the
// daemon starts it), VPN logins through the load generator's AnyConnect client, SSH logins through
// ssh2, and a console session for `show aaa local user`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadendApp } from '../../src/app.ts';
import { startGateway } from '../../src/gateway-service.ts';
import { startSsh } from '../../src/ssh/server.ts';
import { freePort } from '../../bench/loadgen/net.ts';
import { login, LoadgenError } from '../../bench/loadgen/index.ts';
import { connect } from '../helpers/ssh-inproc.ts';
import { Shell } from '../shell/helpers.ts';

export const OUTSIDE = '127.43.0.1';
export const INSIDE = '127.44.0.1';

export interface Headend {
  app: HeadendApp;
  vpnPort: number;
  sshPort: number;
  logs: string[];
  stopSsh(): Promise<void>;
  stop(): Promise<void>;
}

const live = new Set<Headend>();

export function aaaConfig(vpnPort: number, extra: string[] = []): string {
  return [
    'hostname headend',
    'interface GigabitEthernet0/0',
    ' nameif outside',
    ' security-level 0',
    ` ip address ${OUTSIDE} 255.255.0.0`,
    '!',
    'interface GigabitEthernet0/1',
    ' nameif inside',
    ' security-level 100',
    ` ip address ${INSIDE} 255.255.0.0`,
    '!',
    'enable password enpass',
    'username admin password adminpw privilege 15',
    'username op password oppass privilege 5',
    'aaa authentication ssh console LOCAL',
    // the audit messages on the console and in the buffer (and so the log file), as an ASA is told
    'logging enable',
    'logging console debugging',
    'logging buffered debugging',
    'ssh 127.0.0.0 255.0.0.0 inside',
    // in ASA's order: webvpn before the group-policies (a `webvpn` typed in a group-policy's
    // attributes is that group-policy's webvpn sub-mode, on an ASA as here)
    'webvpn',
    ` port ${vpnPort}`,
    ' enable outside',
    ' anyconnect enable',
    ...extra,
    'group-policy DfltGrpPolicy attributes',
    ' vpn-tunnel-protocol ssl-client',
    '',
  ].join('\n');
}

export async function startHeadend(o: { gateway: boolean; ssh: boolean; extra?: string[] }): Promise<Headend> {
  const dir = mkdtempSync(join(tmpdir(), 'headend-aaa-'));
  const vpnPort = await freePort(OUTSIDE);
  const sshPort = await freePort(INSIDE);
  const cfg = join(dir, 'boot.cfg');
  writeFileSync(cfg, aaaConfig(vpnPort, o.extra));
  // the app's syslog console (AAA messages) and the services' lines, in one list
  const logs: string[] = [];
  const app = new HeadendApp({ stateDir: dir, configFile: cfg, console: (l) => logs.push(l) });
  const boot = await app.boot();
  if (boot.errors.length) throw new Error(`boot: ${boot.errors.join('\n')}`);
  const gw = o.gateway ? await startGateway(app, (l) => logs.push(l)) : undefined;
  let ssh = o.ssh ? startSsh(app, { port: sshPort, log: (l) => logs.push(l) }) : undefined;
  const h: Headend = {
    app, vpnPort, sshPort, logs,
    stopSsh: async () => { await ssh?.stop(); ssh = undefined; },
    stop: async () => {
      live.delete(h);
      await ssh?.stop();
      await gw?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  live.add(h);
  return h;
}

export async function stopAll(): Promise<void> {
  for (const h of [...live]) await h.stop();
}

/** an AnyConnect login from `from` (a 127.x address): true when it got a cookie, false when refused */
export async function vpnLogin(h: Headend, user: string, password: string, from = '127.43.0.9'): Promise<boolean> {
  try {
    const r = await login({ host: OUTSIDE, port: h.vpnPort, localAddress: from, timeoutMs: 20_000 }, user, password);
    r.sock.destroy();
    return true;
  } catch (e) {
    if (e instanceof LoadgenError && e.kind === 'auth-failed') return false;
    throw e;
  }
}

/** an SSH password login from `from`: true when it was accepted, false when refused */
export async function sshLogin(h: Headend, user: string, password: string, from = '127.44.0.9'): Promise<boolean> {
  try {
    const c = await connect({ port: h.sshPort, addr: INSIDE }, { user, password, from });
    c.end();
    return true;
  } catch (e) {
    if (/authentication methods failed/.test((e as Error).message)) return false;
    throw e;
  }
}

/** a portal (browser) login from `from`: true when it was let in (303 to the portal), false when refused */
export function portalLogin(h: Headend, user: string, password: string, from = '127.43.0.9'): Promise<boolean> {
  const body = new URLSearchParams({ username: user, password }).toString();
  return new Promise((resolve, reject) => {
    const req = https.request({
      host: OUTSIDE, port: h.vpnPort, localAddress: from, method: 'POST', path: '/+webvpn+/index.html', rejectUnauthorized: false, agent: false, timeout: 10_000,
      headers: {
        'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
        'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)),
      },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 303));
    });
    req.on('timeout', () => req.destroy(new Error('portal request timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

/** `show aaa local user` on a console session: user → [failures, locked] */
export async function lockoutTable(h: Headend): Promise<Map<string, { failures: number; locked: boolean }>> {
  const out = await new Shell(h.app).run('show aaa local user');
  const rows = new Map<string, { failures: number; locked: boolean }>();
  for (const l of out.slice(1)) {
    const m = /^-\s+(\d+)\s+([YN])\s+(\S+)$/.exec(l);
    if (!m) throw new Error(`unexpected show aaa local user line: ${JSON.stringify(l)}`);
    rows.set(m[3], { failures: Number(m[1]), locked: m[2] === 'Y' });
  }
  return rows;
}
