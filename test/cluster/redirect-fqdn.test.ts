// issue 15: `redirect-fqdn enable`. An ASA director sends clients the address of the member it
// picked; with `redirect-fqdn enable` it sends the member's fully qualified domain name instead, so
// that a certificate issued for the name holds on every member (Cisco ASA configuration guide,
// General VPN Parameters, "Enabling Redirection Using a Fully-qualified Domain Name": the name comes
// from a reverse DNS lookup of the member's address; an address without a name is sent as the
// address). Checked on the redirect a real HTTPS request gets from the director. The one loopback
// address with a name here is 127.0.0.1 (`localhost` in /etc/hosts), so lb1 takes it and lb2 an
// address without a name; a login at the name lb1's redirect gives reaches lb1 (the IP redirect is
// followed by openconnect in test/cluster/cluster.test.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateIdentity } from '../../src/gateway/tls.ts';
import { RedisServer, haveRedis } from '../helpers/redis.ts';
import { startHeadendNode, untilOutput, type HeadendNode } from '../helpers/headend-node.ts';
import { memberConfig } from './member-config.ts';

const NET = `127.${121 + Math.floor(Math.random() * 60)}.${Math.floor(Math.random() * 200) + 10}`;
const CLUSTER_IP = `${NET}.100`;
const PORT = 20000 + Math.floor(Math.random() * 20000);

const addr = (n: number): string => (n === 1 ? '127.0.0.1' : `${NET}.${n}`);
const config = (n: number, priority: number, redis: string): string => memberConfig({
  name: `lb${n}`, addr: addr(n), port: PORT, clusterIp: CLUSTER_IP, redis, priority, users: ['username ann password AnnPass-1'],
  global: ['domain-name example.test'], lb: ['redirect-fqdn enable'],
});

/** where the director sends a client: the Location of its answer to GET / */
function redirectOf(): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: CLUSTER_IP, port: PORT, path: '/', rejectUnauthorized: false, timeout: 5000 }, (res) => {
      res.resume();
      if (res.statusCode !== 302) reject(new Error(`status ${res.statusCode}`));
      else resolve(String(res.headers.location));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/** an AnyConnect login (aggregate auth) straight to a member: its session, without a tunnel */
function login(host: string, user: string, password: string): Promise<boolean> {
  const body = '<?xml version="1.0" encoding="UTF-8"?>\n<config-auth client="vpn" type="auth-reply" aggregate-auth-version="2">'
    + `<version who="vpn">v9.01-3</version><device-id>linux-64</device-id><auth><username>${user}</username><password>${password}</password></auth></config-auth>`;
  return new Promise((resolve, reject) => {
    const req = https.request({ host, port: PORT, path: '/', method: 'POST', rejectUnauthorized: false, timeout: 10_000,
      headers: { 'X-Aggregate-Auth': '1', 'X-Transcend-Version': '1', 'Content-Type': 'application/xml' } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => { text += d.toString(); });
      res.on('end', () => resolve(/<session-token>[0-9A-F]+<\/session-token>/.test(text)));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

async function redirects(n: number): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < n; i++) out.add(await redirectOf());
  return out;
}

describe.skipIf(!haveRedis)('redirect-fqdn enable', () => {
  let redis: RedisServer;
  let keys: string;
  const nodes: HeadendNode[] = [];

  beforeAll(async () => {
    redis = await RedisServer.start();
    keys = fs.mkdtempSync(path.join(os.tmpdir(), 'headend-fqdn-keys-'));
    loadOrCreateIdentity(keys, 'cluster');
    nodes.push(await startHeadendNode('lb1', config(1, 9, redis.url), keys, { HEADEND_CLUSTER_HEARTBEAT_MS: '300' }));
    await untilOutput(nodes[0], 'show vpn load-balancing', (o) => /^Enabled +Director /m.test(o), 15_000);
    nodes.push(await startHeadendNode('lb2', config(2, 5, redis.url), keys, { HEADEND_CLUSTER_HEARTBEAT_MS: '300' }));
    await untilOutput(nodes[0], 'show vpn load-balancing', (o) => /^Enabled +Director +n\/a +Disabled +1 /m.test(o), 15_000);
  }, 60_000);
  afterAll(async () => {
    for (const n of nodes) n.stop();
    await redis?.stop();
    if (keys) fs.rmSync(keys, { recursive: true, force: true });
  });

  it('the director sends the reverse-DNS name of a member\'s address, else the address, the member\'s port kept', async () => {
    const want = new Set([`https://localhost:${PORT}/`, `https://${NET}.2:${PORT}/`]);
    // a member publishes its name from the heartbeat after its lookup answered
    const end = Date.now() + 10_000;
    let got = new Set<string>();
    while (Date.now() < end && !isEqual(got = await redirects(4), want)) await new Promise((r) => setTimeout(r, 300));
    expect(got).toEqual(want);
    // the name leads to lb1: a login there gets a session on lb1
    expect(await login('localhost', 'ann', 'AnnPass-1')).toBe(true);
    const out = await untilOutput(nodes[0], 'show vpn-sessiondb anyconnect', (o) => /Username +: ann /.test(o), 10_000);
    expect(out).toMatch(/^Member {7}: lb1$/m);
  }, 30_000);

  it('without redirect-fqdn every member is sent by address', async () => {
    await nodes[0].con.cmd('configure terminal');
    await nodes[0].con.cmd('vpn load-balancing');
    await nodes[0].con.cmd('no redirect-fqdn enable');
    await nodes[0].con.cmd('end');
    expect(await redirects(4)).toEqual(new Set([`https://127.0.0.1:${PORT}/`, `https://${NET}.2:${PORT}/`]));
  }, 30_000);

  it('a member at its vpn-sessiondb limit is sent no more clients', async () => {
    const lb2 = nodes[1];
    await lb2.con.cmd('configure terminal');
    await lb2.con.cmd('vpn-sessiondb max-anyconnect-premium-or-essentials-limit 1');
    await lb2.con.cmd('end');
    expect(await login(`${NET}.2`, 'ann', 'AnnPass-1')).toBe(true);
    // lb2 full: 1 of 1, as the director sees it
    await untilOutput(nodes[0], 'show vpn load-balancing', (o) => new RegExp(`^ +1 +1 +100% +10000 +0 +0% +${NET.replace(/\./g, '\\.')}\\.2$`, 'm').test(o), 10_000);
    expect(await redirects(4)).toEqual(new Set([`https://127.0.0.1:${PORT}/`]));
  }, 30_000);
});

const isEqual = (a: Set<string>, b: Set<string>): boolean => a.size === b.size && [...a].every((x) => b.has(x));
