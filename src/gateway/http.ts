// HTTP/1.1 on the gateway's TLS listeners, on node's own server (llhttp). The AnyConnect client keeps
// one connection for its auth POSTs, any profile GET and finally CONNECT, after which the same socket
// carries CSTP frames: node's `connect` event hands over the socket and the bytes that came right
// behind the request head, on a kept-alive connection as on a fresh one. Browsers use the same
// listeners for the portal.
//
// What is ours on top of node's server:
// - one request at a time per connection: the next request of a pipelining client is handled only
//   when the previous reply has been handed to the socket (and the socket drained), so a peer that
//   never reads holds one reply, not one per request it sent. Node alone does not do that: it
//   parses whatever arrives and pauses the socket only when replies already written pile up in it,
//   so with async handlers it starts one per pipelined request (10 MB of GETs never read: 1,213
//   handlers, then an HPE_PAUSED parse error). A connection with more than `maxQueued` requests
//   waiting is closed, so what a peer can park is bounded whatever it sends.
// - bodies: a declared Content-Length over `maxBody` gets 413 before a byte of it is read, a chunked
//   body 411, and a body is read whole (it is small XML or a form) before the handler runs.
// - the error answers node makes for a request it cannot parse (400, 431) or that came too slowly
//   (408, `headersTimeout`/`requestTimeout`: a slowloris never lets the idle timer expire), written
//   with a length and `Connection: close`, the socket destroyed shortly after if the peer never reads.
// - HTTP/1.0 and 1.1 only, with a Host on 1.1 (else 400, with a length: node's own 400 for a missing
//   Host is chunked); HEAD gets the GET's headers and length, no body.
// - streamed bodies (client packages): read in chunks with backpressure, never whole in memory.
import https from 'node:https';
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { TLSSocket, TlsOptions } from 'node:tls';

export interface HttpRequest {
  method: string;
  /** request target as sent */
  target: string;
  /** path without the query, percent-decoding left to the caller */
  path: string;
  /** lower-cased names; repeated headers joined with ", " (Cookie with "; "), as node joins them */
  headers: Record<string, string>;
  body: Buffer;
}

/** A body sent from a stream with backpressure (a client package from the flash): exactly `length` bytes. */
export interface StreamBody {
  length: number;
  /** opened only when the body is really sent (not for HEAD); a rejection answers 404 */
  open(): Promise<Readable>;
}

export interface HttpResponse {
  status: number;
  reason?: string;
  headers?: [string, string][];
  /** for HEAD the body is not sent, but its length is */
  body?: Buffer | string | StreamBody;
  /** close the connection after this response */
  close?: boolean;
}

/** The connection a request came on. */
export interface HttpExchange {
  readonly socket: TLSSocket;
  /**
   * CONNECT only: ends HTTP on the socket (timeouts off) and returns the bytes that arrived behind
   * the request head (early CSTP frames). The handler then answers 'taken'.
   */
  takeOver(): Buffer;
}

/** A handler answers with a response, or with 'taken' when it has taken the socket (CONNECT). */
export type HttpHandler = (req: HttpRequest, conn: HttpExchange) => Promise<HttpResponse | 'taken'>;

export interface HttpLimits {
  maxBody: number;
  maxHeader: number;
  /** an idle keep-alive connection, or one that moves no byte, is closed after this long */
  idleMs: number;
  /**
   * a request (head and body) must arrive within this long of its first byte, or the connection
   * gets 408 and is closed: a client dribbling its headers (slowloris) never lets `idleMs` expire
   */
  requestMs?: number;
  /** requests waiting on one connection (pipelined behind an unsent reply) before it is closed */
  maxQueued?: number;
}

/** the default of HttpLimits.requestMs */
export const REQUEST_TIMEOUT_MS = 10_000;
/** the default of HttpLimits.maxQueued */
export const MAX_QUEUED = 32;
/** how long a connection we answered with an error may stay open before it is destroyed */
const FAIL_LINGER_MS = 2000;

/** reason phrases as the gateway has always sent them (node's table says "Payload Too Large" for 413) */
const REASONS: Record<number, string> = {
  200: 'OK', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 408: 'Request Timeout', 411: 'Length Required', 413: 'Request Entity Too Large',
  431: 'Request Header Fields Too Large', 500: 'Internal Server Error', 501: 'Not Implemented',
  503: 'Service Unavailable',
};
const reason = (r: HttpResponse): string => r.reason ?? REASONS[r.status] ?? STATUS_CODES[r.status] ?? 'Unknown';

/** A whole response as bytes, for the answers written to the socket itself (outside node's response objects). */
export function renderResponse(r: HttpResponse): Buffer {
  const body = r.body === undefined ? Buffer.alloc(0) : typeof r.body === 'string' ? Buffer.from(r.body, 'utf8') : Buffer.isBuffer(r.body) ? r.body : Buffer.alloc(0);
  const lines = [`HTTP/1.1 ${r.status} ${reason(r)}`];
  for (const [k, v] of r.headers ?? []) {
    if (/[\r\n]/.test(k + v)) throw new Error(`header ${k} contains a line break`);
    lines.push(`${k}: ${v}`);
  }
  // Every response carries a length: openconnect cannot read an HTTP/1.0-style body on a kept-alive connection.
  lines.push(`Content-Length: ${body.length}`);
  if (r.close) lines.push('Connection: close');
  return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), body]);
}

/** what we keep per connection */
interface Conn {
  /** requests parsed and not yet answered (the one being handled included) */
  queued: number;
  /** the requests of this connection, one after the other */
  chain: Promise<void>;
  /** a handler runs or a reply is being written: an error answer now would land inside it */
  answering: boolean;
  /** answered with an error; nothing more is written */
  failed: boolean;
}

/**
 * An HTTPS server with the gateway's limits: `tls` are the listener's TLS options (tls.ts), every
 * request and CONNECT goes to `handler`, one at a time per connection.
 */
export function createHttpsServer(tls: TlsOptions, handler: HttpHandler, limits: HttpLimits): https.Server {
  const requestMs = limits.requestMs ?? REQUEST_TIMEOUT_MS;
  const maxQueued = limits.maxQueued ?? MAX_QUEUED;
  const server = https.createServer({
    ...tls,
    maxHeaderSize: limits.maxHeader,
    requireHostHeader: false,
    // the request timers are checked this often (node's default is 30 s)
    connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(requestMs / 4))),
  });
  server.requestTimeout = requestMs;
  server.headersTimeout = requestMs;
  server.keepAliveTimeout = limits.idleMs;
  server.timeout = limits.idleMs;

  const conns = new WeakMap<Socket, Conn>();
  const conn = (s: Socket): Conn => {
    let c = conns.get(s);
    if (!c) { c = { queued: 0, chain: Promise.resolve(), answering: false, failed: false }; conns.set(s, c); }
    return c;
  };
  const enqueue = (socket: Socket, job: (c: Conn) => Promise<void>): void => {
    const c = conn(socket);
    if (c.queued >= maxQueued) { socket.destroy(); return; }
    c.queued++;
    c.chain = c.chain
      .then(() => (socket.destroyed || c.failed ? undefined : job(c)))
      .catch(() => { socket.destroy(); })
      .finally(() => { c.queued--; c.answering = false; });
  };
  const fail = (socket: Socket, c: Conn, status: number): void => {
    if (c.failed) return;
    c.failed = true;
    if (c.answering || !socket.writable) { socket.destroy(); return; }
    socket.end(renderResponse({ status, close: true }));
    // a peer that never reads or closes must not keep the socket
    setTimeout(() => socket.destroy(), FAIL_LINGER_MS).unref();
  };

  // the socket outlives node's HTTP handling after CONNECT: its errors must never go unheard
  server.on('secureConnection', (s: TLSSocket) => s.on('error', () => s.destroy()));

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    enqueue(req.socket, (c) => serve(req, res, c));
  });

  server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    enqueue(socket, async (c) => {
      c.answering = true;
      const s = socket as TLSSocket;
      let taken = false;
      const exchange: HttpExchange = { socket: s, takeOver: () => { taken = true; s.setTimeout(0); return head; } };
      let out: HttpResponse | 'taken';
      try {
        out = await handler(toRequest(req, Buffer.alloc(0)), exchange);
      } catch {
        out = { status: 500 };
      }
      if (out === 'taken') { if (!taken) socket.destroy(); return; }
      // after CONNECT node no longer parses this socket: any answer but the tunnel ends the connection
      c.failed = true;
      let wire: Buffer;
      try { wire = renderResponse({ ...out, close: true }); } catch { wire = renderResponse({ status: 500, close: true }); }
      socket.setTimeout(0);
      socket.end(wire);
      setTimeout(() => socket.destroy(), FAIL_LINGER_MS).unref();
    });
  });

  // node's parse errors and request timeouts
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    const c = conn(socket);
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code?.startsWith('HPE_') ? 400 : 0;
    if (!status) { socket.destroy(); return; }
    fail(socket, c, status);
  });

  async function serve(req: IncomingMessage, res: ServerResponse, c: Conn): Promise<void> {
    const socket = req.socket as TLSSocket;
    const answer = (r: HttpResponse): Promise<void> => send(req, res, r, c);
    // HTTP/1.0 and 1.1 only (llhttp also takes "HTTP/2.0" in a request line); 1.1 names its Host
    // (RFC 9112 3.2). Ours rather than node's requireHostHeader, whose 400 has no length.
    if (req.httpVersionMajor !== 1 || (req.httpVersionMinor === 1 && req.headers.host === undefined)) return answer({ status: 400, close: true });
    if (req.headers['transfer-encoding'] !== undefined) return answer({ status: 411, close: true });
    if (Number(req.headers['content-length'] ?? 0) > limits.maxBody) return answer({ status: 413, close: true });
    let body: Buffer;
    try {
      body = await readBody(req, limits.maxBody);
    } catch {
      return; // the peer went away, or a timeout answered 408
    }
    if (socket.destroyed || c.failed) return;
    c.answering = true;
    let out: HttpResponse | 'taken';
    try {
      out = await handler(toRequest(req, body), { socket, takeOver: () => { throw new Error('takeOver() is for CONNECT'); } });
    } catch {
      out = { status: 500, close: true };
    }
    // only CONNECT can hand the socket over
    if (out === 'taken') out = { status: 500, close: true };
    return answer(out);
  }

  return server;
}

function toRequest(req: IncomingMessage, body: Buffer): HttpRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  const target = req.url ?? '/';
  const q = target.indexOf('?');
  return { method: req.method ?? '', target, path: q < 0 ? target : target.slice(0, q), headers, body };
}

/** the request body, whole; rejects when the peer goes away (or a timeout ends the request) first */
function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (req.complete && req.readableEnded) { resolve(Buffer.alloc(0)); return; }
    const chunks: Buffer[] = [];
    let n = 0;
    req.on('data', (c: Buffer) => {
      n += c.length;
      if (n > max) { req.destroy(); reject(new Error('body too large')); return; }
      chunks.push(c);
    });
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
    req.once('close', () => { if (!req.complete) reject(new Error('request aborted')); });
  });
}

/** Writes `r` on `res`; resolves when the reply has left for the socket and the socket has drained. */
async function send(req: IncomingMessage, res: ServerResponse, r: HttpResponse, c: Conn): Promise<void> {
  const socket = req.socket;
  c.answering = true;
  const head = req.method === 'HEAD';
  const b = r.body;
  const bytes = b === undefined ? Buffer.alloc(0) : typeof b === 'string' ? Buffer.from(b, 'utf8') : Buffer.isBuffer(b) ? b : undefined;
  const stream = bytes === undefined ? (b as StreamBody) : undefined;
  const length = bytes ? bytes.length : stream!.length;
  let source: Readable | undefined;
  if (stream && !head && length > 0) {
    try {
      source = await stream.open();
    } catch {
      return send(req, res, { status: 404, headers: [['Content-Type', 'text/plain; charset=utf-8']], body: 'Not Found\n' }, c);
    }
    if (socket.destroyed) { source.destroy(); return; }
  }
  const flat: string[] = [];
  for (const [k, v] of r.headers ?? []) flat.push(k, v);
  flat.push('Content-Length', String(length));
  if (r.close) flat.push('Connection', 'close');
  let broken = false;
  try {
    res.writeHead(r.status, reason(r), flat);
  } catch {
    // a header value with a line break, or a status out of range: a bug of ours, not the peer's
    broken = true;
    source?.destroy();
    source = undefined;
    res.writeHead(500, ['Content-Length', '0', 'Connection', 'close']);
  }
  if ((r.close && r.status >= 400) || broken) setTimeout(() => socket.destroy(), FAIL_LINGER_MS).unref();
  const done = new Promise<void>((resolve) => res.once('close', () => resolve()));
  if (!source) {
    res.end(head || broken ? undefined : bytes);
  } else {
    let sent = 0;
    source.on('data', (d: Buffer) => { sent += d.length; });
    try {
      await pipeline(source, res);
    } catch {
      socket.destroy();
    }
    // a file that shrank after its length was sent: the peer must not wait for the missing bytes
    if (sent !== length) socket.destroy();
  }
  await done;
  if (socket.writableNeedDrain && !socket.destroyed) {
    await new Promise<void>((resolve) => { socket.once('drain', resolve); socket.once('close', resolve); });
  }
}
