// The portal's HTML. Every visible string goes through the browser language's catalog (domains
// customization, AnyConnect and webvpn); every value from the configuration or the user is escaped.
import type { Catalog, Domain } from '../../translations/index.ts';

export const PATHS = {
  logon: '/+CSCOE+/logon.html',
  login: '/+webvpn+/index.html',
  ask: '/+CSCOE+/ask.html',
  anyconnect: '/+CSCOE+/anyconnect.html',
  portal: '/+CSCOE+/portal.html',
  logout: '/+webvpn+/webvpn_logout.html',
  css: '/+CSCOU+/portal.css',
  js: '/+CSCOU+/portal.js',
  translationTable: '/+CSCOT+/translation-table',
} as const;

export function h(s: string | number): string {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** a translated message as HTML: the text escaped, each %s replaced by an already-safe HTML fragment */
function th(c: Catalog, domain: Domain, msgid: string, ...html: string[]): string {
  const parts = c.t(domain, msgid).split('%s');
  return parts.map((p, i) => h(p) + (i < parts.length - 1 ? (html[i] ?? '%s') : '')).join('');
}

/** a translated message as HTML with plain-text arguments */
function tt(c: Catalog, domain: Domain, msgid: string, ...args: string[]): string {
  return th(c, domain, msgid, ...args.map(h));
}

export interface Who { user: string; group: string }

interface Frame {
  c: Catalog;
  id: string;
  title: string;
  body: string;
  who?: Who;
  head?: string;
}

function page(f: Frame): string {
  const c = f.c;
  const bar = f.who
    ? `<span class="status" id="status">${tt(c, 'AnyConnect', 'Connected')}</span>
  <span class="who" id="who">${tt(c, 'webvpn', 'Signed in as %s (group %s)', f.who.user, f.who.group)}</span>
  <a class="button secondary" id="home" href="${PATHS.portal}">${tt(c, 'customization', 'Home')}</a>
  <form method="post" action="${PATHS.logout}"><button type="submit" id="logout">${tt(c, 'customization', 'Logout')}</button></form>`
    : '';
  return `<!DOCTYPE html>
<html lang="${h(c.lang ?? 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(f.title)} - ${tt(c, 'customization', 'SSL VPN Service')}</title>
<link rel="stylesheet" href="${PATHS.css}">
${f.head ?? ''}
</head>
<body data-page="${h(f.id)}">
<header>
  <h1>${tt(c, 'customization', 'SSL VPN Service')}</h1>
  ${bar}
</header>
<main id="${h(f.id)}">
${f.body}
</main>
<footer>headend</footer>
<script src="${PATHS.js}"></script>
</body>
</html>
`;
}

export interface LoginPage {
  action: string;
  error?: string;
  /** the group drop-down; empty when `tunnel-group-list enable` is off or a group-url chose the group */
  groups: { alias: string; selected: boolean }[];
  username?: string;
}

export function loginPage(c: Catalog, o: LoginPage): string {
  const select = o.groups.length
    ? `<label for="group_list">${tt(c, 'customization', 'GROUP:')}</label>
<select id="group_list" name="group_list">
${o.groups.map((g) => `<option value="${h(g.alias)}"${g.selected ? ' selected' : ''}>${h(g.alias)}</option>`).join('\n')}
</select>`
    : '';
  const body = `<h2>${tt(c, 'customization', 'Login')}</h2>
<p>${tt(c, 'customization', 'Please enter your username and password.')}</p>
${o.error ? `<p class="error" id="error" role="alert">${h(c.t('customization', o.error))}</p>` : ''}
<form method="post" action="${h(o.action)}" id="login-form" autocomplete="on">
${select}
<label for="username">${tt(c, 'customization', 'USERNAME:')}</label>
<input id="username" name="username" type="text" autocomplete="username" required value="${h(o.username ?? '')}" autofocus>
<label for="password">${tt(c, 'customization', 'PASSWORD:')}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<div class="actions"><button class="primary" type="submit" id="login" name="Login" value="Logon">${tt(c, 'customization', 'Logon')}</button></div>
</form>`;
  return page({ c, id: 'logon', title: c.t('customization', 'Login'), body });
}

export interface AskPage {
  who: Who;
  defaultAction: 'anyconnect' | 'webvpn';
  /** null: wait for the user */
  timeoutSec: number | null;
}

export function askPage(c: Catalog, o: AskPage): string {
  const target = o.defaultAction === 'anyconnect' ? PATHS.anyconnect : PATHS.portal;
  const timer = o.timeoutSec !== null
    ? `<p id="ask-timer">${th(c, 'webvpn', 'The default action is taken in %s seconds.',
      `<span class="countdown" id="countdown" data-seconds="${o.timeoutSec}" data-target="${h(target)}">${o.timeoutSec}</span>`)}</p>`
    : '';
  const body = `<h2>${tt(c, 'AnyConnect', 'AnyConnect Secure Mobility Client')}</h2>
<p>${tt(c, 'webvpn', 'Do you want to download the AnyConnect client, or go to the portal?')}</p>
<div class="actions">
<a class="button${o.defaultAction === 'anyconnect' ? '' : ' secondary'}" id="ask-anyconnect" href="${PATHS.anyconnect}">${tt(c, 'AnyConnect', 'Download the client')}</a>
<a class="button${o.defaultAction === 'webvpn' ? '' : ' secondary'}" id="ask-portal" href="${PATHS.portal}">${tt(c, 'webvpn', 'Go to the portal')}</a>
</div>
${timer}`;
  // without script, a refresh takes the default action all the same
  const head = o.timeoutSec !== null ? `<noscript><meta http-equiv="refresh" content="${o.timeoutSec};url=${h(target)}"></noscript>` : '';
  return page({ c, id: 'ask', title: c.t('AnyConnect', 'AnyConnect Secure Mobility Client'), body, who: o.who, head });
}

export interface DownloadPage {
  who: Who;
  /** the browser's OS as shown to the user */
  osName: string;
  pkg?: { href: string; file: string; size: number };
  /** `anyconnect enable` is off */
  disabled?: boolean;
}

export function downloadPage(c: Catalog, o: DownloadPage): string {
  const offer = o.pkg
    ? `<p>${tt(c, 'AnyConnect', 'Install the AnyConnect Secure Mobility Client, then connect to this server with it.')}</p>
<div class="actions"><a class="button" id="download" href="${h(o.pkg.href)}" download="${h(o.pkg.file)}">${tt(c, 'AnyConnect', 'Download for %s', o.osName)}</a></div>
<p class="muted" id="package">${tt(c, 'AnyConnect', 'Package: %s (%s bytes)', o.pkg.file, String(o.pkg.size))}</p>`
    : `<p class="warning" id="no-package" role="alert">${o.disabled
      ? tt(c, 'AnyConnect', 'AnyConnect is not enabled on the VPN server')
      : o.osName === 'unknown'
        ? tt(c, 'AnyConnect', 'No AnyConnect package for this operating system is available on this server. Contact your administrator.')
        : tt(c, 'AnyConnect', 'No AnyConnect package for %s is available on this server. Contact your administrator.', o.osName)}</p>`;
  const body = `<h2>${tt(c, 'AnyConnect', 'AnyConnect Secure Mobility Client')}</h2>
<p id="os">${tt(c, 'AnyConnect', 'Your operating system: %s', o.osName)}</p>
${offer}`;
  return page({ c, id: 'anyconnect', title: c.t('AnyConnect', 'Download the client'), body, who: o.who });
}

export function portalPage(c: Catalog, who: Who): string {
  const body = `<h2>${tt(c, 'webvpn', 'Welcome, %s', who.user)}</h2>
<h3>${tt(c, 'webvpn', 'Applications')}</h3>
<ul class="apps">
<li><a id="app-anyconnect" href="${PATHS.anyconnect}">${tt(c, 'webvpn', 'AnyConnect')}</a> <span class="muted">${tt(c, 'AnyConnect', 'Start AnyConnect')}</span></li>
</ul>`;
  return page({ c, id: 'portal', title: c.t('customization', 'Home'), body, who });
}

export function logoutPage(c: Catalog): string {
  const body = `<h2>${tt(c, 'customization', 'Goodbye.')}</h2>
<p id="ended">${tt(c, 'customization', 'Your session has ended.')}</p>
<div class="actions"><a class="button" id="again" href="${PATHS.logon}">${tt(c, 'customization', 'Log in again')}</a></div>`;
  return page({ c, id: 'logout', title: c.t('customization', 'Logout'), body });
}

export function notFoundPage(c: Catalog): string {
  const body = `<h2>${tt(c, 'webvpn', 'Not Found')}</h2>
<p>${tt(c, 'webvpn', 'The requested page does not exist.')}</p>
<div class="actions"><a class="button" href="${PATHS.logon}">${tt(c, 'customization', 'Login')}</a></div>`;
  return page({ c, id: 'not-found', title: c.t('webvpn', 'Not Found'), body });
}
