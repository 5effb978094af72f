// One SSH client connection: AAA (password and keyboard-interactive, against the local user
// database, with the source checked again at each attempt), its entry in `show ssh sessions`, the
// `ssh timeout` idle timer, and the session channels.
import type { Socket } from 'node:net';
import type { AuthContext, ClientInfo, Connection } from 'ssh2';
import type { App } from '../app-types.ts';
import type { Session } from '../shell/session.ts';
import type { AuthResult } from '../aaa/types.ts';
import { sourceAllowed } from './auth.ts';
import { serveSessionChannel, type ChannelHost, type Login } from './channel.ts';
import { config as G } from '../../grammar/config.ts';
import { argDefault } from '../config/defaults.ts';

export interface ConnectionContext {
  app: App;
  /** length of one `ssh timeout` minute; tests shorten it */
  minuteMs: number;
  log(line: string): void;
}

const METHODS: ('password' | 'keyboard-interactive')[] = ['keyboard-interactive', 'password'];
/** OpenSSH's default; an ASA also drops the connection after three bad passwords */
const MAX_TRIES = 3;
const LOGIN_GRACE_MS = 120_000;
/** session channels open at once on one connection, as OpenSSH's MaxSessions (10); more are refused */
export const MAX_SESSIONS = 10;

export class SshConnection {
  private login?: Login;
  private adminId?: number;
  private tries = 0;
  private lastInput = Date.now();
  private idle?: NodeJS.Timeout;
  private grace?: NodeJS.Timeout;
  private cipher?: string;
  private readonly sessions = new Set<Session>();
  /** session channels open (MAX_SESSIONS) */
  private channels = 0;
  private ended = false;

  constructor(private readonly ctx: ConnectionContext, private readonly client: Connection, private readonly info: ClientInfo,
    private readonly socket: Socket, private readonly local: string) {
    this.grace = setTimeout(() => this.disconnect(), LOGIN_GRACE_MS);
    client.on('handshake', (n) => { this.cipher = n.cs.cipher; });
    client.on('authentication', (a) => this.authenticate(a));
    client.on('ready', () => this.ready());
    client.on('session', (accept, reject) => {
      if (!this.login) return;
      if (this.channels >= MAX_SESSIONS) { reject(); return; }
      const channel = accept();
      this.channels++;
      channel.once('close', () => { this.channels--; });
      serveSessionChannel(this.host(), channel);
    });
    client.on('request', (_accept, reject) => reject?.());
    client.on('tcpip', (_accept, reject) => reject());
    client.on('error', () => { /* a reset peer; 'close' follows */ });
    client.on('close', () => this.closed());
  }

  private get app(): App { return this.ctx.app; }

  private authenticate(a: AuthContext): void {
    if (!sourceAllowed(this.app.config.model, this.info.ip, this.local)) {
      a.reject([]);
      this.disconnect();
      return;
    }
    const check = async (password: string) => {
      let r: AuthResult;
      try {
        // the app's AAA service: the same `max-fail` table and per-source throttle as VPN and portal logins
        r = await this.app.aaa.authenticate({ user: a.username, password, service: 'ssh', source: this.info.ip });
      } catch (e) {
        r = { ok: false, reason: 'bad-password', detail: `authentication error: ${(e as Error).message}` };
      }
      if (r.ok) {
        this.login = { user: r.user, maxLevel: r.privilege, privileged: r.autoEnable };
        a.accept();
        return;
      }
      // the AAA service has logged the attempt (113015 and 611102, src/log/audit.ts)
      a.reject(METHODS);
      if (++this.tries >= MAX_TRIES) this.disconnect();
    };
    switch (a.method) {
      case 'password': void check(a.password); break;
      case 'keyboard-interactive':
        a.prompt([{ prompt: 'Password: ', echo: false }], (answers) => void check(answers[0] ?? ''));
        break;
      default: a.reject(METHODS);
    }
  }

  private ready(): void {
    clearTimeout(this.grace);
    const id = this.adminId = this.app.nextAdminId();
    this.app.admins.set(id, {
      id, user: this.login!.user, from: this.info.ip, transport: 'ssh', started: new Date(),
      cipher: this.cipher, version: '2.0', state: 'SessionStarted',
      disconnect: () => this.disconnect(),
    });
    this.armIdle();
  }

  private host(): ChannelHost {
    return { app: this.app, login: this.login!, adminId: this.adminId ?? 0, sessions: this.sessions, touch: () => { this.lastInput = Date.now(); } };
  }

  private timeoutMs(): number {
    const min = this.app.config.model.global.get(G.sshTimeout)?.args.MINUTES ?? argDefault(G.sshTimeout, 'MINUTES');
    return min * this.ctx.minuteMs;
  }

  /** fires at the deadline the last input implies; input since then only moves the deadline */
  armIdle(): void {
    clearTimeout(this.idle);
    if (this.ended) return;
    const left = this.lastInput + this.timeoutMs() - Date.now();
    if (left <= 0) { this.disconnect(); return; }
    this.idle = setTimeout(() => this.armIdle(), left);
  }

  disconnect(): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.idle);
    clearTimeout(this.grace);
    for (const s of [...this.sessions]) s.close();
    this.client.end();
    // a peer that ignores our close must not keep its slot
    setTimeout(() => this.closed(true), 2000).unref();
  }

  private closed(force = false): void {
    this.ended = true;
    clearTimeout(this.idle);
    clearTimeout(this.grace);
    for (const s of [...this.sessions]) s.close();
    if (this.adminId !== undefined) this.app.admins.delete(this.adminId);
    if (force) this.socket.destroy();
  }
}
