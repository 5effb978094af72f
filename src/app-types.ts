// What a shell session may ask of the process it runs in. Sessions see these narrow services,
// never the gateway's or the SSH server's internals.
import type { RunningConfigOwner } from './config/running.ts';
import type { Identity } from './config/render.ts';
import type { AuthRequest, AuthResult } from './aaa/types.ts';
// The gateway declares what it offers (records, not texts); this file names it, never the reverse.
import type { VpnService } from './gateway/api.ts';
import type { ClusterService } from './cluster/api.ts';
import type { SyslogService } from './log/syslog.ts';

export type { VpnService, ClusterService };

export interface AdminSessionInfo {
  id: number;
  user: string;
  from: string;
  transport: 'console' | 'ssh';
  started: Date;
  /** how an SSH session is ended by `ssh disconnect` */
  disconnect?: () => void;
  cipher?: string;
  version?: string;
  state?: string;
}

export interface FlashService {
  list(dir: string): { name: string; size: number; mtime: Date; isDir: boolean }[];
  exists(path: string): boolean;
  read(path: string): Buffer;
  write(path: string, data: Buffer): void;
  delete(path: string): void;
  totalBytes(): number;
  freeBytes(): number;
}

export interface StartupService {
  read(): string | null;
  write(text: string): { bytes: number; seconds: number };
  erase(): void;
}

export interface LocalAuthService {
  lockedUsers(): { user: string; failures: number; locked: boolean }[];
  clearLockout(user?: string): number;
}

/** every password check (SSH, VPN, portal, `enable`): the app's one AAA service (src/aaa/) */
export interface AuthService {
  authenticate(req: AuthRequest): Promise<AuthResult>;
}

/** one host of an AAA server group as `show aaa-server` reports it */
export interface AaaServerRecord {
  group: string;
  protocol: string;
  /** the resolved address of a host configured by name (`hostname`); the configured address otherwise */
  address: string;
  /** the host's name, when it was configured by one */
  hostname?: string;
  port: number;
  status: 'ACTIVE' | 'FAILED';
  /** ACTIVE: the last answer; FAILED: when it was marked FAILED */
  since?: Date;
  pending: number;
  averageRttMs: number;
  authRequests: number; authzRequests: number; acctRequests: number; retransmissions: number;
  accepts: number; rejects: number; challenges: number; malformed: number; badAuthenticators: number;
  timeouts: number; unrecognized: number;
}

export type AaaTestResult =
  | { result: 'accepted' }
  | { result: 'rejected'; message?: string }
  | { result: 'challenged'; message: string }
  | { result: 'timeout' }
  /** the host was FAILED: not asked, made ACTIVE again for the next test */
  | { result: 'removed' }
  | { result: 'no-group' } | { result: 'no-host' } | { result: 'unsupported'; protocol: string };

/** `show aaa-server`, `test aaa-server authentication` */
export interface AaaServerService {
  records(group?: string): AaaServerRecord[];
  /** the host's timeout, for the INFO line before the test */
  hostTimeoutSec(group: string, host: string): number | undefined;
  /** the hosts of `group` (or every group) configured by name, looked up (each within its timeout) */
  resolveNames(group?: string): Promise<void>;
  /** the address of a host of `group`, its name looked up; undefined for no such host or no address */
  hostAddress(group: string, host: string): Promise<string | undefined>;
  test(group: string, host: string, user: string, password: string): Promise<AaaTestResult>;
}

export interface TranslationService {
  list(): { templates: string[]; tables: { lang: string; domain: string }[] };
  exportTable(domain: string, lang: string | undefined, url: string): Promise<number>;
  importTable(domain: string, lang: string, url: string): Promise<void>;
  revert(domain: string, lang: string): boolean;
}

export interface App {
  config: RunningConfigOwner;
  identity(): Identity;
  bootTime: Date;
  bootConfigSource: string;
  flash: FlashService;
  startup: StartupService;
  /** admin sessions, console and SSH, for `show ssh sessions` and `who` */
  admins: Map<number, AdminSessionInfo>;
  nextAdminId(): number;
  vpn?: VpnService;
  /** the load-balancing cluster this node takes part in (src/cluster/); absent without one */
  cluster?: ClusterService;
  aaa: AuthService;
  /** the `max-fail` failure table of `aaa`, whichever network services run */
  localAuth: LocalAuthService;
  /** the configured RADIUS and LDAP servers of `aaa` */
  aaaServers: AaaServerService;
  translations?: TranslationService;
  /** ASA-style syslog messages: the console and the log file */
  syslog: SyslogService;
  sshFingerprint?: () => string;
  /** `reload`: restart the configuration from startup (the process keeps running) */
  reload(): void;
  /** load configuration text into the running-config as a paste would */
  /** configuration text as a paste into `(config)#`, run on `by`'s behalf at `level` (default 15) */
  loadText(text: string, by: string, level?: number): Promise<{ errors: string[]; passthrough: number }>;
  /** crossHostRedirects false: a redirect to another host fails (callers below level 15) */
  fetchUrl(url: string, opts?: { crossHostRedirects?: boolean }): Promise<Buffer>;
  putUrl(url: string, data: Buffer): Promise<void>;
}
