// Portal tests run the product: a HeadendApp configured through its CLI, the gateway service it
// starts, and the real Chromium (playwright-core, Debian's /usr/bin/chromium) with a fresh
// user-data-dir per browser. Screenshots go to test-output/portal-screens/ (git-ignored).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserServer, type Page, type Response } from 'playwright-core';
import { HeadendApp } from '../../src/app.ts';
import { startGateway } from '../../src/gateway-service.ts';
import { Shell } from '../shell/helpers.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const FIXTURES = path.join(ROOT, 'test/fixtures/portal');
export const SCREENS = path.join(ROOT, 'test-output/portal-screens');

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const UA = {
  windows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  linux: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  macos: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
} as const;

/** a loopback address and port of this test file's own */
export function uniqueListener(second: number): { address: string; port: number } {
  return { address: `127.${second}.${Math.floor(Math.random() * 200) + 20}.1`, port: 20000 + Math.floor(Math.random() * 25000) };
}

/** deterministic bytes standing in for a client package */
export function fakePackage(name: string, size = 48 * 1024): Buffer {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = (i * 31 + name.length * 7 + name.charCodeAt(i % name.length)) & 0xff;
  return b;
}

export interface Product {
  app: HeadendApp;
  shell: Shell;
  dir: string;
  url: string;
  stop(): Promise<void>;
}

/** Boots the product from an empty configuration with `disk0` files, types `config`, starts the gateway. */
export async function startProduct(config: string, disk0: Record<string, Buffer | string> = {}): Promise<Product> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headend-portal-'));
  fs.mkdirSync(path.join(dir, 'disk0'), { recursive: true });
  for (const [name, data] of Object.entries(disk0)) fs.writeFileSync(path.join(dir, 'disk0', name), data);
  fs.writeFileSync(path.join(dir, 'empty.cfg'), '');
  const app = new HeadendApp({ stateDir: dir, configFile: path.join(dir, 'empty.cfg'), console: () => {} });
  await app.boot();
  // the audit messages in the log file (<dir>/log/headend.log), as an ASA is told to keep them
  await app.loadText('logging enable\nlogging buffered debugging', 'test');
  const shell = new Shell(app);
  const out = await shell.feed(config);
  if (/ERROR/.test(out)) throw new Error(`configuration refused:\n${out}`);
  const gw = await startGateway(app, () => {});
  const l = gw.gateway.listening()[0];
  if (!l?.boundPort) throw new Error(`gateway not listening: ${JSON.stringify(gw.gateway.listening())}`);
  return {
    app, shell, dir,
    url: `https://${l.address}:${l.boundPort}`,
    stop: async () => {
      await gw.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

let server: BrowserServer | null = null;
let browser: Browser | null = null;
const contexts = new Set<BrowserContext>();

/**
 * A fresh browser context (its own cookies and storage) as one person's browser, with the given
 * User-Agent and language. One Chromium process serves a test file, started on first use with a
 * new user-data-dir (playwright makes one for each launch).
 */
export async function openBrowser(o: { userAgent?: string; locale?: string } = {}): Promise<BrowserContext> {
  if (!browser) {
    server = await chromium.launchServer({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
    browser = await chromium.connect(server.wsEndpoint(), { timeout: 30_000 });
  }
  const ctx = await browser.newContext({
    ignoreHTTPSErrors: true,
    acceptDownloads: true,
    viewport: { width: 1000, height: 720 },
    ...(o.userAgent ? { userAgent: o.userAgent } : {}),
    ...(o.locale ? { locale: o.locale } : {}),
  });
  ctx.setDefaultTimeout(15_000);
  ctx.setDefaultNavigationTimeout(15_000);
  contexts.add(ctx);
  return ctx;
}

const within = (p: Promise<unknown>, ms: number): Promise<unknown> => Promise.race([p.catch(() => {}), new Promise((r) => setTimeout(r, ms))]);

/** Closes the contexts and the browser; a browser that does not close in time is killed. */
export async function closeBrowsers(): Promise<void> {
  await within(Promise.all([...contexts].map((c) => c.close())), 10_000);
  contexts.clear();
  const b = browser, s = server;
  browser = null; server = null;
  if (b) await within(b.close(), 5000);
  if (s) {
    await within(s.close(), 5000);
    await within(s.kill(), 5000);
  }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENS, { recursive: true });
  const file = path.join(SCREENS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Fills and submits the login form; `group` picks a drop-down label when given. */
export async function logIn(page: Page, user: string, password: string, group?: string): Promise<void> {
  if (group) await page.selectOption('#group_list', { label: group });
  await page.fill('#username', user);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('#login')]);
}

/**
 * page.goto, retried when Chromium reports ERR_NETWORK_CHANGED (its network-change notifier fires
 * when another process on the machine adds or removes an interface or address)
 */
export async function goto(page: Page, url: string): Promise<Response | null> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await page.goto(url);
    } catch (e) {
      if (attempt >= 4 || !/ERR_NETWORK_CHANGED/.test((e as Error).message)) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
