// LDAP authentication as an ASA does it (ldapts): bind as `ldap-login-dn` (anonymous without one),
// search `ldap-base-dn` at `ldap-scope` for `(ldap-naming-attribute=USER)`, then bind as the entry
// found with the user's password. `ldap-over-ssl enable` connects with ldaps:// (port 636 unless
// `server-port`), `ldap-over-ssl starttls` upgrades ldap:// with StartTLS; either verifies the server's certificate (./trust.ts): one that does not verify is
// refused (717009) and counts as a host that did not answer. The entry's attributes go through the host's `ldap attribute-map`: `memberOf`
// mapped to Group-Policy (or IETF-Radius-Class), through `map-value`, picks the group-policy.
// A host that cannot be reached counts a failure, as a silent RADIUS host does; an empty password
// is refused before any bind (an LDAP "unauthenticated" bind would succeed).
import type { ConnectionOptions } from 'node:tls';
import { Client, EqualityFilter, InvalidCredentialsError, ResultCodeError, type ClientOptions, type Entry } from 'ldapts';
import { aaaServer as A } from '../../../grammar/aaa-server.ts';
import { argDefault } from '../../config/defaults.ts';
import type { AaaServerGroup, LdapMap, RunningConfig } from '../../config/model.ts';
import type { AaaServers, HostView } from '../servers.ts';
import type { ServerAttributes } from '../types.ts';
import type { GroupVerdict } from '../radius/auth.ts';
import { unquote } from '../../config/commands/aaa-server.ts';
import { ldapTrustedCas } from './trust.ts';
import { adBindReason, PasswordPolicyControl } from './ppolicy.ts';
import type { ExpiryReason } from './pending.ts';
import { changeLdapPassword } from './password-change.ts';
import { hostUrl, tlsMode } from './url.ts';

/** the Cisco attribute names an ASA reads a group-policy from */
const GROUP_POLICY = new Set(['group-policy', 'ietf-radius-class']);

/**
 * ldapts speaks TLS whenever it is given tlsOptions, whatever the URL: only ldaps gets them. The
 * server's certificate must verify against the system CA store and the CA certificates of the
 * config's `crypto ca certificate chain` blocks (./trust.ts), and name the host as configured
 * (Node's checkServerIdentity: a SAN for an address); else the connection is refused.
 */
export function newClient(config: () => RunningConfig, v: HostView, timeoutMs: number): Client {
  const url = hostUrl(v);
  const mode = tlsMode(v);
  const o = { url, timeout: timeoutMs, connectTimeout: timeoutMs };
  const tls = { ca: ldapTrustedCas(config()), rejectUnauthorized: true };
  if (mode === 'starttls') return new StartTlsClient(o, { ...tls, host: v.host.addr });
  return new Client({ ...o, ...(mode === 'ldaps' ? { tlsOptions: tls } : {}) });
}

/**
 * A client that sends StartTLS (RFC 4513) and verifies the server's certificate, exactly as for
 * ldaps, before its first operation: no bind or search ever goes out in clear. startTLS itself
 * sends an extended operation through `exop`, which must not wait for the upgrade it is part of.
 */
class StartTlsClient extends Client {
  private upgraded?: Promise<void>;
  private upgrading = false;

  constructor(o: ClientOptions, private readonly tlsOptions: ConnectionOptions) { super(o); }

  private upgradeFirst(): Promise<void> {
    if (this.upgrading) return Promise.resolve();
    this.upgraded ??= (async () => {
      this.upgrading = true;
      try { await super.startTLS({ ...this.tlsOptions }); } finally { this.upgrading = false; }
    })();
    return this.upgraded;
  }

  override async bind(...a: Parameters<Client['bind']>): ReturnType<Client['bind']> { await this.upgradeFirst(); return super.bind(...a); }
  override async search(...a: Parameters<Client['search']>): ReturnType<Client['search']> { await this.upgradeFirst(); return super.search(...a); }
  override async exop(...a: Parameters<Client['exop']>): ReturnType<Client['exop']> { await this.upgradeFirst(); return super.exop(...a); }
  override async modify(...a: Parameters<Client['modify']>): ReturnType<Client['modify']> { await this.upgradeFirst(); return super.modify(...a); }
}

/** the reason a TLS handshake refused the server's certificate; undefined for any other error */
export function certificateFailure(e: unknown): string | undefined {
  const code = (e as { code?: unknown })?.code;
  if (typeof code !== 'string') return undefined;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || /CERT|SIGNATURE|ISSUER|CA_|_CA\b|CHAIN/.test(code)) return (e as Error).message.slice(0, 200);
  return undefined;
}

const values = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((x) => (Buffer.isBuffer(x) ? x.toString('utf8') : String(x)));

/** the group-policy the entry's attributes name, through the attribute map */
export function mappedAttributes(entry: Record<string, unknown>, map: LdapMap | undefined): ServerAttributes {
  if (!map) return {};
  const attrs = new Map(Object.entries(entry).map(([k, v]) => [k.toLowerCase(), values(v)]));
  for (const mn of map.attrs.all(A.mapName)) {
    if (!GROUP_POLICY.has(mn.args.CISCO!.toLowerCase())) continue;
    const ldapName = mn.args.LDAP!.toLowerCase();
    const vals = attrs.get(ldapName) ?? [];
    const mvs = map.attrs.all(A.mapValue).filter((x) => x.args.LDAP!.toLowerCase() === ldapName);
    for (const val of vals) {
      const hit = mvs.find((x) => unquote(x.args.VALUE!).toLowerCase() === val.toLowerCase());
      if (hit) return { groupPolicy: unquote(hit.args.CISCOVALUE!) };
    }
    // no map-value: the attribute's value is the group-policy name itself (a single-valued one)
    if (!mvs.length && vals.length === 1) return { groupPolicy: vals[0] };
  }
  return {};
}

export interface LdapLoginOptions {
  /** the tunnel-group has `password-management`: an expired password leads to the change form */
  passwordManagement?: boolean;
  /** `password-management password-expire-in-days N` (N > 0): a password expiring within N days is offered a change */
  warnDays?: number;
}

/**
 * headend's words for the offer of a change before the password expires (`password-expire-in-days`):
 * the ASA documents that it notifies the user and offers the change (Cisco ASA VPN configuration
 * guide, Manage Passwords) but no public source found gives its AnyConnect wording.
 */
export const expiringPrompt = (days: number): string =>
  `Your password expires in ${days} day${days === 1 ? '' : 's'}. Enter a new password, or leave it empty to keep the current one.`;

/** AD's msDS-UserPasswordExpiryTimeComputed (FILETIME: 100 ns since 1601) as seconds from now; undefined: never or unknown */
export function adExpiresInSec(v: unknown, nowMs = Date.now()): number | undefined {
  const t = values(v)[0];
  if (!t || !/^\d{1,19}$/.test(t)) return undefined;
  const ft = BigInt(t);
  if (ft === 0n || ft >= 0x7fffffffffffffffn) return undefined;
  return Number(ft / 10_000_000n - 11_644_473_600n) - Math.floor(nowMs / 1000);
}

/**
 * ASA's prompt when the directory asks for a new password (Cisco ASA Series CLI Configuration Guide,
 * "Using Active Directory to Force the User to Change Password at Next Logon": "New password required.
 * Password change required. You must enter a new password with a minimum length n to continue.");
 * headend does not read the directory's minimum length, so the sentence ends without it.
 */
export const NEW_PASSWORD_PROMPT = 'New password required. Password change required. You must enter a new password to continue.';

const AD_EXPIRY = 'msDS-UserPasswordExpiryTimeComputed';

/** what the user's bind said: accepted, refused, or right but expired (ppolicy control, AD's data 532/773) */
async function userBind(client: Client, dn: string, password: string): Promise<{ ok: true; expiresInSec?: number } | 'refused' | { expiry: ExpiryReason; ad: boolean }> {
  const policy = new PasswordPolicyControl();
  try {
    await client.bind(dn, password, policy);
  } catch (e) {
    if (!(e instanceof InvalidCredentialsError)) throw e;
    if (policy.response?.error === 'passwordExpired') return { expiry: 'expired', ad: false };
    const ad = adBindReason(e.message);
    return ad ? { expiry: ad, ad: true } : 'refused';
  }
  // a bind that succeeds may still be for a password that must change (pwdReset) or has expired (a grace login)
  const r = policy.response;
  if (r?.error === 'changeAfterReset') return { expiry: 'must-change', ad: false };
  if (r?.error === 'passwordExpired' || r?.graceAuthNsRemaining !== undefined) return { expiry: 'expired', ad: false };
  return { ok: true, ...(r?.timeBeforeExpiration !== undefined ? { expiresInSec: r.timeBeforeExpiration } : {}) };
}

/**
 * Bind as `ldap-login-dn` (anonymous without one) and search `ldap-base-dn` at `ldap-scope` for
 * `(ldap-naming-attribute=USER)`: at most two entries (more than one is a reject), with memberOf,
 * the attribute map's attributes and `extra`.
 */
export async function findUser(client: Client, config: () => RunningConfig, v: HostView, user: string, extra: string[] = []): Promise<{ searchEntries: Entry[]; map: LdapMap | undefined }> {
  const h = v.host.attrs;
  const login = h.get(A.ldapLoginDn)?.args.DN;
  if (login) await client.bind(login, h.get(A.ldapLoginPassword)?.args.PW ?? '');
  const naming = h.get(A.ldapNamingAttribute)?.args.ATTR ?? argDefault(A.ldapNamingAttribute, 'ATTR');
  const map = config().ldapMaps.get(h.get(A.ldapAttributeMap)?.args.MAP ?? '');
  const wanted = [...new Set(['memberOf', ...(map?.attrs.all(A.mapName).map((m) => m.args.LDAP!) ?? []), ...extra])];
  const scope = h.get(A.ldapScope)?.kws.has('subtree') ? 'sub' : 'one';
  const { searchEntries } = await client.search(h.get(A.ldapBaseDn)?.args.DN ?? '', {
    scope, filter: new EqualityFilter({ attribute: naming, value: user }), attributes: wanted, sizeLimit: 2,
  });
  return { searchEntries, map };
}

/**
 * One exchange with one LDAP host on a client of its own: counted as pending while it runs. An error
 * the server answers with (a refused login-DN bind, no such base DN) is a reject; no answer, or a
 * certificate that does not verify (logged, 717009), counts the host a failure (undefined: the
 * next host is asked). `answered` marks the server's first answer, for the response time.
 */
export async function onLdapHost(servers: AaaServers, config: () => RunningConfig, v: HostView,
  run: (client: Client, timeoutMs: number, answered: () => void) => Promise<GroupVerdict>): Promise<GroupVerdict | undefined> {
  const timeoutMs = (v.host.attrs.get(A.timeout)?.args.SECONDS ?? argDefault(A.timeout, 'SECONDS')) * 1000;
  v.state.pending++;
  const t0 = Date.now();
  const answered = (): void => servers.answered(v, Date.now() - t0);
  const client = newClient(config, v, timeoutMs);
  try {
    return await run(client, timeoutMs, answered);
  } catch (e) {
    if (e instanceof ResultCodeError) {
      answered();
      v.state.stats.rejects++;
      return { kind: 'reject', host: v.host.addr, message: e instanceof InvalidCredentialsError ? 'the ldap-login-dn bind was refused' : e.message };
    }
    const bad = certificateFailure(e);
    if (bad) servers.certInvalid(v, bad);
    servers.noAnswer(v);
    return undefined;
  } finally {
    v.state.pending--;
    await client.unbind().catch(() => undefined);
  }
}

export async function askLdapHost(servers: AaaServers, config: () => RunningConfig, v: HostView, user: string, password: string, o: LdapLoginOptions = {}): Promise<GroupVerdict | undefined> {
  const h = v.host.attrs;
  v.state.stats.authRequests++;
  return onLdapHost(servers, config, v, async (client, timeoutMs, answered) => {
    const { searchEntries, map } = await findUser(client, config, v, user, o.warnDays ? [AD_EXPIRY] : []);
    answered();
    if (searchEntries.length !== 1) { v.state.stats.rejects++; return { kind: 'reject', host: v.host.addr, message: searchEntries.length ? 'more than one entry' : 'no such user' }; }
    const entry = searchEntries[0];
    await client.unbind().catch(() => undefined);
    const userClient = newClient(config, v, timeoutMs);
    let bound;
    try {
      bound = await userBind(userClient, entry.dn, password);
    } finally {
      await userClient.unbind().catch(() => undefined);
    }
    if (bound === 'refused') { v.state.stats.rejects++; return { kind: 'reject', host: v.host.addr, message: 'invalid credentials' }; }
    if (!('ok' in bound)) {
      const what = bound.expiry === 'expired' ? 'password expired' : 'password must be changed';
      // as on an ASA: without password-management an expired password is a reject; password
      // management over LDAP needs LDAP over SSL (Cisco ASA VPN configuration guide, Manage Passwords)
      if (!o.passwordManagement || !h.get(A.ldapOverSsl)) {
        v.state.stats.rejects++;
        return { kind: 'reject', host: v.host.addr, message: o.passwordManagement ? `${what}: password-management needs ldap-over-ssl enable` : what };
      }
      v.state.stats.challenges++;
      const state = servers.passwordChanges.add({ group: v.group.name, host: v.host.addr, user, dn: entry.dn, oldPassword: password, ad: bound.ad, reason: bound.expiry });
      return { kind: 'password-change', host: v.host.addr, message: NEW_PASSWORD_PROMPT, state };
    }
    // a password that expires within `password-expire-in-days`: the change is offered (ppolicy's
    // timeBeforeExpiration, sent under the policy's pwdExpireWarning; AD's computed expiry time)
    const left = bound.expiresInSec ?? adExpiresInSec((entry as Record<string, unknown>)[AD_EXPIRY]);
    if (o.passwordManagement && o.warnDays && h.get(A.ldapOverSsl) && left !== undefined && left >= 0 && left <= o.warnDays * 86_400) {
      v.state.stats.challenges++;
      const state = servers.passwordChanges.add({ group: v.group.name, host: v.host.addr, user, dn: entry.dn, oldPassword: password, ad: bound.expiresInSec === undefined, reason: 'expiring' });
      return { kind: 'password-change', host: v.host.addr, message: expiringPrompt(Math.max(1, Math.ceil(left / 86_400))), state };
    }
    v.state.stats.accepts++;
    return { kind: 'accept', host: v.host.addr, attributes: mappedAttributes(entry as Record<string, unknown>, map) };
  });
}

export async function ldapAuthenticate(servers: AaaServers, config: () => RunningConfig, g: AaaServerGroup, user: string, password: string,
  o: LdapLoginOptions & { change?: { host: string; token: string } } = {}): Promise<GroupVerdict> {
  if (o.change) return changeLdapPassword(servers, config, g, user, password, o.change);
  if (!password) return { kind: 'reject', host: '', message: 'empty password' };
  const hosts = servers.activeHosts(g);
  if (!hosts.length) return { kind: 'down', detail: `no active server in group ${g.name}` };
  for (const v of hosts) {
    const r = await askLdapHost(servers, config, v, user, password, o);
    if (r) return r;
  }
  return { kind: 'down', detail: `no server of group ${g.name} answered` };
}
