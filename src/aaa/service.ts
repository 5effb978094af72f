// The one AAA service of the process, created by the app whatever network services run. Every
// password check goes through `authenticate`: SSH logins, AnyConnect and portal logins (through the
// gateway view) and the CLI's `enable`. It owns
//  - the choice of server group for a request (`aaa authentication ssh|enable console …`, a
//    tunnel-group's `authentication-server-group`),
//  - the local user database check: one PBKDF2 on the thread pool for every attempt (a dummy of the
//    same cost for an unknown user), the config read again after it,
//  - the `max-fail` lockout (one table for VPN, portal and SSH: `show aaa local user` shows it),
//  - the per-source throttle of failed logins,
//  - the authorization a local user carries (`service-type`, `privilege`, `auto-enable`).
//
// Issue 14 (RADIUS, LDAP) extends `serverFor`: a server group other than LOCAL becomes an
// `AuthServer` whose `verify` asks the server; the throttle and the typed result stay as they are,
// and the lockout stays the local database's (as on an ASA, `max-fail` counts local users only).
import type { LocalAuthService } from '../app-types.ts';
import { BUILTIN_TGS, type RunningConfig, type User } from '../config/model.ts';
import { config as G } from '../../grammar/config.ts';
import { argDefault } from '../config/defaults.ts';
import { verifyPasswordAsync, type HashRun } from '../config/passwords.ts';
import { interfaceAddress, interfaceAddresses } from './interfaces.ts';
import { LocalLockout } from './lockout.ts';
import { SourceThrottle, type ThrottleOptions } from './throttle.ts';
import type { AuthFailure, AuthRequest, AuthResult, Challenge, ServerAttributes } from './types.ts';
import { AaaServers, type ServerEvent } from './servers.ts';
import { radiusAuthenticate } from './radius/auth.ts';
import { serverService } from './server-service.ts';
import { authorizeUser } from './authorization.ts';
import type { AaaServerService } from '../app-types.ts';
import { tunnelGroup as TG } from '../../grammar/tunnel-group.ts';
import { username as U } from '../../grammar/username.ts';

/** `aaa authentication {ssh | enable | ...} console SERVER [LOCAL]` for one service */
const aaaAuthentication = (c: RunningConfig, service: 'ssh' | 'enable') => c.global.all(G.aaaAuthentication).find((a) => a.kws.has(service));

/** the verdict of one server group on a user's password */
type Verdict =
  | { ok: true; account?: User; attributes?: ServerAttributes; server?: string }
  | { ok: false; reason: AuthFailure; detail: string; challenge?: Challenge; server?: string };

/** one authentication server group: the local database today, RADIUS and LDAP groups later */
export interface AuthServer {
  readonly name: string;
  verify(user: string, password: string, req: AuthRequest): Promise<Verdict>;
}

const fail = (reason: AuthFailure, detail: string): AuthResult & { ok: false } => ({ ok: false, reason, detail });

/** what the audit log is told of each attempt (never the password) */
export type AaaEvent =
  | { type: 'accepted'; service: AuthRequest['service']; user: string; source: string; server: string }
  | { type: 'rejected'; service: AuthRequest['service']; user: string; source: string; reason: AuthFailure; detail: string; server?: string }
  | { type: 'locked-out'; user: string; attempts: number }
  /** the `authorization-server-group` answered with the user's attributes, or refused or did not answer */
  | { type: 'authorized'; user: string; server: string; groupPolicy?: string }
  | { type: 'authorization-failed'; user: string; source: string; server: string; detail: string }
  | ServerEvent;

export interface AaaOptions { throttle?: Partial<ThrottleOptions>; onEvent?: (e: AaaEvent) => void }

export class AaaService {
  readonly lockout: LocalLockout;
  readonly throttle: SourceThrottle;
  /** the configured RADIUS and LDAP server groups: host states, counters, transport */
  readonly servers: AaaServers;
  /** PBKDF2 runs: against a stored hash, and dummies (unknown user, `nopassword`, a hash that cannot match) */
  readonly stats = { hashes: 0, dummyHashes: 0 };

  private readonly onEvent?: (e: AaaEvent) => void;

  constructor(private readonly config: () => RunningConfig, o: AaaOptions = {}) {
    this.lockout = new LocalLockout(config);
    this.throttle = new SourceThrottle(o.throttle);
    this.onEvent = o.onEvent;
    this.servers = new AaaServers(config, (e) => this.emit(e));
  }

  close(): void { this.servers.close(); }

  /** `show aaa-server`, `test aaa-server` */
  get serverService(): AaaServerService { return serverService(this.servers, this.config); }

  /** `show aaa local user`, `clear aaa local user lockout` */
  get local(): LocalAuthService { return this.lockout; }

  interfaceAddress(nameif: string): string | undefined { return interfaceAddress(this.config(), nameif); }
  interfaceAddresses(): Map<string, string[]> { return interfaceAddresses(this.config()); }

  /** one attempt, told to the audit log: accepted or rejected, and the lockout it caused */
  async authenticate(req: AuthRequest): Promise<AuthResult> {
    const wasLocked = this.lockout.isLocked(req.user);
    const r = await this.check(req);
    const who = { service: req.service, user: req.user, source: req.source };
    const server = r.ok ? r.server : r.server === 'LOCAL' ? undefined : r.server ?? this.serverName(req);
    // a challenge is neither: the answer to it is the attempt that is told
    if (r.ok || r.reason !== 'challenge') this.emit(r.ok ? { type: 'accepted', ...who, server: r.server } : { type: 'rejected', ...who, reason: r.reason, detail: r.detail, ...(server ? { server } : {}) });
    // an account is locked only under `aaa local authentication attempts max-fail N`
    const maxFail = this.config().global.get(G.aaaMaxFail);
    if (!r.ok && !wasLocked && maxFail && this.lockout.isLocked(req.user)) {
      this.emit({ type: 'locked-out', user: req.user, attempts: maxFail.args.ATTEMPTS });
    }
    return r.ok && req.service === 'vpn' ? this.authorizeVpn(req, r) : r;
  }

  /**
   * A tunnel-group's `authorization-server-group`, asked once the user is authenticated: its
   * attributes replace the authentication server's (RADIUS Class kept for accounting when it has
   * none). A refusal or no answer fails the login only with `authorization-required`; without it
   * the user goes on with what authentication gave.
   */
  private async authorizeVpn(req: AuthRequest, r: AuthResult & { ok: true }): Promise<AuthResult> {
    const tg = this.config().tunnelGroups.get(req.tunnelGroup ?? '');
    const name = tg?.general.get(TG.authorizationServerGroup)?.args.SERVER;
    if (!tg || !name) return r;
    const required = !!tg.general.get(TG.authorizationRequired);
    if (name === 'LOCAL') return this.authorizeLocal(req, r, required);
    const g = this.config().aaaServers.get(String(name));
    // the RADIUS group that authenticated the user gave its attributes in the Access-Accept: it is
    // not asked again (with the username as the password it would refuse the user)
    if (g?.protocol === 'radius' && r.server === g.name) {
      this.emit({ type: 'authorized', user: req.user, server: g.name, ...(r.attributes?.groupPolicy ? { groupPolicy: r.attributes.groupPolicy } : {}) });
      return r;
    }
    const v = g ? await authorizeUser(this.servers, this.config, g, req.user, req.source, req.tunnelGroup)
      : { kind: 'reject' as const, message: `aaa-server group ${name} does not exist` };
    if (v.kind === 'accept') {
      this.emit({ type: 'authorized', user: req.user, server: String(name), ...(v.attributes.groupPolicy ? { groupPolicy: v.attributes.groupPolicy } : {}) });
      const classes = v.attributes.classes ?? r.attributes?.classes;
      return { ...r, attributes: { ...v.attributes, ...(classes ? { classes } : {}) } };
    }
    const detail = v.kind === 'down' ? v.detail : `rejected by ${v.host ?? String(name)}: ${v.message}`;
    this.emit({ type: 'authorization-failed', user: req.user, source: req.source, server: String(name), detail });
    return required ? { ok: false, reason: 'authorization', detail: `authorization: ${detail}`, server: String(name) } : r;
  }

  private emit(e: AaaEvent): void {
    try { this.onEvent?.(e); } catch { /* the audit log's bug must not change a login's answer */ }
  }

  /** the server group named for `req` when it is not the local database (113005 names it) */
  private serverName(req: AuthRequest): string | undefined {
    const c = this.config();
    if (req.service === 'ssh') { const a = aaaAuthentication(c, 'ssh'); return a && a.args.SERVER !== 'LOCAL' && !a.kws.has('LOCAL') ? String(a.args.SERVER) : undefined; }
    if (req.service === 'vpn') { const s = c.tunnelGroups.get(req.tunnelGroup ?? '')?.general.get(TG.authenticationServerGroup)?.args.SERVER; return s && s !== 'LOCAL' ? String(s) : undefined; }
    return undefined;
  }

  private async check(req: AuthRequest): Promise<AuthResult> {
    const server = this.serverFor(req);
    if ('reason' in server) return server;
    // failed logins are throttled per source; `enable` is asked of a session that has logged in already
    const ticket = req.service === 'enable' ? undefined : this.throttle.admit(req.source, req.user);
    if (req.service !== 'enable' && !ticket) return fail('throttled', `too many failed logins from ${req.source}`);
    let v: Verdict;
    try {
      v = await server.verify(req.user, req.password, req);
    } catch (e) {
      v = { ok: false, reason: 'bad-password', detail: `authentication error: ${(e as Error).message}` };
    }
    // a challenge follows a right first answer: it counts as no failure
    if (!v.ok && v.reason === 'challenge') { ticket?.succeeded(); return v; }
    if (!v.ok) { ticket?.failed(); return v; }
    ticket?.succeeded();
    return this.authorize(req, v.server ?? server.name, v.account, v.attributes);
  }

  /** the server group that answers `req`, or why there is none */
  private serverFor(req: AuthRequest): AuthServer | (AuthResult & { ok: false }) {
    const c = this.config();
    switch (req.service) {
      case 'ssh': {
        // a server group with LOCAL fallback is the local database: there are no servers yet
        const a = aaaAuthentication(c, 'ssh');
        if (!a) return fail('no-aaa', 'no aaa authentication ssh console');
        return a.args.SERVER === 'LOCAL' ? this.localDb(true) : this.group(String(a.args.SERVER), a.kws.has('LOCAL'));
      }
      case 'vpn': {
        const name = req.tunnelGroup ?? '';
        const tg = c.tunnelGroups.get(name);
        if (!tg || (tg.type === 'ipsec-l2l' && !BUILTIN_TGS.includes(name))) return fail('no-tunnel-group', `no tunnel-group ${name}`);
        const asg = tg.general.get(TG.authenticationServerGroup);
        const server = asg?.args.SERVER;
        return server && server !== 'LOCAL' ? this.group(String(server), asg.kws.has('LOCAL')) : this.localDb(true);
      }
      case 'enable': {
        const a = aaaAuthentication(c, 'enable');
        return a && a.args.SERVER === 'LOCAL' ? this.localDb(false) : this.enablePassword();
      }
    }
  }

  /**
   * A RADIUS (or LDAP) server group; with `fallback` (LOCAL after its name), the local database
   * answers when no server of the group does, never when a server has refused the user.
   */
  private group(name: string, fallback: boolean): AuthServer | (AuthResult & { ok: false }) {
    const g = this.config().aaaServers.get(name);
    if (!g) return fallback ? this.localDb(true) : fail('server-unsupported', `aaa-server group ${name} does not exist`);
    if (g.protocol !== 'radius' && g.protocol !== 'ldap') return fallback ? this.localDb(true) : fail('server-unsupported', `aaa-server group ${name} (${g.protocol}) is not supported`);
    return {
      name,
      verify: async (user, password, req) => {
        // a challenge's state names the host that asked it: `HOST STATE`
        const [host, state] = req.state ? req.state.split(' ') : [];
        // `password-management` of the tunnel-group: an LDAP server's expired password leads to the change form
        const pm = req.service === 'vpn' ? this.config().tunnelGroups.get(req.tunnelGroup ?? '')?.general.get(TG.passwordManagement) : undefined;
        const r = g.protocol === 'ldap'
          ? await (await import('./ldap/auth.ts')).ldapAuthenticate(this.servers, this.config, g, user, password,
            { passwordManagement: !!pm, warnDays: pm ? pm.args.DAYS ?? argDefault(TG.passwordManagement, 'DAYS') : 0, ...(req.state ? { change: { host, token: state ?? '' } } : {}) })
          : await radiusAuthenticate(this.servers, g, { user, password, source: req.source, tunnelGroup: req.tunnelGroup, state }, host);
        switch (r.kind) {
          case 'accept': return { ok: true, attributes: r.attributes, server: name };
          case 'reject': return { ok: false, reason: 'server-rejected', detail: `rejected by ${r.host}${r.message ? `: ${r.message}` : ''}`, server: name };
          case 'challenge': return { ok: false, reason: 'challenge', detail: `challenged by ${r.host}`, challenge: { message: r.message, state: `${r.host} ${r.state}` } };
          case 'password-change':
            return { ok: false, reason: 'challenge', detail: `new password asked by ${r.host}`, challenge: { message: r.message, state: `${r.host} ${r.state}`, passwordChange: true } };
          case 'down':
            if (fallback && !req.state) return { ...(await this.localDb(true).verify(user, password, req)), server: 'LOCAL' };
            return { ok: false, reason: 'server-down', detail: r.detail, server: name };
        }
      },
    };
  }

  private counted = (r: HashRun) => { if (r === 'dummy') this.stats.dummyHashes++; else this.stats.hashes++; };

  /**
   * The local user database. A login (`login`) counts toward and obeys the `max-fail` lockout;
   * `enable` with `aaa authentication enable console LOCAL` checks the same password without it.
   */
  private localDb(login: boolean): AuthServer {
    return {
      name: 'LOCAL',
      verify: async (name, password) => {
        const u = this.config().usernames.get(name);
        const before = u?.password;
        // one hash whether the user exists or not: the answer's time does not tell
        const good = await verifyPasswordAsync(password, before, this.counted);
        // the config or the lockout may have changed while the hash ran on the thread pool
        const now = this.config().usernames.get(name);
        if (!u || !now) return { ok: false, reason: 'no-such-user', detail: 'no such user' };
        if (login && this.lockout.isLocked(name)) return { ok: false, reason: 'locked', detail: `account ${name} is locked` };
        if (!good || now.password !== before) {
          if (login) this.lockout.fail(name);
          return { ok: false, reason: 'bad-password', detail: 'wrong password' };
        }
        if (login) this.lockout.succeed(name);
        return { ok: true, account: now };
      },
    };
  }

  /**
   * `authorization-server-group LOCAL`: the local user of that name gives the attributes (its own and
   * its `vpn-group-policy`) in place of the authentication server's; none, or one whose
   * `service-type nas-prompt` forbids VPN, is a failed authorization
   */
  private authorizeLocal(req: AuthRequest, r: AuthResult & { ok: true }, required: boolean): AuthResult {
    const u = this.config().usernames.get(req.user);
    const why = !u ? 'User was not found' : u.attrs.get(U.serviceType)?.kws.has('nas-prompt') ? 'service-type nas-prompt forbids VPN' : undefined;
    if (u && !why) {
      this.emit({ type: 'authorized', user: req.user, server: 'LOCAL' });
      const { attributes, ...rest } = r;
      return { ...rest, account: u, ...(attributes?.classes ? { attributes: { classes: attributes.classes } } : {}) };
    }
    this.emit({ type: 'authorization-failed', user: req.user, source: req.source, server: 'LOCAL', detail: why! });
    return required ? { ok: false, reason: 'authorization', detail: `authorization: ${why}`, server: 'LOCAL' } : r;
  }

  /** `enable password`; none configured: the empty password */
  private enablePassword(): AuthServer {
    return {
      name: 'enable',
      verify: async (_name, password) => {
        const before = this.config().enable;
        const good = await verifyPasswordAsync(password, before ?? 'nopassword', this.counted);
        if (!good || this.config().enable !== before) return { ok: false, reason: 'bad-password', detail: 'wrong enable password' };
        return { ok: true };
      },
    };
  }

  /** what a local user may do once authenticated */
  private authorize(req: AuthRequest, server: string, u: User | undefined, attributes?: ServerAttributes): AuthResult {
    // a server's user (RADIUS, LDAP) lands in user EXEC, as on an ASA without `aaa authorization exec`
    if (!u && server !== 'enable') return { ok: true, user: req.user, server, privilege: 1, autoEnable: false, ...(attributes ? { attributes } : {}) };
    if (!u) return { ok: true, user: req.user, server, privilege: 15, autoEnable: false };
    const st = u.attrs.get(U.serviceType);
    if (req.service === 'ssh' && st?.kws.has('remote-access')) return fail('service-type', 'service-type remote-access forbids the CLI');
    if (req.service === 'vpn' && st?.kws.has('nas-prompt')) return fail('service-type', 'service-type nas-prompt forbids VPN');
    const exec = this.config().global.get(G.aaaAuthorizationExec);
    return { ok: true, user: u.name, server, account: u, privilege: u.privilege ?? argDefault(G.username, 'PRIV'), autoEnable: !!exec && exec.kws.has('auto-enable') };
  }
}
