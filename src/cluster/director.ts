// The director's listener on the cluster address. An ASA director answers an AnyConnect (SSL)
// client with an HTTP redirect to the public address of the least-loaded member, and the client
// logs in and connects there. openconnect follows a 3xx to an https:// URL on another host: it
// drops the connection and its cookies, connects to the new host and sends the same request again
// (http.c handle_redirect, REDIR_TYPE_NEWHOST). The listener serves the gateway's certificate, which
// the members share, so the client's pin holds on every host it is sent to.
import type https from 'node:https';
import type { Socket } from 'node:net';
import { createHttpsServer, type HttpRequest, type HttpResponse } from '../gateway/http.ts';
import { tlsServerOptions, type TlsIdentity } from '../gateway/tls.ts';

export interface RedirectTarget { host: string; port: number }

export class DirectorListener {
  private server: https.Server | null = null;
  private sockets = new Set<Socket>();
  /** clients sent away, for `show vpn load-balancing` and the bench */
  redirects = 0;

  constructor(private readonly identity: () => TlsIdentity, private readonly pick: () => RedirectTarget | null) {}

  get listening(): boolean { return !!this.server; }

  private answer(req: HttpRequest): HttpResponse {
    const t = this.pick();
    if (!t) return { status: 503, headers: [['Content-Type', 'text/plain']], body: 'No cluster member can take a session\n', close: true };
    this.redirects++;
    const host = t.host.includes(':') ? `[${t.host}]` : t.host;
    const target = req.target.startsWith('/') ? req.target : '/';
    return { status: 302, reason: 'Found', headers: [['Location', `https://${host}${t.port === 443 ? '' : `:${t.port}`}${target}`], ['Cache-Control', 'no-store']], close: true };
  }

  /** resolves with an error text, or null when listening */
  open(address: string, port: number): Promise<string | null> {
    if (this.server) return Promise.resolve(null);
    const server = createHttpsServer(tlsServerOptions(this.identity()), async (req) => this.answer(req), { maxBody: 64 * 1024, maxHeader: 16 * 1024, idleMs: 10_000 });
    server.on('secureConnection', (s: Socket) => { this.sockets.add(s); s.on('close', () => this.sockets.delete(s)); });
    server.on('tlsClientError', (_e, s) => s.destroy());
    return new Promise((resolve) => {
      server.once('error', (e: Error) => { server.close(); resolve(e.message); });
      server.listen(port, address, () => { this.server = server; resolve(null); });
    });
  }

  close(): void {
    this.server?.close();
    this.server = null;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }
}
