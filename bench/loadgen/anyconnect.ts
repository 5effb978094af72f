// One AnyConnect client session as openconnect 9.01 (`--protocol=anyconnect --no-dtls`) runs it, over
// one TLS connection: XML `init` POST → `auth-request` → `auth-reply` (username/password, and a
// re-`init` with <group-select> when a group list is offered) → `complete` with the cookie →
// `CONNECT /CSCOSSLC/tunnel` → CSTP frames. The form is read, not assumed, so both the ASA shape (one
// form with username + password, headend) and the ocserv shape (username first, then password, with a
// `webvpncontext` cookie in between, form action /auth) work unchanged.
//
// After CONNECT the session keeps only what the keepalive ticker needs (socket, timers, a partial
// frame); the HTTP parser and the XML are dropped.
import tls from 'node:tls';

export const USER_AGENT = 'Open AnyConnect VPN Agent v9.01-3';
const VERSION = 'v9.01-3';
const CAPS = '<capabilities><auth-method>single-sign-on-v2</auth-method><auth-method>single-sign-on-external-browser</auth-method></capabilities>';

export const FRAME = { DATA: 0, DPD_REQ: 3, DPD_RESP: 4, DISCONNECT: 5, KEEPALIVE: 7, COMPRESSED: 8, TERMINATE: 9 } as const;

export interface Target {
  host: string;
  port: number;
  /** URL path of the login (a group-url), default "/" */
  path?: string;
  /** TLS SNI; none for an address */
  servername?: string;
  /** source address of the TCP connection (127.x) */
  localAddress?: string;
  /** group_list label (case-insensitive prefix, as `--authgroup`); default: the selected option */
  group?: string;
  userAgent?: string;
  /** per-step time limit */
  timeoutMs?: number;
}

export class LoadgenError extends Error {
  constructor(readonly kind: string, message: string) { super(message); }
}

const xmlEsc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const xmlUnesc = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

function attrs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(/([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out[m[1].toLowerCase()] = xmlUnesc(m[2] ?? m[3] ?? '');
  return out;
}

interface FormInput { type: string; name: string; value: string }
interface FormSelect { name: string; options: { value: string; label: string; selected: boolean }[] }
interface AuthDoc {
  type: string;
  authId: string;
  opaque: string;
  action: string | null;
  inputs: FormInput[];
  selects: FormSelect[];
  error: string | null;
  message: string;
  token: string | null;
}

/** the parts of a server config-auth document that openconnect acts on */
export function parseAuthDoc(xml: string): AuthDoc {
  const ca = /<config-auth\b([^>]*)>/.exec(xml);
  const auth = /<auth\b([^>]*)>/.exec(xml);
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/.exec(xml);
  const inputs: FormInput[] = [];
  const selects: FormSelect[] = [];
  if (form) {
    for (const m of form[2].matchAll(/<input\b([^>]*?)\/?>/g)) {
      const a = attrs(m[1]);
      if (a.name) inputs.push({ type: (a.type ?? 'text').toLowerCase(), name: a.name, value: a.value ?? '' });
    }
    for (const m of form[2].matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      const options = [...m[2].matchAll(/<option\b([^>]*)>([^<]*)<\/option>/g)].map((o) => {
        const a = attrs(o[1]);
        const label = xmlUnesc(o[2]).trim();
        return { value: a.value ?? label, label, selected: a.selected === 'true' || a.selected === 'selected' };
      });
      selects.push({ name: attrs(m[1]).name ?? '', options });
    }
  }
  const err = /<error\b([^>]*)>([^<]*)<\/error>/.exec(xml);
  let error: string | null = null;
  if (err) {
    const a = attrs(err[1]);
    error = xmlUnesc(err[2]).replace('%s', a.param1 ?? '').replace('%s', a.param2 ?? '');
  }
  return {
    type: ca ? attrs(ca[1]).type ?? '' : '',
    authId: auth ? attrs(auth[1]).id ?? '' : '',
    opaque: /<opaque is-for="sg">[\s\S]*?<\/opaque>/.exec(xml)?.[0] ?? '',
    action: form ? attrs(form[1]).action ?? null : null,
    inputs, selects, error,
    message: xmlUnesc(/<message\b[^>]*>([^<]*)<\/message>/.exec(xml)?.[1] ?? ''),
    token: /<session-token>([^<]*)<\/session-token>/.exec(xml)?.[1] ?? null,
  };
}

interface HttpReply { status: number; reason: string; headers: Map<string, string[]>; body: string }

/** Opens the TLS connection (no certificate check: the benchmark pins nothing, it measures). */
export function openTls(t: Target): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    // localAddress is handed to net.connect; @types/node leaves it out of tls.ConnectionOptions
    const s = tls.connect({
      host: t.host, port: t.port, servername: t.servername, localAddress: t.localAddress,
      rejectUnauthorized: false, minVersion: 'TLSv1.2',
    } as tls.ConnectionOptions);
    const timer = setTimeout(() => { s.destroy(); reject(new LoadgenError('tls-timeout', 'TLS handshake timed out')); }, t.timeoutMs ?? 30_000);
    s.once('secureConnect', () => { clearTimeout(timer); s.removeListener('error', onErr); resolve(s); });
    const onErr = (e: Error): void => { clearTimeout(timer); s.destroy(); reject(new LoadgenError('tls-error', e.message)); };
    s.once('error', onErr);
  });
}

/**
 * HTTP/1.1 over the kept-alive TLS socket, one request at a time, Content-Length bodies (what both
 * servers send); for CONNECT the bytes after the head are handed back as `rest` (early frames).
 */
export class HttpLink {
  private buf: Buffer = Buffer.alloc(0);
  private wake: (() => void) | null = null;
  private closed = false;
  private failure: Error | null = null;
  readonly onData = (c: Buffer): void => { this.buf = this.buf.length ? Buffer.concat([this.buf, c]) : c; this.wake?.(); };
  private readonly onClose = (): void => { this.closed = true; this.wake?.(); };
  private readonly onError = (e: Error): void => { this.failure = e; this.wake?.(); };

  constructor(readonly sock: tls.TLSSocket, private timeoutMs: number) {
    sock.on('data', this.onData);
    sock.on('close', this.onClose);
    sock.on('error', this.onError);
  }

  detach(): Buffer {
    this.sock.off('data', this.onData);
    this.sock.off('close', this.onClose);
    this.sock.off('error', this.onError);
    const rest = this.buf;
    this.buf = Buffer.alloc(0);
    return rest;
  }

  private async until<T>(get: () => T | undefined): Promise<T> {
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const v = get();
      if (v !== undefined) return v;
      if (this.failure) throw new LoadgenError('socket-error', this.failure.message);
      if (this.closed) throw new LoadgenError('closed', 'connection closed by the server');
      const left = deadline - Date.now();
      if (left <= 0) throw new LoadgenError('http-timeout', 'no HTTP response in time');
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.wake = () => { clearTimeout(t); this.wake = null; r(); };
      });
    }
  }

  async request(head: string[], body = '', connect = false): Promise<HttpReply> {
    const b = Buffer.from(body, 'utf8');
    const lines = [...head];
    if (!connect) lines.push(`Content-Length: ${b.length}`);
    this.sock.write(Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), b]));
    const end = await this.until(() => { const i = this.buf.indexOf('\r\n\r\n'); return i < 0 ? undefined : i; });
    const headLines = this.buf.subarray(0, end).toString('latin1').split('\r\n');
    const m = /^HTTP\/1\.[01] (\d{3}) ?(.*)$/.exec(headLines[0]);
    if (!m) throw new LoadgenError('bad-http', `bad status line ${JSON.stringify(headLines[0].slice(0, 80))}`);
    const headers = new Map<string, string[]>();
    for (const l of headLines.slice(1)) {
      const c = l.indexOf(':');
      if (c <= 0) continue;
      const k = l.slice(0, c).trim().toLowerCase();
      const v = l.slice(c + 1).trim();
      const list = headers.get(k);
      if (list) list.push(v); else headers.set(k, [v]);
    }
    const status = Number(m[1]);
    if (connect && status === 200) {
      this.buf = this.buf.subarray(end + 4);
      return { status, reason: m[2], headers, body: '' };
    }
    const len = Number(headers.get('content-length')?.[0] ?? 0);
    if (!Number.isFinite(len) || len < 0) throw new LoadgenError('bad-http', 'bad Content-Length');
    // a reply without a length closes the connection (ocserv's 401)
    if (!headers.has('content-length') && status !== 200) {
      this.buf = this.buf.subarray(end + 4);
      return { status, reason: m[2], headers, body: '' };
    }
    await this.until(() => (this.buf.length >= end + 4 + len ? true : undefined));
    const text = this.buf.subarray(end + 4, end + 4 + len).toString('utf8');
    this.buf = this.buf.subarray(end + 4 + len);
    return { status, reason: m[2], headers, body: text };
  }
}

export interface LoginResult {
  cookie: string;
  /** the still-open TLS connection, which openconnect reuses for CONNECT */
  sock: tls.TLSSocket;
  link: HttpLink;
  /** round trips the login took (init, re-init, replies) */
  posts: number;
}

function hostHeader(t: Target): string { return `${t.servername ?? t.host}:${t.port}`; }

function postHead(t: Target, path: string, jar: Map<string, string>): string[] {
  const h = [
    `POST ${path} HTTP/1.1`,
    `Host: ${hostHeader(t)}`,
    `User-Agent: ${t.userAgent ?? USER_AGENT}`,
    'Accept: */*',
    'Accept-Encoding: identity',
    'X-Transcend-Version: 1',
    'X-Aggregate-Auth: 1',
    'X-Support-HTTP-Auth: true',
    'Content-Type: application/xml; charset=utf-8',
  ];
  const cookies = [...jar].filter(([, v]) => v !== '').map(([k, v]) => `${k}=${v}`);
  if (cookies.length) h.push(`Cookie: ${cookies.join('; ')}`);
  return h;
}

function initXml(t: Target, groupSelect?: string): string {
  return '<?xml version="1.0" encoding="UTF-8"?>\n'
    + `<config-auth client="vpn" type="init" aggregate-auth-version="2"><version who="vpn">${VERSION}</version><device-id>linux-64</device-id>${CAPS}`
    + `<group-access>https://${xmlEsc(hostHeader(t))}${xmlEsc(t.path ?? '/')}</group-access>`
    + (groupSelect !== undefined ? `<group-select>${xmlEsc(groupSelect)}</group-select>` : '')
    + '</config-auth>';
}

function replyXml(opaque: string, fields: [string, string][], groupSelect?: string): string {
  return '<?xml version="1.0" encoding="UTF-8"?>\n'
    + `<config-auth client="vpn" type="auth-reply" aggregate-auth-version="2"><version who="vpn">${VERSION}</version><device-id>linux-64</device-id>${CAPS}`
    + opaque
    + '<auth>' + fields.map(([k, v]) => `<${k}>${xmlEsc(v)}</${k}>`).join('') + '</auth>'
    + (groupSelect !== undefined ? `<group-select>${xmlEsc(groupSelect)}</group-select>` : '')
    + '</config-auth>';
}

function absorbCookies(jar: Map<string, string>, r: HttpReply): void {
  for (const sc of r.headers.get('set-cookie') ?? []) {
    const first = sc.split(';')[0];
    const eq = first.indexOf('=');
    if (eq <= 0) continue;
    jar.set(first.slice(0, eq).trim(), first.slice(eq + 1).trim());
  }
}

/**
 * Logs in as openconnect does. Throws LoadgenError('auth-failed') when the server re-asks after the
 * password was given (ASA style) or answers 401 (ocserv style).
 */
export async function login(t: Target, user: string, password: string, reuse?: { sock: tls.TLSSocket; link: HttpLink }): Promise<LoginResult> {
  const sock = reuse?.sock ?? await openTls(t);
  const link = reuse?.link ?? new HttpLink(sock, t.timeoutMs ?? 30_000);
  try {
    const jar = new Map<string, string>();
    let path = t.path ?? '/';
    let groupSelect: string | undefined;
    let posts = 1;
    let r = await link.request(postHead(t, path, jar), initXml(t));
    let gaveUser = false;
    let gavePassword = false;
    for (let round = 0; round < 8; round++) {
      absorbCookies(jar, r);
      if (r.status === 401 || r.status === 403) throw new LoadgenError('auth-failed', `HTTP ${r.status} ${r.reason}`);
      if (r.status !== 200) throw new LoadgenError('http-status', `HTTP ${r.status} ${r.reason}`);
      const doc = parseAuthDoc(r.body);
      if (doc.type === 'complete' || doc.authId === 'success') {
        const cookie = jar.get('webvpn') || doc.token;
        if (!cookie) throw new LoadgenError('no-cookie', 'login complete without a webvpn cookie');
        return { cookie, sock, link, posts };
      }
      if (doc.type !== 'auth-request') throw new LoadgenError('bad-xml', `unexpected config-auth type ${JSON.stringify(doc.type)}`);
      if (gavePassword && (doc.error || /fail|denied|invalid/i.test(doc.message) || doc.inputs.some((i) => i.type === 'password'))) {
        throw new LoadgenError('auth-failed', doc.error ?? (doc.message || 'password asked again'));
      }
      if (gaveUser && !gavePassword && doc.error) throw new LoadgenError('auth-failed', doc.error);
      // the first group list: re-init with the choice (openconnect's "new group" round trip)
      const sel = doc.selects.find((s) => s.name === 'group_list');
      let choice: string | undefined;
      if (sel && sel.options.length) {
        const want = t.group?.toLowerCase();
        const o = want !== undefined
          ? sel.options.find((x) => x.label.toLowerCase() === want) ?? sel.options.find((x) => x.label.toLowerCase().startsWith(want))
          : sel.options.find((x) => x.selected) ?? sel.options[0];
        if (!o) throw new LoadgenError('no-group', `group ${t.group} is not offered`);
        choice = o.value;
        if (groupSelect === undefined) {
          groupSelect = choice;
          posts++;
          r = await link.request(postHead(t, path, jar), initXml(t, groupSelect));
          continue;
        }
      }
      const fields: [string, string][] = [];
      for (const i of doc.inputs) {
        if (i.type === 'submit' || i.type === 'reset') continue;
        if (i.type === 'password') { fields.push([i.name === 'answer' || i.name === 'whichpin' || i.name === 'new_password' ? 'password' : i.name, password]); gavePassword = true; }
        else if (i.type === 'text' && /user/i.test(i.name)) { fields.push([i.name, user]); gaveUser = true; }
        else fields.push([i.name, i.value]);
      }
      if (!fields.length) throw new LoadgenError('bad-form', 'auth-request without a form');
      if (doc.action) path = doc.action;
      posts++;
      r = await link.request(postHead(t, path, jar), replyXml(doc.opaque, fields, choice ?? groupSelect));
    }
    throw new LoadgenError('auth-loop', 'too many auth rounds');
  } catch (e) {
    if (!reuse) sock.destroy();
    throw e;
  }
}

export interface TunnelParams {
  address: string;
  keepaliveSec: number;
  dpdSec: number;
  mtu: number;
  /** every CONNECT reply header (not kept by a HeldTunnel) */
  headers?: Map<string, string[]>;
}

/** CONNECT on the login's connection (or a fresh one, as after a reconnect); returns the CSTP socket. */
export async function connectTunnel(t: Target, cookie: string, via?: { sock: tls.TLSSocket; link: HttpLink }, hostname = 'loadgen'):
Promise<{ sock: tls.TLSSocket; params: TunnelParams; early: Buffer }> {
  const sock = via?.sock ?? await openTls(t);
  const link = via?.link ?? new HttpLink(sock, t.timeoutMs ?? 30_000);
  try {
    const r = await link.request([
      'CONNECT /CSCOSSLC/tunnel HTTP/1.1',
      `Host: ${hostHeader(t)}`,
      `User-Agent: ${t.userAgent ?? USER_AGENT}`,
      `Cookie: webvpn=${cookie}`,
      'X-CSTP-Version: 1',
      `X-CSTP-Hostname: ${hostname}`,
      'X-CSTP-Accept-Encoding: oc-lz4,lzs',
      'X-CSTP-Base-MTU: 65535',
      'X-CSTP-MTU: 65425',
      'X-CSTP-Address-Type: IPv6,IPv4',
      'X-CSTP-Full-IPv6-Capability: true',
    ], '', true);
    if (r.status === 401) throw new LoadgenError('cookie-rejected', 'CONNECT: 401 (cookie rejected)');
    if (r.status !== 200) throw new LoadgenError('connect-status', `CONNECT: HTTP ${r.status} ${r.reason} ${r.headers.get('x-reason')?.[0] ?? ''}`.trim());
    const h = (k: string): string | undefined => r.headers.get(k)?.[0];
    const address = h('x-cstp-address') ?? h('x-cstp-address-ip6')?.split('/')[0];
    if (!address) throw new LoadgenError('no-address', 'CONNECT: no X-CSTP-Address');
    if (!h('x-cstp-mtu')) throw new LoadgenError('no-mtu', 'CONNECT: no X-CSTP-MTU');
    const early = link.detach();
    return {
      sock, early,
      params: {
        address,
        keepaliveSec: Number(h('x-cstp-keepalive') ?? 0) || 0,
        dpdSec: Number(h('x-cstp-dpd') ?? 0) || 0,
        mtu: Number(h('x-cstp-mtu')),
        headers: r.headers,
      },
    };
  } catch (e) {
    sock.destroy();
    throw e;
  }
}

export function frame(type: number, payload: Uint8Array = new Uint8Array(0)): Buffer {
  const f = Buffer.allocUnsafe(8 + payload.length);
  f[0] = 0x53; f[1] = 0x54; f[2] = 0x46; f[3] = 0x01;
  f.writeUInt16BE(payload.length, 4);
  f[6] = type;
  f[7] = 0;
  f.set(payload, 8);
  return f;
}

export type EndReason = 'server-disconnect' | 'server-terminate' | 'closed' | 'dpd-dead' | 'bad-frame' | 'logoff' | 'destroyed';

/**
 * A held CSTP tunnel. Timers are driven from outside (`tick`), so ten thousand sessions cost one
 * interval, not ten thousand. Frames go out one write at a time (openconnect and ocserv read one frame
 * per TLS record).
 */
export class HeldTunnel {
  lastTx: number;
  lastRx: number;
  dpdSentAt = 0;
  /** the DPD limit passed at the last tick */
  private suspect = false;
  ended: EndReason | null = null;
  /** set by the owner to hear about the end */
  onEnd: ((t: HeldTunnel, why: EndReason) => void) | null = null;
  /** set by the owner to see data packets (pings in tests) */
  onPacket: ((p: Buffer) => void) | null = null;
  private partial: Buffer | null = null;
  private writing = false;
  private queue: Buffer[] | null = null;
  counts = { keepalive: 0, dpdReq: 0, dpdResp: 0, rx: 0 };
  readonly params: TunnelParams;

  constructor(readonly sock: tls.TLSSocket, readonly id: number, readonly cookie: string, params: TunnelParams, early: Buffer, now = Date.now()) {
    // only what the timers need: ten thousand copies of the reply headers are not
    this.params = { address: params.address, keepaliveSec: params.keepaliveSec, dpdSec: params.dpdSec, mtu: params.mtu };
    this.lastRx = now;
    // spread the first keepalive so that sessions made in a burst do not all fire together
    this.lastTx = now - Math.floor(Math.random() * (params.keepaliveSec || 1) * 500);
    sock.on('data', (c: Buffer) => this.onData(c));
    sock.on('close', () => this.end('closed'));
    sock.on('error', () => { /* 'close' follows */ });
    if (early.length) this.onData(early);
  }

  private onData(c: Buffer): void {
    this.lastRx = Date.now();
    this.dpdSentAt = 0;
    this.suspect = false;
    let b = this.partial ? Buffer.concat([this.partial, c]) : c;
    while (b.length >= 8) {
      if (b[0] !== 0x53 || b[1] !== 0x54 || b[2] !== 0x46 || b[3] !== 0x01) { this.end('bad-frame'); this.sock.destroy(); return; }
      const len = b.readUInt16BE(4);
      if (b.length < 8 + len) break;
      const type = b[6];
      this.counts.rx++;
      if (type === FRAME.DPD_REQ) this.send(FRAME.DPD_RESP);
      else if (type === FRAME.DPD_RESP) this.counts.dpdResp++;
      else if (type === FRAME.DISCONNECT || type === FRAME.TERMINATE) {
        this.end(type === FRAME.DISCONNECT ? 'server-disconnect' : 'server-terminate');
        this.sock.end();
        return;
      } else if (type === FRAME.DATA && this.onPacket) this.onPacket(Buffer.from(b.subarray(8, 8 + len)));
      b = b.subarray(8 + len);
    }
    this.partial = b.length ? Buffer.from(b) : null;
  }

  send(type: number, payload?: Uint8Array): void {
    if (this.ended) return;
    const f = frame(type, payload);
    this.lastTx = Date.now();
    if (this.writing) { (this.queue ??= []).push(f); return; }
    this.write(f);
  }

  private write(f: Buffer): void {
    this.writing = true;
    this.sock.write(f, () => {
      this.writing = false;
      const next = this.queue?.shift();
      if (this.queue && !this.queue.length) this.queue = null;
      if (next && !this.sock.destroyed) this.write(next);
    });
  }

  /** openconnect's keepalive/DPD timers (mainloop.c keepalive_action) */
  tick(now: number): void {
    if (this.ended) return;
    const dpd = this.params.dpdSec * 1000;
    if (dpd && now - this.lastRx >= 2 * dpd) {
      // only on the second tick: after a stall of this process, timers run before the I/O that
      // arrived meanwhile, and a peer that did answer would be declared dead
      if (this.suspect) { this.end('dpd-dead'); this.sock.destroy(); return; }
      this.suspect = true;
      return;
    }
    if (dpd && now - this.lastRx >= dpd && (this.dpdSentAt === 0 || now - this.dpdSentAt >= dpd / 2)) {
      this.dpdSentAt = now;
      this.counts.dpdReq++;
      this.send(FRAME.DPD_REQ);
      return;
    }
    const ka = this.params.keepaliveSec * 1000;
    if (ka && now - this.lastTx >= ka) { this.counts.keepalive++; this.send(FRAME.KEEPALIVE); }
  }

  /** openconnect's BYE on SIGINT: DISCONNECT 0xb0 "Aborted by caller", then close */
  logoff(): Promise<void> {
    if (this.ended) return Promise.resolve();
    this.send(FRAME.DISCONNECT, Buffer.concat([Buffer.from([0xb0]), Buffer.from('Aborted by caller', 'latin1')]));
    this.end('logoff');
    return new Promise((resolve) => {
      const t = setTimeout(() => { this.sock.destroy(); resolve(); }, 3000);
      this.sock.once('close', () => { clearTimeout(t); resolve(); });
      this.sock.end();
    });
  }

  destroy(): void {
    this.end('destroyed');
    this.sock.destroy();
  }

  private end(why: EndReason): void {
    if (this.ended) return;
    this.ended = why;
    this.onEnd?.(this, why);
  }
}
