// The product in-process for gateway reliability tests: a HeadendApp booted from a generated
// running-config, with the gateway started exactly as the daemon starts it (gateway-service.ts), so
// logins go through the config view, the `max-fail` lockout and the apply path. Plus raw TLS
// helpers for hand-made abuse and the load generator of bench/loadgen.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { HeadendApp } from '../../src/app.ts';
import { startGateway } from '../../src/gateway-service.ts';
import type { Gateway } from '../../src/gateway/gateway.ts';
import { freePort } from '../../bench/loadgen/servers.ts';

export { LoadGen, bounded, login, connectTunnel, HeldTunnel, LoadgenError, type Target } from '../../bench/loadgen/index.ts';
export { openTls, FRAME } from '../../bench/loadgen/anyconnect.ts';
export { freePort };

export interface Product {
  app: HeadendApp;
  gateway: Gateway;
  port: number;
  dir: string;
  /** runs configuration lines as a paste into (config)#; resolves with the lines printed (errors) */
  configure(lines: string[]): Promise<string[]>;
  stop(): Promise<void>;
}

/** the running-config of a product test: `outside` on 127.0.0.1, webvpn on `port`, then `extra` */
export function productConfig(port: number, extra: string[]): string {
  return [
    'hostname headend',
    'interface GigabitEthernet0/0',
    ' nameif outside',
    ' security-level 0',
    ' ip address 127.0.0.1 255.0.0.0',
    '!',
    'username admin password adminpw privilege 15',
    // the audit messages in the log file (and on the console, which startProduct silences)
    'logging enable',
    'logging console debugging',
    'logging buffered debugging',
    // in ASA's order: a global `webvpn` after a group-policy's ` webvpn` sub-block would be taken
    // as that sub-block again, on an ASA as here (indentation is not syntax)
    'webvpn',
    ` port ${port}`,
    ' enable outside',
    ' anyconnect enable',
    ...extra,
    '',
  ].join('\n');
}

const live = new Set<Product>();

export async function startProduct(extra: string[]): Promise<Product> {
  const dir = mkdtempSync(join(tmpdir(), 'headend-rel-'));
  const port = await freePort();
  const cfg = join(dir, 'boot.cfg');
  writeFileSync(cfg, productConfig(port, extra));
  const app = new HeadendApp({ stateDir: dir, configFile: cfg, console: () => {} });
  const boot = await app.boot();
  if (boot.errors.length) throw new Error(`boot: ${boot.errors.join('\n')}`);
  const svc = await startGateway(app, () => {});
  const p: Product = {
    app, gateway: svc.gateway, port, dir,
    configure: async (lines) => (await app.loadText(lines.join('\n'), 'test')).errors,
    stop: async () => {
      live.delete(p);
      await svc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  live.add(p);
  return p;
}

export async function stopProducts(): Promise<void> {
  for (const p of [...live]) await p.stop();
}

/** A raw TLS connection that collects what the server sends and notices the close. */
export class RawTls {
  data = Buffer.alloc(0);
  closed = false;
  private waiters: (() => void)[] = [];

  private constructor(readonly sock: tls.TLSSocket) {
    sock.on('data', (c: Buffer) => { this.data = Buffer.concat([this.data, c]); this.wake(); });
    sock.on('close', () => { this.closed = true; this.wake(); });
    sock.on('error', () => { /* close follows */ });
  }

  private wake(): void { for (const w of [...this.waiters]) w(); }

  static open(port: number, host = '127.0.0.1'): Promise<RawTls> {
    return new Promise((resolve, reject) => {
      const s = tls.connect({ host, port, rejectUnauthorized: false }, () => resolve(new RawTls(s)));
      s.once('error', reject);
    });
  }

  get text(): string { return this.data.toString('latin1'); }

  /** resolves when `pred` holds (checked on every event), rejects after `ms` */
  until(pred: () => boolean, ms: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => { if (pred()) { done(); resolve(); } };
      const t = setTimeout(() => { done(); reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.text.slice(0, 300))}, closed=${this.closed}`)); }, ms);
      const done = (): void => { clearTimeout(t); this.waiters = this.waiters.filter((w) => w !== check); };
      this.waiters.push(check);
      check();
    });
  }

  /** the status code of the first complete response head */
  status(): number | undefined {
    const m = /^HTTP\/1\.1 (\d{3})/.exec(this.text);
    return m && this.text.includes('\r\n\r\n') ? Number(m[1]) : undefined;
  }

  write(s: string | Buffer): void { this.sock.write(s); }
  destroy(): void { this.sock.destroy(); }
}

export const AGG_HEADERS = 'X-Aggregate-Auth: 1\r\nX-Transcend-Version: 1\r\nContent-Type: application/xml; charset=utf-8\r\n';

/** one POST / with `body` on a fresh connection; resolves with the status and the connection */
export async function post(port: number, body: string | Buffer, extraHead = ''): Promise<{ status: number | undefined; conn: RawTls }> {
  const c = await RawTls.open(port);
  const b = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  c.write(Buffer.concat([Buffer.from(`POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n${AGG_HEADERS}${extraHead}Content-Length: ${b.length}\r\n\r\n`, 'latin1'), b]));
  await c.until(() => c.status() !== undefined || c.closed, 20_000, 'a response');
  return { status: c.status(), conn: c };
}
