import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchUrl, putUrl, isLoopbackHost, UrlError } from '../../src/store/index.ts';
import { tempDir } from './helpers.ts';

const files = new Map<string, Buffer>();

function handler(req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = req.url ?? '/';
  if (url === '/moved') {
    res.writeHead(302, { location: '/files/a.bin' }).end();
  } else if (url === '/cut') {
    res.writeHead(200, { 'content-length': '1000' });
    res.write('partial');
    setTimeout(() => res.destroy(), 20);
  } else if (req.method === 'PUT') {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      files.set(url, Buffer.concat(chunks));
      res.writeHead(201).end();
    });
  } else if (files.has(url)) {
    res.writeHead(200).end(files.get(url));
  } else {
    res.writeHead(404).end('not found');
  }
}

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('fetchUrl / putUrl over http', () => {
  it('puts then gets the same bytes', async () => {
    const data = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 256));
    await putUrl(`${base}/files/a.bin`, data);
    expect(files.get('/files/a.bin')).toEqual(data);
    expect(await fetchUrl(`${base}/files/a.bin`)).toEqual(data);
  });

  it('follows redirects', async () => {
    files.set('/files/a.bin', Buffer.from('hello'));
    expect((await fetchUrl(`${base}/moved`)).toString()).toBe('hello');
  });

  it('reports HTTP errors, truncated bodies, size limits and bad URLs', async () => {
    await expect(fetchUrl(`${base}/missing`)).rejects.toMatchObject({ name: 'UrlError', status: 404 });
    await expect(fetchUrl(`${base}/cut`)).rejects.toBeInstanceOf(UrlError);
    files.set('/big', Buffer.alloc(100));
    await expect(fetchUrl(`${base}/big`, { maxBytes: 10 })).rejects.toThrow(/limit/);
    await expect(fetchUrl('tftp://10.0.0.1/x')).rejects.toThrow(/unsupported protocol/);
    await expect(fetchUrl('not a url')).rejects.toThrow(/invalid URL/);
  });
});

describe('https to loopback', () => {
  let hasOpenssl = true;
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
  } catch {
    hasOpenssl = false;
  }

  it.skipIf(!hasOpenssl)('accepts a self-signed certificate on 127.0.0.1', async () => {
    const dir = tempDir();
    const key = path.join(dir, 'k.pem');
    const cert = path.join(dir, 'c.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-subj', '/CN=localhost', '-days', '1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
    const tls = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, handler);
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r));
    try {
      const url = `https://127.0.0.1:${(tls.address() as AddressInfo).port}/files/tls.txt`;
      await putUrl(url, 'over tls');
      expect((await fetchUrl(url)).toString()).toBe('over tls');
    } finally {
      await new Promise<void>((r) => tls.close(() => r()));
    }
  });
});

describe('isLoopbackHost', () => {
  it('knows loopback from the rest', () => {
    for (const h of ['localhost', '127.0.0.1', '127.9.9.9', '[::1]', '::1']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['10.0.0.1', 'example.com', '[2001:db8::1]', '128.0.0.1']) expect(isLoopbackHost(h)).toBe(false);
  });
});
