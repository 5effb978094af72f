// ASA-style syslog messages for logins, failures, lockouts and VPN sessions, and the one logger the
// app creates: every message goes to the console (stderr, one line each, as the other `%ASA-…` lines)
// and to the log file `<state-dir>/log/headend.log` (appended, written 0600, rotated to
// `headend.log.1` … `.3` past `maxBytes`). Message ids and texts are those of the Cisco ASA Series
// Syslog Messages guide. Every field a peer chose (usernames above all) is passed through
// escapeText here, and each whole line once more, so no peer text can start a forged line.
import { closeSync, existsSync, fchmodSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { escapeText } from '../text/escape.ts';
import type { LoggingSettings } from '../config/logging.ts';
import { argDefault } from '../config/defaults.ts';
import { logging as L } from '../../grammar/logging.ts';

/** syslog severities, as `logging console LEVEL` names them */
export const SEVERITY = { emergencies: 0, alerts: 1, critical: 2, errors: 3, warnings: 4, notifications: 5, informational: 6, debugging: 7 } as const;

export interface SyslogMessage { id: number; level: number; text: string }

/** a peer's text, escaped and cut to MAX_FIELD characters (a 64 KB username must not fill the log) */
export const MAX_FIELD = 256;
const e = (t: string): string => {
  const x = escapeText(t.length > MAX_FIELD ? t.slice(0, MAX_FIELD) : t);
  return t.length > MAX_FIELD ? `${x}...` : x;
};
const msg = (level: number, id: number, text: string): SyslogMessage => ({ id, level, text });

/** `%ASA-6-113012: …` — the line without a timestamp, as the console shows it */
export const formatMessage = (m: SyslogMessage): string => escapeText(`%ASA-${m.level}-${m.id}: ${m.text}`);

/** 0h:05m:12s, as 113019 prints a duration */
export function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 3600)}h:${String(Math.floor(s / 60) % 60).padStart(2, '0')}m:${String(s % 60).padStart(2, '0')}s`;
}

/** the messages headend sends, by ASA id */
export const M = {
  /** local database accepted the user */
  authOk: (user: string) => msg(6, 113012, `AAA user authentication Successful : local database : user = ${e(user)}`),
  /** local database refused the user */
  authRejected: (reason: string, user: string, ip: string) =>
    msg(6, 113015, `AAA user authentication Rejected : reason = ${e(reason)} : local database : user = ${e(user)} : user IP = ${e(ip)}`),
  /** a server group accepted the user */
  serverAuthOk: (server: string, user: string) => msg(6, 113004, `AAA user authentication Successful : server = ${e(server)} : user = ${e(user)}`),
  serverFailed: (protocol: string, host: string, group: string) => msg(3, 113022, `AAA Marking ${protocol.toUpperCase()} server ${e(host)} in aaa-server group ${e(group)} as FAILED`),
  serverActive: (protocol: string, host: string, group: string) => msg(3, 113023, `AAA Marking ${protocol.toUpperCase()} server ${e(host)} in aaa-server group ${e(group)} as ACTIVE`),
  /** headend's own: an ASA shows a dropped reply only under `debug radius`; 113099 is outside the ids ASA uses */
  serverBadReply: (host: string, why: string, detail: string) => msg(4, 113099, `AAA dropped a reply from server ${e(host)}: ${e(why)}: ${e(detail)}`),
  /** an ldaps server's certificate did not verify (Cisco ASA Series Syslog Messages, 717009; the reason is OpenSSL's words) */
  certValidationFailed: (reason: string) => msg(3, 717009, `Certificate validation failed. Reason: ${e(reason)}.`),
  /** a server group (not the local database) refused or could not be asked */
  serverRejected: (reason: string, server: string, user: string, ip: string) =>
    msg(6, 113005, `AAA user authentication Rejected : reason = ${e(reason)} : server = ${e(server)} : user = ${e(user)} : user IP = ${e(ip)}`),
  /** the authorization-server-group answered for an authenticated user (113004 and 113005 have an authorization form) */
  serverAuthzOk: (server: string, user: string) => msg(6, 113004, `AAA user authorization Successful : server = ${e(server)} : user = ${e(user)}`),
  serverAuthzRejected: (reason: string, server: string, user: string, ip: string) =>
    msg(6, 113005, `AAA user authorization Rejected : reason = ${e(reason)} : server = ${e(server)} : user = ${e(user)} : user IP = ${e(ip)}`),
  /** the group-policy an AAA server gave */
  groupPolicySet: (user: string, gp: string) => msg(6, 113003, `AAA group policy for user ${e(user)} is being set to ${e(gp)}`),
  lockedOut: (user: string, attempts: number) =>
    msg(6, 113006, `User '${e(user)}' locked out on exceeding '${attempts}' successive failed authentication attempts`),
  sessionDisconnected: (o: { tunnelGroup: string; user: string; ip: string; type: string; durationMs: number; xmt: number; rcv: number; reason: string }) =>
    msg(4, 113019, `Group = ${e(o.tunnelGroup)}, Username = ${e(o.user)}, IP = ${e(o.ip)}, Session disconnected. Session Type: ${o.type}, Duration: ${duration(o.durationMs)}, Bytes xmt: ${o.xmt}, Bytes rcv: ${o.rcv}, Reason: ${e(o.reason)}`),
  webvpnStarted: (group: string, user: string, ip: string) => msg(6, 716001, `Group <${e(group)}> User <${e(user)}> IP <${e(ip)}> WebVPN session started.`),
  webvpnTerminated: (group: string, user: string, ip: string, reason: string) =>
    msg(6, 716002, `Group <${e(group)}> User <${e(user)}> IP <${e(ip)}> WebVPN session terminated: ${e(reason)}.`),
  /** a login past `vpn-sessiondb max-anyconnect-premium-or-essentials-limit` (or the platform's) */
  sessionLimit: (group: string, user: string, ip: string, limit: number) =>
    msg(4, 716023, `Group <${e(group)}> User <${e(user)}> IP <${e(ip)}> Session could not be established: session limit of ${limit} reached.`),
  webvpnAuthRejected: (group: string, user: string, ip: string) =>
    msg(6, 716039, `Group <${e(group)}> User <${e(user)}> IP <${e(ip)}> Authentication: rejected, Session Type: WebVPN.`),
  svcEstablished: (group: string, user: string, ip: string, compressed: boolean) =>
    msg(6, 722022, `Group <${e(group)}> User <${e(user)}> IP <${e(ip)}> TCP SVC connection established ${compressed ? 'with' : 'without'} compression`),
  svcTerminated: (group: string, user: string, ip: string, compressed: boolean) =>
    msg(6, 722023, `Group <${e(group)}> User <${e(user)}> IP <${e(ip)}> TCP SVC connection terminated ${compressed ? 'with' : 'without'} compression`),
  /** a management (SSH) login */
  shellAuthOk: (ip: string, user: string) => msg(6, 611101, `User authentication succeeded: IP address: ${e(ip)}, Uname: ${e(user)}`),
  shellAuthFailed: (ip: string, user: string) => msg(6, 611102, `User authentication failed: IP address: ${e(ip)}, Uname: ${e(user)}`),
  commandExecuted: (user: string, command: string) => msg(5, 111008, `User '${e(user)}' executed the '${e(command)}' command.`),
};

/** what a service may ask of the logger */
export interface AuditLog { log(m: SyslogMessage): void }

/** and the shell: `show logging`, `clear logging buffer` */
export interface SyslogService extends AuditLog { state(): LogState; clearBuffer(): void }

export interface SyslogOptions {
  /** the folder of headend.log; none: console only */
  dir?: string;
  /** one console line; default stderr */
  console?: (line: string) => void;
  /** the file is rotated once it would grow past this (bytes) */
  maxBytes?: number;
  /** rotated files kept: headend.log.1 (newest) … headend.log.N */
  keep?: number;
  /**
   * the `logging` commands of the running-config, read on every message (src/config/logging.ts);
   * none: every message to the console and the file (a logger without a configuration, in tests)
   */
  settings?: () => LoggingSettings;
}

/** what `show logging` reports: the buffer's lines, oldest first, and each destination's count */
export interface LogState {
  settings: LoggingSettings;
  buffer: string[];
  counts: { console: number; buffered: number; trap: number };
}

export const LOG_FILE = 'headend.log';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number): string => String(n).padStart(2, '0');
/** `Dec 01 2026 21:37:35`, as `logging timestamp` prints it */
export const timestamp = (d: Date): string =>
  `${MONTHS[d.getMonth()]} ${p2(d.getDate())} ${d.getFullYear()} ${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}`;

/** a logger without a configuration: everything everywhere, the buffer at the grammar's default size */
const ALL: LoggingSettings = { enabled: true, timestamp: false, bufferSize: argDefault(L.bufferSize, 'BYTES'), console: 7, buffered: 7, trap: 7 };

export class Syslog implements SyslogService {
  console: (line: string) => void;
  readonly file?: string;
  private fd: number | null = null;
  private size = 0;
  /** the internal buffer (`logging buffered`): the newest lines, `logging buffer-size` bytes at most */
  private buffer: string[] = [];
  private bufferBytes = 0;
  private readonly counts = { console: 0, buffered: 0, trap: 0 };
  private readonly maxBytes: number;
  private readonly keep: number;

  constructor(private readonly o: SyslogOptions = {}) {
    this.console = o.console ?? ((l) => process.stderr.write(l + '\n'));
    this.file = o.dir ? join(o.dir, LOG_FILE) : undefined;
    this.maxBytes = o.maxBytes ?? 1024 * 1024;
    this.keep = Math.max(1, o.keep ?? 3);
  }

  /**
   * As an ASA: nothing without `logging enable`; the console (`logging console LEVEL`) and the buffer
   * (`logging buffered LEVEL`, shown by `show logging`) each take the messages up to their level, with
   * the timestamp when `logging timestamp` is set. The file is the buffer's durable copy: the
   * buffered messages, always timestamped. `logging trap LEVEL` counts what would go to syslog
   * servers (`logging host` lines are kept verbatim: headend sends no syslog packets).
   */
  log(m: SyslogMessage): void {
    const s = this.o.settings?.() ?? ALL;
    if (!s.enabled) return;
    const line = formatMessage(m);
    const stamped = `${timestamp(new Date())}: ${line}`;
    if (s.console !== undefined && m.level <= s.console) {
      this.counts.console++;
      try { this.console(s.timestamp ? stamped : line); } catch { /* a closed console must not stop the file */ }
    }
    if (s.buffered !== undefined && m.level <= s.buffered) {
      this.counts.buffered++;
      this.toBuffer(s.timestamp ? stamped : line, s.bufferSize);
      if (this.file) this.append(stamped + '\n');
    }
    if (s.trap !== undefined && m.level <= s.trap) this.counts.trap++;
  }

  /** `show logging` */
  state(): LogState {
    const s = this.o.settings?.() ?? ALL;
    this.trim(s.bufferSize);
    return { settings: s, buffer: [...this.buffer], counts: { ...this.counts } };
  }

  /** `clear logging buffer` */
  clearBuffer(): void { this.buffer = []; this.bufferBytes = 0; }

  private toBuffer(line: string, max: number): void {
    this.buffer.push(line);
    this.bufferBytes += line.length + 1;
    this.trim(max);
  }

  /** a circular buffer of `max` bytes: the oldest lines go first (a smaller buffer-size applies at once) */
  private trim(max: number): void {
    let drop = 0;
    while (this.bufferBytes > max && drop < this.buffer.length) this.bufferBytes -= this.buffer[drop++].length + 1;
    if (drop) this.buffer.splice(0, drop);
  }

  close(): void {
    if (this.fd !== null) { try { closeSync(this.fd); } catch { /* already closed */ } this.fd = null; }
  }

  private open(): number {
    if (this.fd !== null) return this.fd;
    mkdirSync(this.o.dir!, { recursive: true, mode: 0o700 });
    const fd = openSync(this.file!, 'a', 0o600);
    // a file made earlier with a wider mode is narrowed
    fchmodSync(fd, 0o600);
    this.size = fstatSync(fd).size;
    this.fd = fd;
    return fd;
  }

  private append(text: string): void {
    try {
      const buf = Buffer.from(text, 'utf8');
      let fd = this.open();
      if (this.size > 0 && this.size + buf.length > this.maxBytes) { this.rotate(); fd = this.open(); }
      writeSync(fd, buf);
      this.size += buf.length;
    } catch (err) {
      // the log must never take a login down with it
      try { this.console(escapeText(`%HEADEND-3-LOG: cannot write ${this.file}: ${(err as Error).message}`)); } catch { /* nothing left */ }
    }
  }

  /** headend.log → .1 → .2 …; the oldest beyond `keep` is removed */
  private rotate(): void {
    this.close();
    const f = this.file!;
    const oldest = `${f}.${this.keep}`;
    if (existsSync(oldest)) rmSync(oldest, { force: true });
    for (let i = this.keep - 1; i >= 1; i--) if (existsSync(`${f}.${i}`)) renameSync(`${f}.${i}`, `${f}.${i + 1}`);
    renameSync(f, `${f}.1`);
  }
}
