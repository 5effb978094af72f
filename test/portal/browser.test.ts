// The portal in a real Chromium against the product: login with the group drop-down, the ask page
// and its countdown, the package for the browser's OS, download headers, logout, and a Spanish page
// after importing es-us translation tables.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, SCREENS, UA, closeBrowsers, fakePackage, goto, logIn, openBrowser, screenshot, startProduct, uniqueListener, type Product } from './helpers.ts';

const L = uniqueListener(61);
const WIN = 'cisco-secure-client-win-5.1.2.42-webdeploy-k9.pkg';
const WIN_OLD = 'anyconnect-win-4.10.08025-webdeploy-k9.pkg';
const LINUX = 'cisco-secure-client-linux64-5.1.2.42-webdeploy-k9.pkg';

// order: the newer Windows package (1) is offered before the older one (2); no macOS image
const config = `configure terminal
interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address ${L.address} 255.255.255.0
ip local pool web_pool 198.51.100.20-198.51.100.40 mask 255.255.255.0
webvpn
 port ${L.port}
 enable outside
 anyconnect image disk0:/${WIN_OLD} 2
 anyconnect image disk0:/${WIN} 1
 anyconnect image disk0:/${LINUX} 3
 anyconnect enable
 tunnel-group-list enable
group-policy eng internal
group-policy eng attributes
 vpn-tunnel-protocol ssl-client
 address-pools value web_pool
group-policy sales internal
group-policy sales attributes
 vpn-tunnel-protocol ssl-client
 webvpn
  anyconnect ask enable default anyconnect timeout 3
group-policy ops internal
group-policy ops attributes
 vpn-tunnel-protocol ssl-client
 webvpn
  anyconnect ask enable default webvpn timeout 3
group-policy wait internal
group-policy wait attributes
 vpn-tunnel-protocol ssl-client
 webvpn
  anyconnect ask enable
tunnel-group ENG type remote-access
tunnel-group ENG general-attributes
 default-group-policy eng
tunnel-group ENG webvpn-attributes
 group-alias Engineering enable
tunnel-group SALES type remote-access
tunnel-group SALES general-attributes
 default-group-policy sales
tunnel-group SALES webvpn-attributes
 group-alias Sales enable
tunnel-group OPS type remote-access
tunnel-group OPS general-attributes
 default-group-policy ops
tunnel-group OPS webvpn-attributes
 group-alias Operations enable
tunnel-group WAIT type remote-access
tunnel-group WAIT general-attributes
 default-group-policy wait
tunnel-group WAIT webvpn-attributes
 group-alias Ask enable
username lee password LeePass-1
end`;

let p: Product;

beforeAll(async () => {
  p = await startProduct(config, { [WIN]: fakePackage(WIN), [WIN_OLD]: fakePackage(WIN_OLD, 1000), [LINUX]: fakePackage(LINUX, 40_000) });
}, 60_000);

afterAll(async () => {
  await closeBrowsers();
  await p?.stop();
  console.log(`portal screenshots: ${SCREENS}`);
}, 60_000);

describe('portal in Chromium', () => {
  it('shows the login page with username, password and the enabled group aliases', async () => {
    const ctx = await openBrowser({ userAgent: UA.windows });
    const page = await ctx.newPage();
    const res = await goto(page, `${p.url}/`);
    expect(res?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/+CSCOE+/logon.html');
    await expect(page.locator('#username').isVisible()).resolves.toBe(true);
    expect(await page.locator('#password').getAttribute('type')).toBe('password');
    expect(await page.locator('#group_list option').allTextContents()).toEqual(['Engineering', 'Sales', 'Operations', 'Ask']);
    expect(await page.textContent('h2')).toBe('Login');
    await screenshot(page, '01-logon');
  }, 60_000);

  it('a wrong password stays on the login page with "Login failed."', async () => {
    const ctx = await openBrowser({ userAgent: UA.windows });
    const page = await ctx.newPage();
    await goto(page, `${p.url}/`);
    await logIn(page, 'lee', 'wrong', 'Engineering');
    expect(await page.textContent('#error')).toBe('Login failed.');
    expect(await page.inputValue('#username')).toBe('lee');
    expect(await page.inputValue('#password')).toBe('');
    expect((await ctx.cookies()).filter((c) => c.name === 'webvpn_portal')).toEqual([]);
    await screenshot(page, '02-login-failed');
  }, 60_000);

  it('a login form on another origin (a data: URL page, Origin: null) is refused: no portal session (login CSRF)', async () => {
    const ctx = await openBrowser({ userAgent: UA.windows });
    const page = await ctx.newPage();
    // our own login page makes Chromium name our origin on its POST (Referrer-Policy same-origin)
    const own = await goto(page, `${p.url}/`);
    expect(own?.headers()['referrer-policy']).toBe('same-origin');
    const form = `<form method="post" action="${p.url}/+webvpn+/index.html"><input name="username" value="lee"><input name="password" value="LeePass-1"><input name="group_list" value="Engineering"><button id="go">go</button></form>`;
    await page.goto(`data:text/html,${encodeURIComponent(form)}`);
    const [res] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/+webvpn+/index.html')), page.click('#go')]);
    expect(res.request().headers()['origin']).toBe('null');
    expect(res.status()).toBe(403);
    expect((await ctx.cookies()).filter((c) => c.name === 'webvpn_portal')).toEqual([]);
  }, 60_000);

  it('ask none: login goes to the download page with the first Windows image in order; the download has the right headers', async () => {
    const ctx = await openBrowser({ userAgent: UA.windows });
    const page = await ctx.newPage();
    await goto(page, `${p.url}/`);
    await logIn(page, 'lee', 'LeePass-1', 'Engineering');
    expect(new URL(page.url()).pathname).toBe('/+CSCOE+/anyconnect.html');
    expect(await page.textContent('#os')).toBe('Your operating system: Windows');
    expect(await page.textContent('#status')).toBe('Connected');
    expect(await page.textContent('#who')).toBe('Signed in as lee (group Engineering)');
    const href = await page.getAttribute('#download', 'href');
    expect(href).toBe(`/CACHE/stc/1/binaries/${WIN}`);
    expect(await page.textContent('#download')).toBe('Download for Windows');
    await screenshot(page, '03-download-windows');

    const cookie = (await ctx.cookies()).find((c) => c.name === 'webvpn_portal')!;
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
    expect(cookie.value).toMatch(/^[0-9A-F]{64}$/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    expect(download.suggestedFilename()).toBe(WIN);
    const saved = path.join(p.dir, 'downloaded.pkg');
    await download.saveAs(saved);
    expect(fs.readFileSync(saved).equals(fakePackage(WIN))).toBe(true);

    const r = await ctx.request.get(`${p.url}${href}`);
    expect(r.status()).toBe(200);
    expect(r.headers()['content-type']).toBe('application/octet-stream');
    expect(r.headers()['content-disposition']).toBe(`attachment; filename="${WIN}"; filename*=UTF-8''${WIN}`);
    expect(r.headers()['content-length']).toBe(String(fakePackage(WIN).length));
    expect((await r.body()).equals(fakePackage(WIN))).toBe(true);
  }, 60_000);

  it('a Linux browser is offered the linux64 package; a macOS browser is told there is none', async () => {
    const linux = await openBrowser({ userAgent: UA.linux });
    const page = await linux.newPage();
    await goto(page, `${p.url}/`);
    await logIn(page, 'lee', 'LeePass-1', 'Engineering');
    expect(await page.textContent('#os')).toBe('Your operating system: Linux');
    expect(await page.getAttribute('#download', 'href')).toBe(`/CACHE/stc/3/binaries/${LINUX}`);
    expect(await page.textContent('#package')).toBe(`Package: ${LINUX} (40000 bytes)`);
    await screenshot(page, '04-download-linux');

    const mac = await openBrowser({ userAgent: UA.macos });
    const mpage = await mac.newPage();
    await goto(mpage, `${p.url}/`);
    await logIn(mpage, 'lee', 'LeePass-1', 'Engineering');
    expect(await mpage.textContent('#no-package')).toBe('No AnyConnect package for macOS is available on this server. Contact your administrator.');
    expect(await mpage.locator('#download').count()).toBe(0);
    await screenshot(mpage, '05-download-macos-none');
  }, 60_000);

  it('downloads need a portal session', async () => {
    const ctx = await openBrowser({ userAgent: UA.windows });
    const r = await ctx.request.get(`${p.url}/CACHE/stc/1/binaries/${WIN}`);
    expect(r.status()).toBe(403);
    const page = await ctx.newPage();
    await goto(page, `${p.url}/+CSCOE+/anyconnect.html`);
    expect(new URL(page.url()).pathname).toBe('/+CSCOE+/logon.html');
  }, 60_000);

  it('ask enable default anyconnect timeout 3: the ask page counts down and downloads the client at zero', async () => {
    const ctx = await openBrowser({ userAgent: UA.windows });
    const page = await ctx.newPage();
    await goto(page, `${p.url}/`);
    await logIn(page, 'lee', 'LeePass-1', 'Sales');
    expect(new URL(page.url()).pathname).toBe('/+CSCOE+/ask.html');
    expect(await page.textContent('main p')).toBe('Do you want to download the AnyConnect client, or go to the portal?');
    expect(await page.textContent('#ask-anyconnect')).toBe('Download the client');
    expect(await page.textContent('#ask-portal')).toBe('Go to the portal');
    expect(await page.locator('#countdown').isVisible()).toBe(true);
    expect(Number(await page.textContent('#countdown'))).toBeGreaterThan(0);
    await screenshot(page, '06-ask-countdown');
    // the countdown reaches zero and takes the default action by itself
    await page.waitForURL('**/+CSCOE+/anyconnect.html', { timeout: 20_000 });
    expect(await page.getAttribute('#download', 'href')).toBe(`/CACHE/stc/1/binaries/${WIN}`);
    await screenshot(page, '07-ask-default-anyconnect');
  }, 60_000);

  it('ask enable default webvpn timeout 3: the countdown goes to the portal', async () => {
    const ctx = await openBrowser({ userAgent: UA.linux });
    const page = await ctx.newPage();
    await goto(page, `${p.url}/`);
    await logIn(page, 'lee', 'LeePass-1', 'Operations');
    expect(new URL(page.url()).pathname).toBe('/+CSCOE+/ask.html');
    await page.waitForURL('**/+CSCOE+/portal.html', { timeout: 20_000 });
    expect(await page.textContent('main h2')).toBe('Welcome, lee');
    expect(await page.textContent('#app-anyconnect')).toBe('AnyConnect');
    await screenshot(page, '08-portal-home');
    await Promise.all([page.waitForNavigation(), page.click('#app-anyconnect')]);
    expect(await page.getAttribute('#download', 'href')).toBe(`/CACHE/stc/3/binaries/${LINUX}`);
  }, 60_000);

  it('ask enable without a default waits for the user, who chooses the portal', async () => {
    const ctx = await openBrowser({ userAgent: UA.windows });
    const page = await ctx.newPage();
    await goto(page, `${p.url}/`);
    await logIn(page, 'lee', 'LeePass-1', 'Ask');
    expect(new URL(page.url()).pathname).toBe('/+CSCOE+/ask.html');
    expect(await page.locator('#countdown').count()).toBe(0);
    await screenshot(page, '09-ask-no-timeout');
    await Promise.all([page.waitForNavigation(), page.click('#ask-portal')]);
    expect(new URL(page.url()).pathname).toBe('/+CSCOE+/portal.html');
  }, 60_000);

  it('logout ends the portal session: the cookie no longer opens pages or downloads', async () => {
    const ctx = await openBrowser({ userAgent: UA.windows });
    const page = await ctx.newPage();
    await goto(page, `${p.url}/`);
    await logIn(page, 'lee', 'LeePass-1', 'Engineering');
    const old = (await ctx.cookies()).find((c) => c.name === 'webvpn_portal')!.value;
    await Promise.all([page.waitForNavigation(), page.click('#logout')]);
    expect(await page.textContent('main h2')).toBe('Goodbye.');
    await screenshot(page, '10-logout');
    expect((await ctx.cookies()).filter((c) => c.name === 'webvpn_portal')).toEqual([]);
    // the old cookie, replayed, is dead
    const replay = await ctx.request.get(`${p.url}/CACHE/stc/1/binaries/${WIN}`, { headers: { cookie: `webvpn_portal=${old}` } });
    expect(replay.status()).toBe(403);
    await goto(page, `${p.url}/+CSCOE+/portal.html`);
    expect(new URL(page.url()).pathname).toBe('/+CSCOE+/logon.html');
  }, 60_000);

  it('es-us tables imported with the CLI turn the pages Spanish for an es-US browser ("Connected" → "Conectado")', async () => {
    fs.copyFileSync(path.join(FIXTURES, 'es-us.customization.po'), path.join(p.dir, 'disk0', 'es-us.customization.po'));
    fs.copyFileSync(path.join(FIXTURES, 'es-us.AnyConnect.po'), path.join(p.dir, 'disk0', 'es-us.AnyConnect.po'));
    expect(await p.shell.run('import webvpn translation-table customization language es-us disk0:/es-us.customization.po')).toEqual(['!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!']);
    expect(await p.shell.run('import webvpn translation-table AnyConnect language es-us disk0:/es-us.AnyConnect.po')).toEqual(['!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!']);

    const ctx = await openBrowser({ userAgent: UA.windows, locale: 'es-US' });
    const page = await ctx.newPage();
    await goto(page, `${p.url}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('es-us');
    expect(await page.textContent('h2')).toBe('Inicio de sesión');
    expect(await page.textContent('label[for=username]')).toBe('USUARIO:');
    expect(await page.textContent('#login')).toBe('Iniciar sesión');
    await screenshot(page, '11-logon-es-us');
    await logIn(page, 'lee', 'LeePass-1', 'Engineering');
    expect(await page.textContent('#status')).toBe('Conectado');
    expect(await page.textContent('#download')).toBe('Descargar para Windows');
    expect(await page.textContent('#os')).toBe('Su sistema operativo: Windows');
    await screenshot(page, '12-download-es-us');

    // an English browser still gets English
    const en = await openBrowser({ userAgent: UA.windows, locale: 'en-US' });
    const epage = await en.newPage();
    await goto(epage, `${p.url}/`);
    expect(await epage.textContent('h2')).toBe('Login');
  }, 60_000);
});
