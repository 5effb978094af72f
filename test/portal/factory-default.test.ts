// A person with the factory-default configuration: `headend` as a child process (daemon mode), a
// browser at https://ADDRESS:PORT/, the generated admin's password from the console, login with
// the `default` group alias, and the download page. The factory-default's 127.1.0.1:8443 is moved
// to this test's own address and port so that it can run beside a real headend.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACTORY_DEFAULT } from '../../src/app.ts';
import { ROOT, closeBrowsers, goto, logIn, openBrowser, screenshot, uniqueListener } from './helpers.ts';

const L = uniqueListener(63);
let child: ChildProcess | undefined;
let dir: string;
let out = '';

function listening(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = tls.connect({ host: address, port, rejectUnauthorized: false, timeout: 1000 }, () => { s.destroy(); resolve(true); });
    s.on('error', () => resolve(false));
    s.on('timeout', () => { s.destroy(); resolve(false); });
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headend-factory-'));
  const text = fs.readFileSync(FACTORY_DEFAULT, 'utf8');
  expect(text).toMatch(/ip address 127\.1\.0\.1 /);
  expect(text).toMatch(/^ port 8443$/m);
  const cfg = path.join(dir, 'factory.cfg');
  fs.writeFileSync(cfg, text.replace('ip address 127.1.0.1 ', `ip address ${L.address} `).replace(/^ port 8443$/m, ` port ${L.port}`));
  child = spawn(process.execPath, [path.join(ROOT, 'bin/headend.cjs'), '--no-console', '--no-ssh', '--config', cfg, '--state-dir', path.join(dir, 'state')], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => { out += c.toString('utf8'); });
  child.stderr!.on('data', (c: Buffer) => { out += c.toString('utf8'); });
  for (let i = 0; i < 100 && !(await listening(L.address, L.port)); i++) {
    if (child.exitCode !== null) throw new Error(`headend exited:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(await listening(L.address, L.port), out).toBe(true);
}, 60_000);

afterAll(async () => {
  await closeBrowsers();
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  fs.rmSync(dir, { recursive: true, force: true });
}, 30_000);

describe('the factory-default portal', () => {
  it('a person logs in as the generated admin and reaches the download page', async () => {
    const pw = /created "admin" with password (\S+)/.exec(out)?.[1];
    expect(pw, out).toBeDefined();
    const ctx = await openBrowser();
    const page = await ctx.newPage();
    await goto(page, `https://${L.address}:${L.port}/`);
    expect(await page.locator('#group_list option').allTextContents()).toEqual(['default']);
    await screenshot(page, '20-factory-logon');
    await logIn(page, 'admin', pw!);
    expect(new URL(page.url()).pathname).toBe('/+CSCOE+/anyconnect.html');
    expect(await page.textContent('#who')).toBe('Signed in as admin (group default)');
    // the factory default has no `anyconnect image`: the page says so
    expect(await page.textContent('#no-package')).toMatch(/^No AnyConnect package for Linux is available on this server\./);
    await screenshot(page, '21-factory-download');
  }, 60_000);
});
