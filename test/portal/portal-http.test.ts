// The portal at the HTTP level on a test gateway: which requests it takes (browsers) and which it
// leaves to the AnyConnect protocol (openconnect's XML POSTs, its User-Agent, CONNECT, profiles),
// group-url logins, HEAD, the Origin check, escaping, session expiry, and downloads by the Cisco
// client's VPN cookie.
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Portal } from '../../src/gateway/portal/portal.ts';
import { browserPlatform, clientPackage, imagePlatform, pickImage } from '../../src/gateway/portal/platform.ts';
import type { FlashFile, ImageSpec } from '../../src/gateway/view.ts';
import { removeSharedDir, startGateway, stopGateways, type TestGateway } from '../gateway/harness.ts';
import { TestView } from '../gateway/view-fixture.ts';
import { TranslationStore } from '../../src/translations/index.ts';
import { FIXTURES, UA, fakePackage } from './helpers.ts';

afterEach(async () => { await stopGateways(); });
afterAll(() => removeSharedDir());

const WIN = 'cisco-secure-client-win-5.1.2.42-webdeploy-k9.pkg';

class PortalView extends TestView {
  imageList: ImageSpec[] = [{ path: `disk0:/${WIN}`, order: 1 }];
  files = new Map<string, Buffer>([[`disk0:/${WIN}`, fakePackage(WIN, 3000)]]);
  images(): ImageSpec[] { return this.imageList; }
  flashFile(p: string): FlashFile | undefined {
    const data = this.files.get(p);
    return data && { size: data.length, open: async () => Readable.from([data]) };
  }
}

async function portalGateway(opts: { minuteMs?: number } = {}): Promise<{ t: TestGateway; view: PortalView; portal: Portal }> {
  const view = new PortalView();
  view.users.set('lee', { password: 'pw-lee' });
  const portal = new Portal({ view, minuteMs: opts.minuteMs });
  const t = await startGateway(view, { portal });
  return { t, view, portal };
}

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; body: string; raw: Buffer }

function request(t: TestGateway, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port: t.port, method, path, rejectUnauthorized: false, agent: false, timeout: 10_000,
      headers: { 'user-agent': UA.windows, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => { const raw = Buffer.concat(chunks); resolve({ status: res.statusCode ?? 0, headers: res.headers, body: raw.toString('utf8'), raw }); });
    });
    req.on('timeout', () => req.destroy(new Error('request timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

const form = (f: Record<string, string>): string => new URLSearchParams(f).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

async function login(t: TestGateway, fields: Record<string, string>, path = '/+webvpn+/index.html', extra: Record<string, string> = {}): Promise<Reply> {
  return request(t, 'POST', path, { ...FORM, ...extra }, form(fields));
}

const cookieOf = (r: Reply): string => String((r.headers['set-cookie'] as string[] | undefined)?.[0] ?? '').split(';')[0];

describe('what the portal takes and what it leaves to the AnyConnect protocol', () => {
  it('a browser GET / is redirected to the login page; openconnect\'s GET / and XML POST are not the portal\'s', async () => {
    const { t } = await portalGateway();
    const b = await request(t, 'GET', '/');
    expect(b.status).toBe(302);
    expect(b.headers.location).toBe('/+CSCOE+/logon.html');

    const oc = await request(t, 'GET', '/', { 'user-agent': 'Open AnyConnect VPN Agent v9.01-3' });
    expect(oc.status).toBe(404);
    expect(oc.body).toBe('Not Found\n');

    const init = '<?xml version="1.0" encoding="UTF-8"?>\n<config-auth client="vpn" type="init" aggregate-auth-version="2"><version who="vpn">v9.01-3</version><device-id>linux-64</device-id></config-auth>';
    const x = await request(t, 'POST', '/', { 'x-aggregate-auth': '1', 'x-transcend-version': '1', 'content-type': 'application/xml; charset=utf-8', 'user-agent': UA.windows }, init);
    expect(x.status).toBe(200);
    expect(x.body).toContain('<config-auth client="vpn" type="auth-request" aggregate-auth-version="2">');
  }, 30_000);

  it('HEAD has the headers and no body; unknown pages are 404; the security headers are set', async () => {
    const { t } = await portalGateway();
    const h = await request(t, 'HEAD', '/+CSCOE+/logon.html');
    expect(h.status).toBe(200);
    expect(h.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(h.raw.length).toBe(0);
    const g = await request(t, 'GET', '/+CSCOE+/logon.html');
    expect(g.headers['content-security-policy']).toContain("script-src 'self'");
    expect(g.headers['x-frame-options']).toBe('DENY');
    expect(g.headers['cache-control']).toBe('no-store');
    const n = await request(t, 'GET', '/nowhere');
    expect(n.status).toBe(404);
    expect(n.body).toContain('The requested page does not exist.');
  }, 30_000);

  it('a group-url opens the login page of its group, without the drop-down, and logs into that tunnel-group', async () => {
    const { t, view } = await portalGateway();
    view.groupList = true;
    view.groupEntries = [
      { tunnelGroup: 'DefaultWEBVPNGroup', aliases: [], urls: [] },
      { tunnelGroup: 'ENG', aliases: ['Engineering'], urls: ['https://vpn.example.com/eng'] },
      { tunnelGroup: 'SALES', aliases: ['Sales'], urls: [] },
    ];
    const page = await request(t, 'GET', '/eng');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<form method="post" action="/eng" id="login-form"');
    expect(page.body).not.toContain('group_list');
    const r = await login(t, { username: 'lee', password: 'pw-lee', group_list: 'Sales' }, '/eng');
    expect(r.status).toBe(303);
    expect(view.authLog.at(-1)).toMatchObject({ user: 'lee', tunnelGroup: 'ENG', ok: true });

    const list = await request(t, 'GET', '/+CSCOE+/logon.html');
    expect(list.body).toContain('<option value="Engineering" selected>Engineering</option>\n<option value="Sales">Sales</option>');
    const bad = await login(t, { username: 'lee', password: 'pw-lee', group_list: 'Nope' });
    expect(bad.status).toBe(200);
    expect(bad.body).toContain('Login failed.');
    expect(view.authLog.at(-1)?.tunnelGroup).toBe('ENG');
  }, 30_000);

  it('refuses a cross-site form POST and escapes what the user typed', async () => {
    const { t, view } = await portalGateway();
    const x = await login(t, { username: 'lee', password: 'pw-lee' }, '/+webvpn+/index.html', { origin: 'https://evil.example' });
    expect(x.status).toBe(403);
    expect(view.authLog).toEqual([]);
    const e = await login(t, { username: '"><script>alert(1)</script>', password: 'x' }, '/+webvpn+/index.html', { origin: `https://127.0.0.1:${t.port}`, host: `127.0.0.1:${t.port}` });
    expect(e.body).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(e.body).not.toContain('<script>alert');
  }, 30_000);
});

describe('login CSRF through an opaque origin', () => {
  it('refuses a login POST with Origin: null as it refuses another site; the pages make the browser name their origin', async () => {
    const { t, view } = await portalGateway();
    // a sandboxed frame or a data: URL page posts with Origin: null (the login CSRF of issue 11)
    const x = await login(t, { username: 'lee', password: 'pw-lee' }, '/+webvpn+/index.html', { origin: 'null' });
    expect(x.status).toBe(403);
    expect(x.body).toBe('Forbidden\n');
    expect(x.headers['set-cookie']).toBeUndefined();
    for (const origin of ['null ', 'file://', 'https://127.0.0.1.evil.example']) {
      expect((await login(t, { username: 'lee', password: 'pw-lee' }, '/+webvpn+/index.html', { origin })).status, origin).toBe(403);
    }
    expect(view.authLog).toEqual([]);
    // under `Referrer-Policy: no-referrer` a browser sends Origin: null on its own form POST; `same-origin` keeps it
    const page = await request(t, 'GET', '/+CSCOE+/logon.html');
    expect(page.headers['referrer-policy']).toBe('same-origin');
    // the same-origin POST a browser makes, and a client that sends no Origin at all, still log in
    const ok = await login(t, { username: 'lee', password: 'pw-lee' }, '/+webvpn+/index.html', { origin: `https://127.0.0.1:${t.port}`, host: `127.0.0.1:${t.port}` });
    expect(ok.status).toBe(303);
    expect((await login(t, { username: 'lee', password: 'pw-lee' })).status).toBe(303);
  }, 30_000);
});

describe('portal sessions and downloads', () => {
  it('a portal session ends after the idle timeout', async () => {
    // one "minute" of 1 s: long enough for the first request to come in time on a loaded machine
    const { t, view } = await portalGateway({ minuteMs: 1000 });
    view.base = { idleTimeoutMin: 1 };
    const r = await login(t, { username: 'lee', password: 'pw-lee' });
    const cookie = cookieOf(r);
    expect(cookie).toMatch(/^webvpn_portal=[0-9A-F]{64}$/);
    expect((await request(t, 'GET', '/+CSCOE+/portal.html', { cookie })).status).toBe(200);
    await new Promise((res) => setTimeout(res, 2500));
    const after = await request(t, 'GET', '/+CSCOE+/portal.html', { cookie });
    expect(after.status).toBe(302);
    expect(after.headers.location).toBe('/+CSCOE+/logon.html');
  }, 30_000);

  it('with vpn-idle-timeout none, a portal session ends after webvpn default-idle-timeout', async () => {
    // `default-idle-timeout 120` is two "minutes" of 300 ms here (600 ms); the policy says
    // `vpn-idle-timeout none`, which the old code took as 30 minutes (9 s)
    const { t, view } = await portalGateway({ minuteMs: 300 });
    view.base = { idleTimeoutMin: null };
    view.idleSec = 120;
    const cookie = cookieOf(await login(t, { username: 'lee', password: 'pw-lee' }));
    expect((await request(t, 'GET', '/+CSCOE+/portal.html', { cookie })).status).toBe(200);
    await new Promise((res) => setTimeout(res, 2000));
    expect((await request(t, 'GET', '/+CSCOE+/portal.html', { cookie })).status).toBe(302);
  }, 30_000);

  it('the Cisco client downloads the advertised package with its VPN cookie; nothing outside the image list is served', async () => {
    const { t } = await portalGateway();
    const xml = (type: string, auth = ''): string => `<?xml version="1.0" encoding="UTF-8"?>\n<config-auth client="vpn" type="${type}" aggregate-auth-version="2"><version who="vpn">v5.1.2.42</version><device-id>win</device-id>${auth}</config-auth>`;
    const hdrs = { 'x-aggregate-auth': '1', 'x-transcend-version': '1', 'content-type': 'application/xml', 'user-agent': 'AnyConnect Windows 5.1.2.42' };
    await request(t, 'POST', '/', hdrs, xml('init'));
    const done = await request(t, 'POST', '/', hdrs, xml('auth-reply', '<auth><username>lee</username><password>pw-lee</password></auth>'));
    expect(done.body).toContain('<base-package-uri>/CACHE/stc/1</base-package-uri>');
    const token = /<session-token>([^<]+)<\/session-token>/.exec(done.body)![1];
    const path = `/CACHE/stc/1/binaries/${WIN}`;
    expect((await request(t, 'GET', path, { 'user-agent': 'AnyConnect Windows 5.1.2.42' })).status).toBe(403);
    const dl = await request(t, 'GET', path, { 'user-agent': 'AnyConnect Windows 5.1.2.42', cookie: `webvpn=${token}` });
    expect(dl.status).toBe(200);
    expect(dl.raw.equals(fakePackage(WIN, 3000))).toBe(true);
    expect(dl.headers['content-length']).toBe('3000');
    for (const p of [`/CACHE/stc/2/binaries/${WIN}`, '/CACHE/stc/1/binaries/other.pkg', '/CACHE/stc/1/binaries/..%2F..%2Fkeys%2Fkey.pem']) {
      expect((await request(t, 'GET', p, { cookie: `webvpn=${token}` })).status).toBe(404);
    }
  }, 30_000);
});

describe('translation tables and a disabled AnyConnect', () => {
  it('serves an imported table at /+CSCOT+/translation-table by lang or Accept-Language', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headend-tt-'));
    try {
      fs.mkdirSync(path.join(dir, 'es-us'));
      fs.copyFileSync(path.join(FIXTURES, 'es-us.AnyConnect.po'), path.join(dir, 'es-us', 'AnyConnect.po'));
      const store = new TranslationStore({ dir, flash: { exists: () => false, read: () => Buffer.alloc(0), write: () => {} }, fetchUrl: async () => Buffer.alloc(0), putUrl: async () => {} });
      const view = new PortalView();
      const t = await startGateway(view, { portal: new Portal({ view, translations: () => store }) });
      const byLang = await request(t, 'GET', '/+CSCOT+/translation-table?type=po&textdomain=AnyConnect&lang=es-us');
      expect(byLang.status).toBe(200);
      expect(byLang.body).toContain('msgstr "Conectado"');
      const byHeader = await request(t, 'GET', '/+CSCOT+/translation-table?textdomain=anyconnect', { 'accept-language': 'es-US,es;q=0.9', 'user-agent': 'AnyConnect Windows 5.1.2.42' });
      expect(byHeader.headers['content-language']).toBe('es-us');
      expect(byHeader.body).toBe(fs.readFileSync(path.join(FIXTURES, 'es-us.AnyConnect.po'), 'utf8'));
      expect((await request(t, 'GET', '/+CSCOT+/translation-table?textdomain=webvpn&lang=es-us')).status).toBe(404);
      expect((await request(t, 'GET', '/+CSCOT+/translation-table?textdomain=AnyConnect', { 'accept-language': 'fr' })).status).toBe(404);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('with `no anyconnect enable` the download page says AnyConnect is not enabled', async () => {
    const { t, view } = await portalGateway();
    view.enabled = false;
    const cookie = cookieOf(await login(t, { username: 'lee', password: 'pw-lee' }));
    const page = await request(t, 'GET', '/+CSCOE+/anyconnect.html', { cookie });
    expect(page.body).toContain('<p class="warning" id="no-package" role="alert">AnyConnect is not enabled on the VPN server</p>');
    expect(page.body).not.toContain('id="download"');
  }, 30_000);
});

describe('images by platform and order', () => {
  it('reads the platform from the package names of the seeds', () => {
    expect(imagePlatform('disk0:/anyconnect-win-2.3.0254-k9.pkg')).toBe('windows');
    expect(imagePlatform('disk0:/anyconnect-macosx-i386-2.3.0254-k9.pkg')).toBe('macos');
    expect(imagePlatform('disk0:/anyconnect-linux-2.3.0254-k9.pkg')).toBe('linux');
    expect(imagePlatform('disk0:/cisco-secure-client-win-5.1.2.42-webdeploy-k9.pkg')).toBe('windows');
    expect(imagePlatform('disk0:/cisco-secure-client-macos-5.1.2.42-webdeploy-k9.pkg')).toBe('macos');
    expect(imagePlatform('disk0:/cisco-secure-client-linux64-5.1.2.42-webdeploy-k9.pkg')).toBe('linux');
    expect(imagePlatform('disk0:/readme.txt')).toBeUndefined();
  });

  it('picks the first image in order for the browser\'s OS; a regex image matches the User-Agent', () => {
    const imgs: ImageSpec[] = [
      { path: 'disk0:/anyconnect-linux-4.10.1-k9.pkg', order: 3 },
      { path: 'disk0:/anyconnect-win-4.10.1-k9.pkg', order: 2 },
      { path: 'disk0:/cisco-secure-client-win-5.1.2.42-webdeploy-k9.pkg', order: 1 },
    ];
    expect(pickImage(imgs, browserPlatform(UA.windows))?.order).toBe(1);
    expect(pickImage(imgs, browserPlatform(UA.linux))?.order).toBe(3);
    expect(pickImage(imgs, browserPlatform(UA.macos))).toBeUndefined();
    expect(browserPlatform('Mozilla/5.0 (Linux; Android 14; Pixel 8)')).toBeUndefined();
    const withRegex: ImageSpec[] = [{ path: 'disk0:/custom.pkg', order: 1, regex: '"Windows NT 10"' }, ...imgs];
    expect(pickImage(withRegex, 'windows', UA.windows)?.path).toBe('disk0:/custom.pkg');
    expect(pickImage(withRegex, 'linux', UA.linux)?.order).toBe(3);
    expect(clientPackage(imgs, 'linux-64', 'Open AnyConnect VPN Agent v9.01-3')).toEqual({ order: 3, file: 'anyconnect-linux-4.10.1-k9.pkg', version: '4.10.1', os: 'linux-64' });
    expect(clientPackage(imgs, 'mac-intel', '')).toBeUndefined();
  });
});
