// Untrusted text (issue 11, point 6): what a peer chose — the username of a VPN, portal or SSH login
// attempt, the VPN client's User-Agent, its <version> and <device-id> — reaches `show vpn-sessiondb
// detail`, `show aaa local user` and the console log only escaped: an ESC never reaches the admin's
// terminal (`\x1b[2J` would clear it), and a newline never starts a forged log line.
//
// The product as it runs: a booted HeadendApp with the gateway and SSH services started as the
// daemon starts them (console lines captured), hostile logins by a raw TLS client speaking the
// aggregate-auth XML (bytes exactly as chosen, which openconnect would not send), by a browser-style
// form POST and by an ssh2 client, and the CLI of the same process.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeadendApp } from '../../src/app.ts';
import { startGateway } from '../../src/gateway-service.ts';
import { startSsh, type SshHandle } from '../../src/ssh/server.ts';
import { escapeText } from '../../src/text/escape.ts';
import { freePort } from '../../bench/loadgen/net.ts';
import { Shell } from '../shell/helpers.ts';

const ADDR = `127.43.${Math.floor(Math.random() * 200) + 10}.1`;
const CLEAR = '\x1b[2J';
const FORGED = '%ASA-6-113012: AAA user authentication Successful : local database : user = admin';
/** an unauthenticated username: clears the screen, then forges a log line */
const HOSTILE = `mallory${CLEAR}\n${FORGED}`;
/** a configured account whose name carries an escape (a config fetched with `copy URL running-config` can hold one) */
const ODD_USER = `ev${CLEAR}il`;

let dir: string;
let app: HeadendApp;
let shell: Shell;
let ssh: SshHandle;
let stopGateway: () => Promise<void>;
let vpnPort: number;
let sshPort: number;
const logs: string[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headend-untrusted-'));
  vpnPort = await freePort(ADDR);
  sshPort = await freePort(ADDR);
  fs.writeFileSync(path.join(dir, 'boot.cfg'), [
    'hostname headend',
    'interface GigabitEthernet0/0',
    ' nameif outside',
    ' security-level 0',
    ` ip address ${ADDR} 255.255.255.0`,
    'ip local pool P 198.51.100.20-198.51.100.40 mask 255.255.255.0',
    'webvpn',
    ` port ${vpnPort}`,
    ' enable outside',
    ' anyconnect enable',
    'group-policy DfltGrpPolicy attributes',
    ' vpn-tunnel-protocol ssl-client ssl-clientless',
    ' address-pools value P',
    'username admin password adminpw privilege 15',
    'username lee password LeePass-1',
    `username ${ODD_USER} password OddPass-1`,
    'aaa local authentication attempts max-fail 5',
    'aaa authentication ssh console LOCAL',
    // the audit messages on the console and in the buffer (and so the log file), as an ASA is told
    'logging enable',
    'logging console debugging',
    'logging buffered debugging',
    'ssh 127.0.0.0 255.0.0.0 outside',
    '',
  ].join('\n'));
  app = new HeadendApp({ stateDir: dir, configFile: path.join(dir, 'boot.cfg'), console: (l) => logs.push(l) });
  const boot = await app.boot();
  expect(boot.errors).toEqual([]);
  expect([...app.config.model.usernames.keys()]).toContain(ODD_USER);
  ssh = startSsh(app, { port: sshPort, log: (l) => logs.push(l) });
  ({ stop: stopGateway } = await startGateway(app, (l) => logs.push(l)));
  shell = new Shell(app);
}, 60_000);

afterAll(async () => {
  await stopGateway?.();
  await ssh?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** One HTTP request on its own TLS connection, the head written byte for byte (latin1); the reply. */
function request(head: string, body = ''): Promise<{ status: number; head: string; body: string }> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: ADDR, port: vpnPort, rejectUnauthorized: false }, () => {
      const b = Buffer.from(body, 'utf8');
      s.write(Buffer.concat([Buffer.from(`${head}Host: ${ADDR}\r\nConnection: close\r\nContent-Length: ${b.length}\r\n\r\n`, 'latin1'), b]));
    });
    let got = Buffer.alloc(0);
    s.on('data', (c: Buffer) => { got = Buffer.concat([got, c]); });
    s.on('error', reject);
    s.setTimeout(10_000, () => { s.destroy(); reject(new Error('no reply')); });
    s.on('close', () => {
      const text = got.toString('utf8');
      const end = text.indexOf('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), head: text.slice(0, end), body: text.slice(end + 4) });
    });
  });
}

const AGGREGATE = 'POST / HTTP/1.1\r\nX-Aggregate-Auth: 1\r\nX-Transcend-Version: 1\r\nContent-Type: application/xml\r\n';
const authReply = (user: string, password: string, o: { version?: string; deviceId?: string } = {}): string =>
  '<?xml version="1.0" encoding="UTF-8"?>\n<config-auth client="vpn" type="auth-reply" aggregate-auth-version="2">'
  + `<version who="vpn">${o.version ?? 'v9.01-3'}</version><device-id>${o.deviceId ?? 'linux-64'}</device-id>`
  + `<auth><username>${user}</username><password>${password}</password></auth></config-auth>`;
const loggedIn = (r: { body: string }): boolean => /<session-token>[0-9A-F]+<\/session-token>/.test(r.body);

/** no raw control character (the lines' own \n and \r aside) and no line that starts the forged message */
function expectNeutral(text: string): void {
  expect(text).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/);
  for (const l of text.split(/\r?\n/)) expect(l.trimStart().startsWith('%ASA-6-113012')).toBe(false);
}

const run = async (line: string): Promise<string> => (await shell.run(line)).join('\n');

describe('peer-supplied text is shown escaped', () => {
  it('show vpn-sessiondb detail: the client version, device id and User-Agent, and an odd username', async () => {
    // no User-Agent: `Client Ver` shows the <version>, `Client OS` the <device-id>
    const a = await request(AGGREGATE, authReply('lee', 'LeePass-1', { version: `v9${CLEAR}\n${FORGED}`, deviceId: `linux-64${CLEAR}\u009b2J\n${FORGED}` }));
    expect(loggedIn(a)).toBe(true);
    const b = await request(AGGREGATE, authReply(ODD_USER, 'OddPass-1'));
    expect(loggedIn(b)).toBe(true);

    const detail = await run('show vpn-sessiondb detail anyconnect');
    expectNeutral(detail);
    expect(detail).toContain(`Client Ver   : ${escapeText(`v9${CLEAR}\n${FORGED}`)}`);
    expect(detail).toContain('Client Ver   : v9\\x1b[2J\\n%ASA-6-113012: AAA user authentication Successful');
    expect(detail).toContain('Client OS    : linux-64\\x1b[2J\\x9b2J\\n%ASA-6-113012: AAA user authentication Successful');
    expect(detail).toMatch(/^Username {5}: ev\\x1b\[2Jil +Index {8}: \d+$/m);
    const brief = await run('show vpn-sessiondb anyconnect');
    expectNeutral(brief);
    expect(brief).toMatch(/^Username {5}: ev\\x1b\[2Jil +Index/m);
  });

  it('the User-Agent: refused at the HTTP layer or shown escaped, never raw', async () => {
    const ua = `AnyConnect${CLEAR}\x9b2J\n${FORGED}`;
    const r = await request(`${AGGREGATE}User-Agent: ${ua}\r\n`, authReply('lee', 'LeePass-1', { version: 'v-ua' }));
    const detail = await run('show vpn-sessiondb detail anyconnect filter name lee');
    expectNeutral(detail);
    if (r.status === 400) return; // a strict HTTP parser refuses control characters in a header: nothing to show
    expect(loggedIn(r)).toBe(true);
    expect(detail).toContain('Client Ver   : AnyConnect\\x1b[2J\\x9b2J\\n%ASA-6-113012: AAA user authentication Successful');
  });

  it('show aaa local user and the console log: failed VPN, portal and SSH logins', async () => {
    // VPN: an unknown hostile name, and the odd configured account with a wrong password
    expect(loggedIn(await request(AGGREGATE, authReply(HOSTILE, 'x')))).toBe(false);
    expect(loggedIn(await request(AGGREGATE, authReply(ODD_USER, 'wrong')))).toBe(false);
    // portal: the browser form
    const form = new URLSearchParams({ username: `portal${CLEAR}\n${FORGED}`, password: 'x' }).toString();
    await request('POST /+webvpn+/index.html HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nUser-Agent: Mozilla/5.0\r\n', form);
    // SSH: password and keyboard-interactive
    for (const method of ['password', 'keyboard-interactive'] as const) {
      await expect(sshLogin(`ssh-${method}${CLEAR}\n${FORGED}`, 'x', method)).rejects.toThrow(/authentication/);
    }

    const users = await run('show aaa local user');
    expectNeutral(users);
    // the configured account is counted and listed, escaped; the unknown names, if listed at all, escaped too
    expect(users).toMatch(/^-\s+1\s+N\s+ev\\x1b\[2Jil$/m);
    for (const l of users.split('\n').slice(1)) expect(l).toBe(escapeText(l));

    const console = logs.join('\n');
    // the genuine 113012 lines of the good logins above (lee's, the odd account's) are the only ones
    expectNeutral(logs.filter((l) => !/^%ASA-6-113012: AAA user authentication Successful : local database : user = (lee|ev\\x1b\[2Jil)$/.test(l)).join('\n'));
    expect(console).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/);
    for (const l of logs) expect(l).toBe(escapeText(l));
    // the SSH rejection is logged on one line with the name escaped
    expect(logs.some((l) => /113015/.test(l) && l.includes('ssh-password\\x1b[2J\\n%ASA-6-113012: AAA user authentication Successful'))).toBe(true);
  });
});

function sshLogin(user: string, password: string, method: 'password' | 'keyboard-interactive'): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = new Client();
    const t = setTimeout(() => { c.end(); reject(new Error('ssh timed out')); }, 15_000);
    c.once('ready', () => { clearTimeout(t); c.end(); resolve(); });
    c.once('error', (e) => { clearTimeout(t); c.end(); reject(e); });
    c.on('keyboard-interactive', (_n, _i, _l, prompts, finish) => finish(prompts.map(() => password)));
    c.connect({
      host: ADDR, port: sshPort, username: user, readyTimeout: 15_000,
      ...(method === 'keyboard-interactive' ? { tryKeyboard: true, authHandler: ['keyboard-interactive'] } : { password, authHandler: ['password'] }),
    } as never);
  });
}
