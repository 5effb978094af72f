// The browser side of the gateway's listeners, as an ASA serves it: a login page (username,
// password, the group drop-down of `tunnel-group-list enable`), then — by the user's effective
// `anyconnect ask` — the client download page, or a question "download the client or go to the
// portal" whose countdown takes the default action. Packages come from the `anyconnect image`
// list, the first in `order` for the browser's OS. The page strings follow the browser's
// Accept-Language through the imported translation tables.
//
// A request is the portal's when it is not the AnyConnect protocol: openconnect and the Cisco
// client POST XML with X-Aggregate-Auth and name themselves in the User-Agent; those, CONNECT and
// the profile downloads stay with the gateway. Logins use the view's authenticate, the one password
// check of the gateway. Portal sessions are separate from VPN sessions (no address, no tunnel) and
// live behind a random cookie (HttpOnly, Secure, SameSite=Strict). A form POST whose Origin is another
// site, or `null` (a sandboxed frame, a data: URL: login CSRF), is refused; the pages' Referrer-Policy
// is `same-origin` so that the browser names our own origin on the login POST (under `no-referrer`
// it sends `Origin: null`). Packages are streamed from the flash, never read whole.
import type { HttpRequest, HttpResponse } from '../http.ts';
import { CookieJar, cookieValue } from '../cookies.ts';
import { defaultGroup, groupByUrl, groupBySelect, groupOptions } from '../groups.ts';
import type { EffectivePolicy, GatewayView, GroupEntry } from '../view.ts';
import { ENGLISH, type Catalog, type TranslationLookup } from '../../translations/index.ts';
import { PORTAL_CSS, PORTAL_JS } from './assets.ts';
import { PATHS, askPage, downloadPage, loginPage, logoutPage, notFoundPage, portalPage, type Who } from './pages.ts';
import { PLATFORM_NAMES, baseName, browserPlatform, pickImage } from './platform.ts';

/** why a portal session ended: ASA's 113019 reasons (as the gateway's REASON table has them), log texts never shown on a page */
const ENDED = { user: 'User Requested', preempted: 'Connection Preempted' } as const;

export { PATHS } from './pages.ts';

export const PORTAL_COOKIE = 'webvpn_portal';
const LOGIN_FAILED = 'Login failed.';
const NO_SSL_CLIENT = 'Login denied, unauthorized connection mechanism, contact your administrator.';
/**
 * portal sessions kept at most: a memory bound only. When full, a login may end only its own user's
 * oldest session; another user's session is never evicted (the login is refused instead).
 */
const MAX_SESSIONS = 10_000;

export interface PortalOptions {
  view: GatewayView;
  /** the translation tables (re-read at each request: tables imported later apply at once) */
  translations?: () => TranslationLookup | undefined;
  /** length of a "minute" (tests) */
  minuteMs?: number;
  /** the memory bound on live portal sessions (default 10,000; tests) */
  maxSessions?: number;
  onEvent?: (e: PortalEvent) => void;
}

export type PortalEvent =
  | { type: 'portal-login'; user: string; tunnelGroup: string; groupPolicy: string; source: string }
  | { type: 'portal-login-failed'; user: string; tunnelGroup: string; source: string; reason: string }
  /** `reason`: ASA's 113019 wording (`User Requested`; `Connection Preempted` when a login over
   * `vpn-simultaneous-logins` replaced the session) */
  | { type: 'portal-logout'; user: string; tunnelGroup: string; groupPolicy: string; reason: string };

/** what the gateway tells the portal about the request's connection */
export interface PortalContext {
  /** the client's address */
  source: string;
  /** whether the request carries a live VPN session cookie (the Cisco client's downloads) */
  vpnSession(): boolean;
}

interface PortalSession {
  token: string;
  user: string;
  tunnelGroup: string;
  alias: string;
  policy: EffectivePolicy;
  created: number;
  lastSeen: number;
}

const SECURITY_HEADERS: [string, string][] = [
  ['Cache-Control', 'no-store'],
  ['X-Frame-Options', 'DENY'],
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'same-origin'],
  ['Content-Security-Policy', "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"],
];

/** a request from an AnyConnect-protocol client rather than a browser */
export function isVpnClient(req: HttpRequest): boolean {
  const ua = req.headers['user-agent'] ?? '';
  return 'x-aggregate-auth' in req.headers || 'x-transcend-version' in req.headers || /AnyConnect|OpenConnect/i.test(ua);
}

const DOWNLOAD_RE = /^\/CACHE\/stc\/(\d{1,5})\/binaries\/([^/]+)$/;

export class Portal {
  private readonly jar = new CookieJar<PortalSession>();
  private readonly live = new Map<string, PortalSession>();
  /** each user's live sessions, oldest first */
  private readonly byUser = new Map<string, PortalSession[]>();
  private readonly minuteMs: number;
  private readonly maxSessions: number;

  constructor(private readonly opts: PortalOptions) {
    this.minuteMs = opts.minuteMs ?? 60_000;
    this.maxSessions = Math.max(1, opts.maxSessions ?? MAX_SESSIONS);
  }

  /** Answers a browser request; undefined leaves the request to the AnyConnect protocol. */
  async handle(req: HttpRequest, ctx: PortalContext): Promise<HttpResponse | undefined> {
    const m = req.method;
    if (m === 'CONNECT' || req.path.startsWith('/CACHE/stc/profiles/')) return undefined;
    if (DOWNLOAD_RE.test(req.path) && (m === 'GET' || m === 'HEAD')) return this.download(req, ctx);
    if (req.path === PATHS.translationTable && (m === 'GET' || m === 'HEAD')) return this.translationTable(req);
    if (isVpnClient(req)) return undefined;
    // HEAD: the HTTP layer sends the same status and headers, without the body
    if (m === 'GET' || m === 'HEAD') return this.get(req);
    if (m === 'POST') {
      const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (type !== 'application/x-www-form-urlencoded') return undefined;
      // a browser names the page's origin; `null` is an opaque one (sandboxed frame, data: URL): refused like another site
      const origin = req.headers['origin'];
      if (origin !== undefined) {
        let host = '';
        try { host = origin === 'null' ? '' : new URL(origin).host; } catch { /* unparsable: refused below */ }
        if (!host || host.toLowerCase() !== (req.headers['host'] ?? '').toLowerCase()) return this.text(403, 'Forbidden\n');
      }
      return this.post(req, ctx);
    }
    return undefined;
  }

  /** the number of live portal sessions */
  get size(): number { this.sweep(); return this.live.size; }

  /** Ends every portal session (the gateway is stopping, or `vpn-sessiondb logoff all`). */
  logoffAll(): void {
    for (const s of this.live.values()) this.jar.revoke(s.token);
    this.live.clear();
    this.byUser.clear();
  }

  /** the number of live portal sessions of one user */
  sessionsOf(user: string): number { this.sweep(); return this.byUser.get(user)?.length ?? 0; }

  // ---- routing --------------------------------------------------------------------------------

  private get(req: HttpRequest): HttpResponse {
    const path = req.path;
    const c = this.catalog(req);
    const s = this.session(req);
    switch (path) {
      case '/':
        return this.redirect(s ? this.landing(s) : PATHS.logon);
      case PATHS.logon:
      case PATHS.login:
        return this.loginForm(req, c, PATHS.login);
      case PATHS.css:
        return { status: 200, headers: [['Content-Type', 'text/css; charset=utf-8'], ...SECURITY_HEADERS], body: PORTAL_CSS };
      case PATHS.js:
        return { status: 200, headers: [['Content-Type', 'application/javascript; charset=utf-8'], ...SECURITY_HEADERS], body: PORTAL_JS };
      case PATHS.logout:
        return this.logout(req, c);
      case PATHS.ask:
      case PATHS.anyconnect:
      case PATHS.portal: {
        if (!s) return this.redirect(PATHS.logon);
        const who: Who = { user: s.user, group: s.alias || s.tunnelGroup };
        if (path === PATHS.portal) return this.html(200, portalPage(c, who), c);
        if (path === PATHS.ask) {
          const ask = s.policy.ask;
          return this.html(200, askPage(c, { who, defaultAction: ask?.defaultAction ?? 'anyconnect', timeoutSec: ask?.timeoutSec ?? null }), c);
        }
        return this.html(200, this.downloadHtml(req, c, who), c);
      }
      case '/favicon.ico':
        return { status: 404, headers: [['Content-Type', 'text/plain'], ...SECURITY_HEADERS], body: '' };
    }
    // a group-url (`https://vpn.example.com/eng`) opens the login page of its group
    if (groupByUrl(this.opts.view.groups(), path, req.headers['host'])) return this.loginForm(req, c, path);
    return this.html(404, notFoundPage(c), c);
  }

  private async post(req: HttpRequest, ctx: PortalContext): Promise<HttpResponse> {
    const path = req.path;
    if (path === PATHS.logout) return this.logout(req, this.catalog(req));
    const byUrl = path === PATHS.login || path === PATHS.logon ? undefined : groupByUrl(this.opts.view.groups(), path, req.headers['host']);
    if (path !== PATHS.login && path !== PATHS.logon && !byUrl) return this.html(404, notFoundPage(this.catalog(req)), this.catalog(req));
    return this.login(req, ctx, byUrl);
  }

  // ---- login / logout -------------------------------------------------------------------------

  private groupChoice(groups: GroupEntry[], byUrl: GroupEntry | undefined, asked: string | null): { group?: GroupEntry; alias: string; list: { alias: string; selected: boolean }[] } {
    if (byUrl) return { group: byUrl, alias: byUrl.aliases[0] ?? '', list: [] };
    const options = this.opts.view.tunnelGroupListEnabled() ? groupOptions(groups) : [];
    if (options.length) {
      const picked = asked === null ? options[0] : groupBySelect(groups, asked);
      return {
        group: picked?.group,
        alias: picked?.alias ?? '',
        list: options.map((o) => ({ alias: o.alias, selected: o.alias === (picked ?? options[0]).alias })),
      };
    }
    const d = defaultGroup(groups);
    return { group: d, alias: d?.aliases[0] ?? '', list: [] };
  }

  private loginForm(req: HttpRequest, c: Catalog, action: string, error?: string, username?: string, asked: string | null = null): HttpResponse {
    const byUrl = action === PATHS.login ? undefined : groupByUrl(this.opts.view.groups(), req.path, req.headers['host']);
    const g = this.groupChoice(this.opts.view.groups(), byUrl, asked);
    return this.html(200, loginPage(c, { action, error, groups: g.list, username }), c);
  }

  private async login(req: HttpRequest, ctx: PortalContext, byUrl: GroupEntry | undefined): Promise<HttpResponse> {
    const c = this.catalog(req);
    const form = new URLSearchParams(req.body.toString('utf8'));
    const user = (form.get('username') ?? '').trim();
    const password = form.get('password') ?? '';
    const asked = form.get('group_list');
    const action = byUrl ? req.path : PATHS.login;
    const g = this.groupChoice(this.opts.view.groups(), byUrl, asked);
    const fail = (reason: string, shown = LOGIN_FAILED): HttpResponse => {
      this.emit({ type: 'portal-login-failed', user, tunnelGroup: g.group?.tunnelGroup ?? '', source: ctx.source, reason });
      return this.html(200, loginPage(c, { action, error: shown, groups: g.list, username: user }), c);
    };
    if (!g.group) return fail('no such group');
    if (!user) return fail('no username');
    let r;
    try {
      r = await this.opts.view.authenticate(user, password, g.group.tunnelGroup, ctx.source);
    } catch (e) {
      return fail(`authentication error: ${(e as Error).message}`);
    }
    if (!r.ok) return fail(r.reason);
    if (!r.policy.vpnTunnelProtocols.includes('ssl-client') && !r.policy.vpnTunnelProtocols.includes('ssl-clientless')) {
      return fail('vpn-tunnel-protocol allows neither ssl-client nor ssl-clientless', NO_SSL_CLIENT);
    }
    const s = this.create(user, g.group.tunnelGroup, g.alias, r.policy);
    if (s === 'none') return fail('vpn-simultaneous-logins 0');
    if (s === 'full') return fail(`portal session table full (${this.maxSessions})`);
    this.emit({ type: 'portal-login', user, tunnelGroup: s.tunnelGroup, groupPolicy: s.policy.groupPolicy, source: ctx.source });
    return {
      status: 303,
      reason: 'See Other',
      headers: [['Location', this.landing(s)], ['Set-Cookie', `${PORTAL_COOKIE}=${s.token}; Path=/; Secure; HttpOnly; SameSite=Strict`], ...SECURITY_HEADERS],
      body: '',
    };
  }

  private logout(req: HttpRequest, c: Catalog): HttpResponse {
    const s = this.session(req);
    if (s) {
      this.end(s, ENDED.user);
    }
    const r = this.html(200, logoutPage(c), c);
    r.headers!.push(['Set-Cookie', `${PORTAL_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0`]);
    return r;
  }

  /** where a fresh login goes: the download page, the ask page, or at once the ask's default */
  private landing(s: PortalSession): string {
    const ask = s.policy.ask;
    if (!ask?.enabled) return PATHS.anyconnect;
    if (ask.timeoutSec === 0) return ask.defaultAction === 'webvpn' ? PATHS.portal : PATHS.anyconnect;
    return PATHS.ask;
  }

  // ---- downloads ------------------------------------------------------------------------------

  private downloadHtml(req: HttpRequest, c: Catalog, who: Who): string {
    const ua = req.headers['user-agent'] ?? '';
    const platform = browserPlatform(ua);
    const osName = platform ? PLATFORM_NAMES[platform] : (/Android/i.test(ua) ? 'Android' : /iPhone|iPad|iPod/i.test(ua) ? 'iOS' : /CrOS/.test(ua) ? 'ChromeOS' : 'unknown');
    if (!this.opts.view.anyconnectEnabled()) return downloadPage(c, { who, osName, disabled: true });
    const img = pickImage(this.opts.view.images?.() ?? [], platform, ua);
    if (!img) return downloadPage(c, { who, osName });
    const f = this.opts.view.flashFile?.(img.path);
    if (!f) return downloadPage(c, { who, osName });
    const file = baseName(img.path);
    return downloadPage(c, { who, osName, pkg: { href: `/CACHE/stc/${img.order}/binaries/${encodeURIComponent(file)}`, file, size: f.size } });
  }

  private download(req: HttpRequest, ctx: PortalContext): HttpResponse {
    const m = DOWNLOAD_RE.exec(req.path)!;
    if (!this.session(req) && !ctx.vpnSession()) return this.text(403, 'Forbidden\n');
    let file: string;
    try { file = decodeURIComponent(m[2]); } catch { return this.text(404, 'Not Found\n'); }
    const img = (this.opts.view.images?.() ?? []).find((i) => i.order === Number(m[1]) && baseName(i.path) === file);
    const f = img && this.opts.view.flashFile?.(img.path);
    if (!f) return this.text(404, 'Not Found\n');
    const ascii = file.replace(/[^\x20-\x7e]|["\\]/g, '_');
    return {
      status: 200,
      headers: [
        ['Content-Type', 'application/octet-stream'],
        ['Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file)}`],
        ...SECURITY_HEADERS,
      ],
      // streamed from the flash with backpressure, opened only when sent (not for HEAD)
      body: { length: f.size, open: f.open },
    };
  }

  /**
   * `/+CSCOT+/translation-table?textdomain=AnyConnect&lang=es-us`: an imported table as its .po text,
   * for the client's own messages; without `lang`, the table suiting the Accept-Language.
   */
  private translationTable(req: HttpRequest): HttpResponse {
    const q = new URLSearchParams(req.target.includes('?') ? req.target.slice(req.target.indexOf('?') + 1) : '');
    const tr = this.opts.translations?.();
    const domain = q.get('textdomain') ?? 'AnyConnect';
    const lang = q.get('lang') ?? tr?.pickLanguage?.(req.headers['accept-language']) ?? null;
    const text = lang ? tr?.table?.(domain, lang) : undefined;
    if (text === undefined) return this.text(404, 'Not Found\n');
    return { status: 200, headers: [['Content-Type', 'text/plain; charset=utf-8'], ['Content-Language', lang!.toLowerCase()], ...SECURITY_HEADERS], body: text };
  }

  // ---- sessions -------------------------------------------------------------------------------

  /**
   * A new portal session for a user who has authenticated. `vpn-simultaneous-logins N`: at N live
   * sessions, the user's oldest is logged off, as an ASA does for a login over the limit; 0 refuses
   * ('none'). The table's memory bound never evicts another user's session: when full, the login
   * may only take the place of its own user's oldest session, else it is refused ('full').
   */
  private create(user: string, tunnelGroup: string, alias: string, policy: EffectivePolicy): PortalSession | 'none' | 'full' {
    this.sweep();
    const limit = policy.simultaneousLogins;
    if (!(limit > 0)) return 'none';
    const mine = this.byUser.get(user) ?? [];
    while (mine.length >= limit) this.end(mine[0], ENDED.preempted);
    if (this.live.size >= this.maxSessions) {
      if (!mine.length) return 'full';
      this.end(mine[0], ENDED.preempted);
    }
    const now = Date.now();
    const s: PortalSession = { token: '', user, tunnelGroup, alias, policy, created: now, lastSeen: now };
    s.token = this.jar.issue(s);
    this.live.set(s.token, s);
    const list = this.byUser.get(user);
    if (list) list.push(s); else this.byUser.set(user, [s]);
    return s;
  }

  /** with a reason, the end is an event (a logout, a preemption); an expiry ends it silently */
  private end(s: PortalSession, reason?: string): void {
    this.jar.revoke(s.token);
    if (!this.live.delete(s.token)) return;
    if (reason) this.emit({ type: 'portal-logout', user: s.user, tunnelGroup: s.tunnelGroup, groupPolicy: s.policy.groupPolicy, reason });
    const list = this.byUser.get(s.user);
    if (!list) return;
    const i = list.indexOf(s);
    if (i >= 0) list.splice(i, 1);
    if (!list.length) this.byUser.delete(s.user);
  }

  private expired(s: PortalSession, now: number): boolean {
    const min = s.policy.idleTimeoutMin;
    const idle = min !== null ? min * this.minuteMs : (this.opts.view.defaultIdleSec() * this.minuteMs) / 60;
    if (now - s.lastSeen >= idle) return true;
    return s.policy.sessionTimeoutMin !== null && now - s.created >= s.policy.sessionTimeoutMin * this.minuteMs;
  }

  private sweep(): void {
    const now = Date.now();
    for (const s of this.live.values()) if (this.expired(s, now)) this.end(s);
  }

  private session(req: HttpRequest): PortalSession | undefined {
    const s = this.jar.lookup(cookieValue(req.headers['cookie'], PORTAL_COOKIE));
    if (!s) return undefined;
    const now = Date.now();
    if (this.expired(s, now)) { this.end(s); return undefined; }
    s.lastSeen = now;
    return s;
  }

  // ---- responses ------------------------------------------------------------------------------

  private catalog(req: HttpRequest): Catalog {
    try {
      return this.opts.translations?.()?.catalog(req.headers['accept-language']) ?? ENGLISH;
    } catch {
      return ENGLISH;
    }
  }

  private html(status: number, body: string, c: Catalog): HttpResponse {
    return {
      status,
      headers: [['Content-Type', 'text/html; charset=utf-8'], ['Content-Language', c.lang ?? 'en'], ...SECURITY_HEADERS],
      body,
    };
  }

  private text(status: number, body: string): HttpResponse {
    return { status, headers: [['Content-Type', 'text/plain; charset=utf-8'], ...SECURITY_HEADERS], body };
  }

  private redirect(to: string): HttpResponse {
    return { status: 302, reason: 'Found', headers: [['Location', to], ...SECURITY_HEADERS], body: '' };
  }

  private emit(e: PortalEvent): void {
    try { this.opts.onEvent?.(e); } catch { /* a listener's bug must not break the portal */ }
  }
}
