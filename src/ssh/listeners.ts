// One TCP listener per interface address that an `ssh` rule names. Sources outside the rules are
// dropped at accept, before the SSH handshake, so they never see a banner or a password prompt.
// Closing a listener stops new connections only: accepted sockets belong to their SSH sessions.
import { createServer, type Server, type Socket } from 'node:net';

export interface ListenerHooks {
  /** may this socket go on to the SSH handshake? */
  admit(socket: Socket): boolean;
  /** an admitted socket, with the interface address it arrived on */
  accept(socket: Socket, address: string): void;
  log(line: string): void;
}

export class SshListeners {
  private readonly open = new Map<string, Server>();
  private readonly failed = new Set<string>();

  constructor(private readonly port: number, private readonly hooks: ListenerHooks) {}

  addresses(): string[] { return [...this.open.keys()]; }

  /** open what `want` has and we lack, close what we have and `want` lacks */
  reconcile(want: string[]): void {
    const wanted = new Set(want);
    for (const [addr, srv] of this.open) {
      if (!wanted.has(addr)) { this.open.delete(addr); srv.close(); }
    }
    for (const addr of this.failed) if (!wanted.has(addr)) this.failed.delete(addr);
    for (const addr of wanted) if (!this.open.has(addr)) this.listen(addr);
  }

  private listen(addr: string): void {
    const srv = createServer({ noDelay: true }, (socket) => {
      if (!this.hooks.admit(socket)) { socket.destroy(); return; }
      this.hooks.accept(socket, addr);
    });
    this.open.set(addr, srv);
    srv.on('error', (e: NodeJS.ErrnoException) => {
      if (this.open.get(addr) === srv) this.open.delete(addr);
      // one warning per address until it works again or stops being wanted: a config change retries
      if (!this.failed.has(addr)) this.hooks.log(`WARNING: SSH cannot listen on ${addr} port ${this.port}: ${e.code ?? e.message}`);
      this.failed.add(addr);
    });
    srv.on('listening', () => this.failed.delete(addr));
    srv.listen({ port: this.port, host: addr, exclusive: true });
  }

  /** stop accepting; sockets already accepted are ended by their connections' owner */
  close(): void {
    for (const s of this.open.values()) s.close();
    this.open.clear();
    this.failed.clear();
  }
}
