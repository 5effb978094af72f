// Transfers for `copy http://... disk0:/x` and `copy disk0:/x http://...`.
//
// Certificate checks are skipped only for loopback hosts: lab and test
// servers there use self-signed certificates, while a remote server with a
// bad certificate is exactly what the check is for.

import type http from 'node:http';
import { lazyBuiltin } from '../lazy-builtin.ts';
import net from 'node:net';

const httpLib = lazyBuiltin<typeof import('node:http')>('node:http');
const httpsLib = lazyBuiltin<typeof import('node:https')>('node:https');

export interface UrlOptions {
  /** Whole-transfer inactivity timeout. Default 30 s. */
  timeoutMs?: number;
  /** fetchUrl only: refuse bodies larger than this. Default 512 MiB. */
  maxBytes?: number;
  /**
   * fetchUrl only: follow a redirect to another host (scheme, host and port). Default true (a
   * level-15 admin); `copy` below level 15 passes false and such a redirect fails.
   */
  crossHostRedirects?: boolean;
}

export class UrlError extends Error {
  constructor(
    message: string,
    readonly url: string,
    /** HTTP status when the server answered with a non-2xx. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'UrlError';
  }
}

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  if (net.isIPv6(h)) return h === '::1' || /^::ffff:127\./.test(h);
  return false;
}

function parse(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UrlError(`invalid URL ${url}`, url);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UrlError(`unsupported protocol ${u.protocol}`, url);
  return u;
}

function request(
  u: URL,
  method: string,
  body: Uint8Array | undefined,
  opts: UrlOptions,
): Promise<http.IncomingMessage> {
  const lib = u.protocol === 'https:' ? httpsLib() : httpLib();
  const headers: http.OutgoingHttpHeaders = body ? { 'content-length': body.byteLength, 'content-type': 'application/octet-stream' } : {};
  return new Promise((resolve, reject) => {
    const req = lib.request(u, { method, headers, rejectUnauthorized: !isLoopbackHost(u.hostname) }, resolve);
    req.setTimeout(opts.timeoutMs ?? 30_000, () => req.destroy(new UrlError(`timeout talking to ${u.host}`, u.href)));
    req.on('error', (err) => reject(err instanceof UrlError ? err : new UrlError(`${u.href}: ${err.message}`, u.href)));
    req.end(body);
  });
}

function statusError(u: URL, res: http.IncomingMessage): UrlError {
  res.resume();
  return new UrlError(`${u.href}: HTTP ${res.statusCode} ${res.statusMessage ?? ''}`.trim(), u.href, res.statusCode);
}

/** GET a http(s) URL into memory, following up to 5 redirects. */
export async function fetchUrl(url: string, opts: UrlOptions = {}): Promise<Buffer> {
  const maxBytes = opts.maxBytes ?? 512 * 1024 * 1024;
  let u = parse(url);
  for (let hops = 0; ; hops++) {
    const res = await request(u, 'GET', undefined, opts);
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location && hops < 5) {
      res.resume();
      const next = parse(new URL(res.headers.location, u).href);
      if (opts.crossHostRedirects === false && next.origin !== u.origin) {
        throw new UrlError(`%Error reading ${url} (Redirected to another host)`, url, status);
      }
      u = next;
      continue;
    }
    if (status < 200 || status >= 300) throw statusError(u, res);
    const declared = Number(res.headers['content-length']);
    if (declared > maxBytes) {
      res.destroy();
      throw new UrlError(`${u.href}: ${declared} bytes exceeds the ${maxBytes}-byte limit`, u.href);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of res as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBytes) {
          res.destroy();
          throw new UrlError(`${u.href}: body exceeds the ${maxBytes}-byte limit`, u.href);
        }
        chunks.push(chunk);
      }
    } catch (err) {
      throw err instanceof UrlError ? err : new UrlError(`${u.href}: ${(err as Error).message}`, u.href);
    }
    // A connection cut mid-body must not yield a truncated file on flash.
    if (!res.complete) throw new UrlError(`${u.href}: connection closed before the whole body arrived`, u.href);
    return Buffer.concat(chunks);
  }
}

/** HTTP PUT `data` to a http(s) URL; any 2xx is success. Redirects are not followed. */
export async function putUrl(url: string, data: Uint8Array | string, opts: UrlOptions = {}): Promise<void> {
  const u = parse(url);
  const body = typeof data === 'string' ? Buffer.from(data) : data;
  const res = await request(u, 'PUT', body, opts);
  const status = res.statusCode ?? 0;
  if (status < 200 || status >= 300) throw statusError(u, res);
  res.resume();
}
