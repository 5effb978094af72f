// issue 15: `cluster database rediss://HOST:PORT`, the session database over TLS. A real
// redis-server listening for TLS only (`--port 0 --tls-port N`) with a throwaway CA and certificate
// made by openssl; two members that trust the CA (NODE_EXTRA_CA_CERTS, Node's own way to add a
// private CA) share their sessions through it, and a member that does not trust it stays out (the
// certificate is verified), saying why in show vpn load-balancing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateIdentity } from '../../src/gateway/tls.ts';
import { RedisServer, haveRedis, makeTlsFiles } from '../helpers/redis.ts';
import { startHeadendNode, untilOutput, type HeadendNode } from '../helpers/headend-node.ts';
import { killOpenConnects, startOpenConnect } from '../helpers/openconnect.ts';
import { memberConfig } from './member-config.ts';

const haveOc = fs.existsSync('/usr/sbin/openconnect') || fs.existsSync('/usr/bin/openconnect');
const NET = `127.${181 + Math.floor(Math.random() * 60)}.${Math.floor(Math.random() * 200) + 10}`;
const PORT = 20000 + Math.floor(Math.random() * 20000);

const config = (n: number, priority: number, redis: string): string => memberConfig({
  name: `lb${n}`, addr: `${NET}.${n}`, port: PORT, clusterIp: `${NET}.100`, redis, priority, pool: n, users: ['username ann password AnnPass-1'],
});

describe.skipIf(!haveRedis || !haveOc)('the cluster database over TLS (rediss://)', () => {
  let redis: RedisServer;
  let tmp: string;
  let pin: string;
  const nodes: HeadendNode[] = [];

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'headend-rediss-'));
    const tls = makeTlsFiles(tmp);
    redis = await RedisServer.start({ tls });
    expect(redis.url).toMatch(/^rediss:\/\/127\.0\.0\.1:\d+$/);
    pin = loadOrCreateIdentity(tmp, 'cluster').pin;
    const env = { HEADEND_CLUSTER_HEARTBEAT_MS: '300', NODE_EXTRA_CA_CERTS: tls.ca };
    nodes.push(await startHeadendNode('lb1', config(1, 9, redis.url), tmp, env));
    nodes.push(await startHeadendNode('lb2', config(2, 5, redis.url), tmp, env));
    // the CA not trusted: the same database refused
    nodes.push(await startHeadendNode('lb3', config(3, 5, redis.url), tmp, { HEADEND_CLUSTER_HEARTBEAT_MS: '300', NODE_EXTRA_CA_CERTS: '' }));
  }, 90_000);
  afterAll(async () => {
    await killOpenConnects();
    for (const n of nodes) n.stop();
    await redis?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('members that trust the CA form the cluster over TLS and share their sessions', async () => {
    const [lb1, lb2] = nodes;
    const lb = await untilOutput(lb1, 'show vpn load-balancing', (o) => /^Enabled +Director +n\/a +Disabled +1 /m.test(o), 15_000);
    expect(lb).toMatch(new RegExp(`Cluster database: rediss://127\\.0\\.0\\.1:${redis.port} \\(reachable\\)`));
    expect(lb).not.toMatch(/ lb3 /);
    const oc = await startOpenConnect({ url: `https://${NET}.2:${PORT}/`, pin, user: 'ann', password: 'AnnPass-1' });
    await oc.waitFor(/Configured as 10\.2\.0\./, 30_000);
    // lb1 reads lb2's session from Redis, over TLS
    const view = await untilOutput(lb1, 'show vpn-sessiondb anyconnect', (o) => /^Member {7}: lb2$/m.test(o), 10_000);
    expect(view).toMatch(/^Username +: ann /m);
    expect(await lb2.con.cmd(`show vpn load-balancing`)).toMatch(/\(reachable\)/);
  }, 60_000);

  it('a member that does not trust the certificate stays out and says why, once', async () => {
    const lb3 = nodes[2];
    const out = await untilOutput(lb3, 'show vpn load-balancing', (o) => /Cluster database: rediss:.*\(unreachable/.test(o), 15_000);
    expect(out).toMatch(/\(unreachable: [^)]*(certificate|self.signed)/i);
    expect(lb3.con.output.match(/%HEADEND-4-750001: Cluster database rediss:/g)).toHaveLength(1);
    expect(await nodes[0].con.cmd('show vpn load-balancing')).not.toMatch(/ lb3 /);
  }, 30_000);
});
