// The SSH server: follows the running-config's `ssh` rules and interface addresses, admits
// sources by those rules, and hands each client to an SshConnection. Every channel gets its own
// CLI Session on the one shared app, so a change by one admin is what the next line of another sees.
import type { Socket } from 'node:net';
import ssh2 from 'ssh2';
import type { App } from '../app-types.ts';
import type { ChangeEvent } from '../config/apply.ts';
import type { Keys } from '../store/index.ts';
import { listenAddresses, sourceAllowed } from './auth.ts';
import { SshConnection } from './connection.ts';
import { loadOrCreateHostKey } from './host-key.ts';
import { SshListeners } from './listeners.ts';
import { escapeText } from '../text/escape.ts';

export interface SshOptions {
  port: number;
  /** length of an `ssh timeout` minute (tests shorten it) */
  minuteMs?: number;
  log?: (line: string) => void;
}

export interface SshHandle {
  fingerprint: string;
  /** addresses being listened on now */
  addresses(): string[];
  stop(): Promise<void>;
}

/** what an ASA 9.x sends as its SSH version string */
const IDENT = 'Cisco-1.25';
/** an ASA's SSH ciphers and MACs (no chacha20, no etm): `show ssh sessions` names one of these */
const ALGORITHMS = {
  cipher: ['aes256-ctr', 'aes192-ctr', 'aes128-ctr', 'aes256-gcm@openssh.com', 'aes128-gcm@openssh.com'],
  hmac: ['hmac-sha2-256', 'hmac-sha2-512', 'hmac-sha1'],
  // no `zlib`: it inflates what an unauthenticated peer sends; `zlib@openssh.com` starts only after
  // a successful login (OpenSSH's server offers the same two since 7.4)
  compress: ['none', 'zlib@openssh.com'],
} as ssh2.Algorithms;
/**
 * connections not yet logged in, at most; one more is closed at once, before a byte of SSH. OpenSSH's
 * MaxStartups 10:30:100 starts dropping at 10 and drops all at 100; a hard 30 bounds memory while 20
 * automation jobs can still log in at the same moment (test/ssh/concurrent.test.ts)
 */
export const MAX_STARTUPS = 30;
const RELEVANT = new Set<ChangeEvent['section']>(['ssh', 'interface', 'global']);

export function startSsh(app: App & { store: { keys: Keys } }, o: SshOptions): SshHandle {
  // every console line passes escapeText: whatever peer text a line carries stays on that one line
  const sink = o.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const log = (l: string): void => sink(escapeText(l));
  const key = loadOrCreateHostKey(app.store.keys);
  app.sshFingerprint = () => key.fingerprint;
  // logins are the app's AAA service's (app.aaa), which outlives this server
  const ctx = { app, minuteMs: o.minuteMs ?? 60_000, log };
  const live = new Set<SshConnection>();
  /** sockets accepted and not yet logged in (MAX_STARTUPS) */
  const preauth = new Set<Socket>();

  // one ssh2 server per interface address, so a client knows which interface it arrived on
  const servers = new Map<string, { srv: ssh2.Server; pending: Map<string, Socket> }>();
  const serverFor = (address: string) => {
    let s = servers.get(address);
    if (s) return s;
    const pending = new Map<string, Socket>();
    const srv = new ssh2.Server({ hostKeys: [key.openssh], ident: IDENT, algorithms: ALGORITHMS }, (client, info) => {
      const k = `${info.ip}:${info.port}`;
      const socket = pending.get(k);
      pending.delete(k);
      if (!socket) { client.end(); return; }
      const c = new SshConnection(ctx, client, info, socket, address);
      client.once('ready', () => preauth.delete(socket));
      live.add(c);
      client.on('close', () => live.delete(c));
    });
    srv.on('error', () => { /* per-connection errors are the connection's */ });
    s = { srv, pending };
    servers.set(address, s);
    return s;
  };

  const listeners = new SshListeners(o.port, {
    admit: (sock) => !!sock.remoteAddress && !!sock.localAddress && sourceAllowed(app.config.model, sock.remoteAddress, sock.localAddress),
    accept: (sock, address) => {
      if (preauth.size >= MAX_STARTUPS) { sock.destroy(); return; }
      preauth.add(sock);
      sock.once('close', () => preauth.delete(sock));
      const { srv, pending } = serverFor(address);
      const k = `${sock.remoteAddress}:${sock.remotePort}`;
      pending.set(k, sock);
      sock.once('close', () => { if (pending.get(k) === sock) pending.delete(k); });
      srv.injectSocket(sock);
    },
    log,
  });
  listeners.reconcile(listenAddresses(app.config.model));

  const off = app.config.onChange((ev) => {
    if (RELEVANT.has(ev.section)) listeners.reconcile(listenAddresses(app.config.model));
    // a shorter `ssh timeout` applies to sessions already idle
    if (ev.section === 'ssh' || ev.section === 'global') for (const c of live) c.armIdle();
  });

  return {
    fingerprint: key.fingerprint,
    addresses: () => listeners.addresses(),
    stop: async () => {
      off();
      listeners.close();
      for (const c of live) c.disconnect();
      app.sshFingerprint = undefined;
    },
  };
}
