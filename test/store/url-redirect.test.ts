// `copy http(s)://` redirects (issue 11, point 15): a level-15 admin's copy follows a redirect to
// another host; below 15 (crossHostRedirects: false) it fails ASA-style, while a redirect on the
// same host (scheme, host and port) is still followed. Two HTTP servers on loopback.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchUrl, UrlError } from '../../src/store/index.ts';

let a: http.Server;
let b: http.Server;
let baseA: string;
let baseB: string;

beforeAll(async () => {
  b = http.createServer((req, res) => {
    if (req.url === '/evil.cfg') res.writeHead(200).end('username evil password x privilege 15\n');
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => b.listen(0, '127.0.0.1', r));
  baseB = `http://127.0.0.1:${(b.address() as AddressInfo).port}`;
  a = http.createServer((req, res) => {
    if (req.url === '/away') res.writeHead(302, { location: `${baseB}/evil.cfg` }).end();
    else if (req.url === '/here') res.writeHead(301, { location: '/ok.cfg' }).end();
    else if (req.url === '/ok.cfg') res.writeHead(200).end('hostname ok\n');
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => a.listen(0, '127.0.0.1', r));
  baseA = `http://127.0.0.1:${(a.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => a.close(r));
  await new Promise((r) => b.close(r));
});

describe('fetchUrl redirects by caller level', () => {
  it('below level 15 a redirect to another host (another port on the same address) fails', async () => {
    const err = await fetchUrl(`${baseA}/away`, { crossHostRedirects: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UrlError);
    expect((err as Error).message).toBe(`%Error reading ${baseA}/away (Redirected to another host)`);
  });

  it('below level 15 a redirect on the same host is followed', async () => {
    expect((await fetchUrl(`${baseA}/here`, { crossHostRedirects: false })).toString()).toBe('hostname ok\n');
  });

  it('at level 15 (the default) a redirect to another host is followed', async () => {
    expect((await fetchUrl(`${baseA}/away`)).toString()).toContain('username evil');
    expect((await fetchUrl(`${baseA}/away`, { crossHostRedirects: true })).toString()).toContain('username evil');
  });
});
