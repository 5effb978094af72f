// A small HTTP/1.1 server loop over one TLS socket. The AnyConnect client keeps one connection for its
// auth POSTs, any profile GET and finally CONNECT, after which the same socket carries CSTP frames, so
// the request parser must be able to hand the raw socket (and any bytes already read) to the tunnel.
// node:https cannot do that cleanly for CONNECT on a kept-alive TLS connection, hence this file.
import type { TLSSocket } from 'node:tls';

export interface HttpRequest {
  method: string;
  /** request target as sent */
  target: string;
  /** path without the query, percent-decoding left to the caller */
  path: string;
  /** lower-cased names; repeated headers joined with ", " (Cookie with "; ") */
  headers: Record<string, string>;
  body: Buffer;
}

export interface HttpResponse {
  status: number;
  reason?: string;
  headers?: [string, string][];
  body?: Buffer | string;
  /** close the connection after this response */
  close?: boolean;
}

/** A handler answers with a response, or with 'taken' when it has taken the socket (CONNECT). */
export type HttpHandler = (req: HttpRequest, conn: HttpConnection) => Promise<HttpResponse | 'taken'>;

export interface HttpLimits {
  maxBody: number;
  maxHeader: number;
  /** an idle keep-alive connection is closed after this long */
  idleMs: number;
  /**
   * a request (head and body) must arrive within this long of its first byte, or the connection
   * gets 408 and is closed: a client dribbling its headers (slowloris) never lets `idleMs` expire
   */
  requestMs?: number;
}

/** the default of HttpLimits.requestMs */
export const REQUEST_TIMEOUT_MS = 10_000;
/** how long a connection we answered with an error may stay open before it is destroyed */
const FAIL_LINGER_MS = 2000;

const REASONS: Record<number, string> = {
  200: 'OK', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 408: 'Request Timeout', 411: 'Length Required', 413: 'Request Entity Too Large',
  431: 'Request Header Fields Too Large', 500: 'Internal Server Error', 501: 'Not Implemented',
  503: 'Service Unavailable',
};

export function renderResponse(r: HttpResponse): Buffer {
  const body = r.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body, 'utf8');
  const lines = [`HTTP/1.1 ${r.status} ${r.reason ?? REASONS[r.status] ?? 'Unknown'}`];
  for (const [k, v] of r.headers ?? []) {
    if (/[\r\n]/.test(k + v)) throw new Error(`header ${k} contains a line break`);
    lines.push(`${k}: ${v}`);
  }
  // Every response carries a length: openconnect cannot read an HTTP/1.0-style body on a kept-alive connection.
  lines.push(`Content-Length: ${body.length}`);
  if (r.close) lines.push('Connection: close');
  return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), body]);
}

export class HttpConnection {
  private buf: Buffer = Buffer.alloc(0);
  private busy = false;
  private taken = false;
  /** runs from the first byte of a request until it is complete */
  private requestTimer: NodeJS.Timeout | null = null;
  private readonly onData = (c: Buffer): void => {
    this.buf = Buffer.concat([this.buf, c]);
    if (!this.requestTimer && !this.busy && !this.taken) {
      this.requestTimer = setTimeout(() => { this.requestTimer = null; if (!this.busy) this.fail(408); }, this.limits.requestMs ?? REQUEST_TIMEOUT_MS);
      this.requestTimer.unref();
    }
    this.pump();
  };

  constructor(readonly socket: TLSSocket, private handler: HttpHandler, private limits: HttpLimits) {
    socket.setTimeout(limits.idleMs, () => { if (!this.taken) socket.destroy(); });
    socket.on('data', this.onData);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.stopRequestTimer());
  }

  private stopRequestTimer(): void {
    if (this.requestTimer) { clearTimeout(this.requestTimer); this.requestTimer = null; }
  }

  /** Detaches the HTTP parser; returns bytes received after the current request (early CSTP frames). */
  takeOver(): Buffer {
    this.taken = true;
    this.stopRequestTimer();
    this.socket.off('data', this.onData);
    this.socket.setTimeout(0);
    const rest = this.buf;
    this.buf = Buffer.alloc(0);
    return rest;
  }

  private fail(status: number): void {
    if (this.taken) return;
    this.taken = true;
    this.stopRequestTimer();
    this.socket.off('data', this.onData);
    this.socket.end(renderResponse({ status, close: true }));
    // a peer that never reads or closes must not keep the socket
    setTimeout(() => this.socket.destroy(), FAIL_LINGER_MS).unref();
  }

  private pump(): void {
    if (this.busy || this.taken) return;
    const end = this.buf.indexOf('\r\n\r\n');
    if (end < 0) {
      if (this.buf.length > this.limits.maxHeader) this.fail(431);
      return;
    }
    if (end > this.limits.maxHeader) { this.fail(431); return; }
    const head = this.buf.subarray(0, end).toString('latin1').split('\r\n');
    const [method, target, version] = head[0].split(' ');
    if (!method || !target || !/^HTTP\/1\.[01]$/.test(version ?? '')) { this.fail(400); return; }
    const headers: Record<string, string> = {};
    for (const line of head.slice(1)) {
      const colon = line.indexOf(':');
      if (colon <= 0) { this.fail(400); return; }
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = name in headers ? headers[name] + (name === 'cookie' ? '; ' : ', ') + value : value;
    }
    if (headers['transfer-encoding']) { this.fail(411); return; }
    // digits only (RFC 9110): Number() would also take "1e3", "0x10" or "+5"
    const cl = headers['content-length'] ?? '0';
    if (method !== 'CONNECT' && !/^\d{1,15}$/.test(cl)) { this.fail(400); return; }
    const len = method === 'CONNECT' ? 0 : Number(cl);
    if (len > this.limits.maxBody) { this.fail(413); return; }
    if (this.buf.length < end + 4 + len) return;
    const body = Buffer.from(this.buf.subarray(end + 4, end + 4 + len));
    this.buf = this.buf.subarray(end + 4 + len);
    this.stopRequestTimer();
    const q = target.indexOf('?');
    const req: HttpRequest = { method, target, path: q < 0 ? target : target.slice(0, q), headers, body };
    this.busy = true;
    this.handler(req, this).then((res) => {
      this.busy = false;
      if (res === 'taken') return;
      if (this.socket.destroyed) return;
      const wire = renderResponse(res);
      if (res.close || headers['connection']?.toLowerCase() === 'close') { this.taken = true; this.socket.end(wire); return; }
      this.socket.write(wire);
      // bytes of the next request that came while this one was handled start its clock now
      if (this.buf.length && !this.requestTimer) this.onData(Buffer.alloc(0));
      else this.pump();
    }, () => {
      this.busy = false;
      this.fail(500);
    });
  }
}
