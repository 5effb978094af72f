// Issue 11, point 17 and deliver 6 (audit): every login, failure, lockout, session start and end is
// an ASA syslog message (ids and texts of the Cisco ASA Series Syslog Messages guide), on the console
// and in the log file `<state-dir>/log/headend.log` (appended, 0600, rotated at a size). A hostile
// username reaches neither escaped nor as a line of its own.
//
// The product as it runs: a booted HeadendApp with the gateway and SSH started as the daemon starts
// them, its console captured; a raw TLS client speaking aggregate-auth XML (login, CONNECT, logout),
// the browser form of the portal, and an ssh2 client.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeadendApp } from '../../src/app.ts';
import { startGateway } from '../../src/gateway-service.ts';
import { startSsh, type SshHandle } from '../../src/ssh/server.ts';
import { duration, M, Syslog } from '../../src/log/syslog.ts';
import { freePort } from '../../bench/loadgen/net.ts';

const ADDR = `127.44.${Math.floor(Math.random() * 200) + 10}.1`;
const HOSTILE = 'mallory\x1b[2J\n%ASA-6-113012: AAA user authentication Successful : local database : user = admin';

let dir: string;
let app: HeadendApp;
let ssh: SshHandle;
let stopGateway: () => Promise<void>;
let vpnPort: number;
let sshPort: number;
const consoleLines: string[] = [];
const logFile = (): string => path.join(dir, 'log', 'headend.log');
const fileLines = (): string[] => fs.readFileSync(logFile(), 'utf8').split('\n').filter(Boolean);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headend-audit-'));
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
    'username kim password KimPass-1',
    'aaa local authentication attempts max-fail 3',
    'aaa authentication ssh console LOCAL',
    // the audit messages on the console and in the buffer (and so the log file), as an ASA is told
    'logging enable',
    'logging console debugging',
    'logging buffered debugging',
    'ssh 127.0.0.0 255.0.0.0 outside',
    '',
  ].join('\n'));
  app = new HeadendApp({ stateDir: dir, configFile: path.join(dir, 'boot.cfg'), console: (l) => consoleLines.push(l) });
  expect((await app.boot()).errors).toEqual([]);
  ssh = startSsh(app, { port: sshPort, log: (l) => consoleLines.push(l) });
  ({ stop: stopGateway } = await startGateway(app, (l) => consoleLines.push(l)));
}, 60_000);

afterAll(async () => {
  await stopGateway?.();
  await ssh?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** one HTTP request on its own TLS connection; `keep` leaves the socket open (a tunnel) */
function request(head: string, body = '', keep = false): Promise<{ status: number; text: string; socket: tls.TLSSocket }> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: ADDR, port: vpnPort, rejectUnauthorized: false }, () => {
      const b = Buffer.from(body, 'utf8');
      s.write(Buffer.concat([Buffer.from(`${head}Host: ${ADDR}\r\n${keep ? '' : 'Connection: close\r\n'}Content-Length: ${b.length}\r\n\r\n`, 'latin1'), b]));
    });
    let got = '';
    const done = (): void => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(got)?.[1] ?? 0), text: got, socket: s });
    s.setEncoding('latin1');
    s.on('data', (c: string) => { got += c; if (keep && got.includes('\r\n\r\n')) done(); });
    s.on('error', reject);
    s.setTimeout(10_000, () => { s.destroy(); reject(new Error('no reply')); });
    s.on('close', done);
  });
}

const AGGREGATE = 'POST / HTTP/1.1\r\nX-Aggregate-Auth: 1\r\nX-Transcend-Version: 1\r\nContent-Type: application/xml\r\n';
const xml = (inner: string, type: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<config-auth client="vpn" type="${type}" aggregate-auth-version="2"><version who="vpn">v9.01-3</version><device-id>linux-64</device-id>${inner}</config-auth>`;
const authReply = (user: string, password: string): string => xml(`<auth><username>${user}</username><password>${password}</password></auth>`, 'auth-reply');
const tokenOf = (r: { text: string }): string | undefined => /<session-token>([0-9A-F]+)<\/session-token>/.exec(r.text)?.[1];

function sshLogin(user: string, password: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = new Client();
    const t = setTimeout(() => { c.end(); reject(new Error('ssh timed out')); }, 15_000);
    c.once('ready', () => { clearTimeout(t); c.end(); resolve(); });
    c.once('error', (e) => { clearTimeout(t); c.end(); reject(e); });
    c.connect({ host: ADDR, port: sshPort, username: user, password, authHandler: ['password'], readyTimeout: 15_000 } as never);
  });
}

/** waits (bounded by a count of polls, not by the clock) until a console line matches */
async function line(re: RegExp): Promise<string> {
  for (let i = 0; i < 500; i++) {
    const l = consoleLines.find((x) => re.test(x));
    if (l) return l;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no console line matches ${re}; got:\n${consoleLines.join('\n')}`);
}

/** the message is on the console and, with its timestamp, in the log file */
function inBoth(l: string): void {
  expect(l).toMatch(/^%ASA-\d-\d{6}: /);
  expect(fileLines().some((f) => /^[A-Z][a-z]{2} \d{2} \d{4} \d{2}:\d{2}:\d{2}: /.test(f) && f.endsWith(`: ${l}`))).toBe(true);
}

describe('the audit log', () => {
  it('a failed and a good VPN login; the session start, the tunnel, and the logoff', async () => {
    expect(tokenOf(await request(AGGREGATE, authReply('lee', 'wrong')))).toBeUndefined();
    inBoth(await line(/^%ASA-6-113015: AAA user authentication Rejected : reason = Invalid password : local database : user = lee : user IP = 127\./));
    inBoth(await line(/^%ASA-6-716039: Group <DefaultWEBVPNGroup> User <lee> IP <127\.[\d.]+> Authentication: rejected, Session Type: WebVPN\.$/));

    const token = tokenOf(await request(AGGREGATE, authReply('lee', 'LeePass-1')));
    expect(token).toBeDefined();
    inBoth(await line(/^%ASA-6-113012: AAA user authentication Successful : local database : user = lee$/));
    inBoth(await line(/^%ASA-6-716001: Group <DfltGrpPolicy> User <lee> IP <127\.[\d.]+> WebVPN session started\.$/));

    // the tunnel: CONNECT with the cookie, then the client goes away (the session stays for a reconnect)
    const t = await request(`CONNECT /CSCOSSLC/tunnel HTTP/1.1\r\nCookie: webvpn=${token}\r\nX-CSTP-Version: 1\r\nX-CSTP-Address-Type: IPv4\r\n`, '', true);
    expect(t.text).toMatch(/^HTTP\/1\.1 200 CONNECTED/);
    inBoth(await line(/^%ASA-6-722022: Group <DfltGrpPolicy> User <lee> IP <127\.[\d.]+> TCP SVC connection established without compression$/));
    t.socket.destroy();
    inBoth(await line(/^%ASA-6-722023: Group <DfltGrpPolicy> User <lee> IP <127\.[\d.]+> TCP SVC connection terminated without compression$/));

    await request(AGGREGATE, xml(`<session-token>${token}</session-token>`, 'logout'));
    inBoth(await line(/^%ASA-6-716002: Group <DfltGrpPolicy> User <lee> IP <127\.[\d.]+> WebVPN session terminated: User Requested\.$/));
    inBoth(await line(/^%ASA-4-113019: Group = DefaultWEBVPNGroup, Username = lee, IP = 127\.[\d.]+, Session disconnected\. Session Type: SSL, Duration: \d+h:\d{2}m:\d{2}s, Bytes xmt: \d+, Bytes rcv: \d+, Reason: User Requested$/));
  });

  it('a lockout after max-fail failures', async () => {
    for (let i = 0; i < 3; i++) await request(AGGREGATE, authReply('kim', 'wrong'));
    inBoth(await line(/^%ASA-6-113006: User 'kim' locked out on exceeding '3' successive failed authentication attempts$/));
    expect(consoleLines.filter((l) => l.includes('113006'))).toHaveLength(1);
    // the next attempt, even with the right password, is refused as locked
    expect(tokenOf(await request(AGGREGATE, authReply('kim', 'KimPass-1')))).toBeUndefined();
    inBoth(await line(/^%ASA-6-113015: AAA user authentication Rejected : reason = Account locked : local database : user = kim : /));
  });

  it('an SSH login, good and bad', async () => {
    await sshLogin('admin', 'adminpw');
    inBoth(await line(/^%ASA-6-611101: User authentication succeeded: IP address: 127\.[\d.]+, Uname: admin$/));
    inBoth(await line(/^%ASA-6-113012: AAA user authentication Successful : local database : user = admin$/));
    await expect(sshLogin('admin', 'nope')).rejects.toThrow(/authentication/);
    inBoth(await line(/^%ASA-6-611102: User authentication failed: IP address: 127\.[\d.]+, Uname: admin$/));
  });

  it('a portal login and a failed one', async () => {
    const post = (user: string, password: string) => request('POST /+webvpn+/index.html HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nUser-Agent: Mozilla/5.0\r\n',
      new URLSearchParams({ username: user, password }).toString());
    const cookie = /Set-Cookie: (webvpn_portal=[0-9A-Fa-f]+)/i.exec((await post('lee', 'LeePass-1')).text)?.[1];
    expect(cookie).toBeDefined();
    // Group names the group-policy, as for an AnyConnect session
    expect(await line(/^%ASA-6-716001: Group <DfltGrpPolicy> User <lee> IP <127\.[\d.]+> WebVPN session started\.$/)).toBeDefined();
    expect(consoleLines.filter((l) => /^%ASA-6-716001: Group <DfltGrpPolicy> User <lee> /.test(l))).toHaveLength(2);
    await request(`GET /+webvpn+/webvpn_logout.html HTTP/1.1\r\nCookie: ${cookie}\r\nUser-Agent: Mozilla/5.0\r\n`);
    inBoth(await line(/^%ASA-6-716002: Group <DfltGrpPolicy> User <lee> IP <127\.[\d.]+> WebVPN session terminated: User Requested\.$/));
    expect(consoleLines.filter((l) => l.includes('716002'))).toHaveLength(2);
    await post('nobody', 'x');
    inBoth(await line(/^%ASA-6-113015: AAA user authentication Rejected : reason = User was not found : local database : user = nobody : /));
    inBoth(await line(/^%ASA-6-716039: Group <DefaultWEBVPNGroup> User <nobody> /));
  });

  it('a hostile username appears escaped, on one line, in the console and the file', async () => {
    await request(AGGREGATE, authReply(HOSTILE, 'x'));
    const l = await line(/113015.*mallory/);
    expect(l).toContain('user = mallory\\x1b[2J\\n%ASA-6-113012: AAA user authentication Successful : local database : user = admin : user IP = ');
    inBoth(l);
    const text = fs.readFileSync(logFile(), 'utf8');
    expect(text).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
    for (const f of text.split('\n')) expect(f).not.toMatch(/^%ASA-6-113012/);
    for (const c of consoleLines) expect(c).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
  });

  it('the log file is written 0600', () => {
    expect(fs.statSync(logFile()).mode & 0o777).toBe(0o600);
  });
});

describe('Syslog', () => {
  it('appends, rotates past its size bound (headend.log.1 … .keep) and narrows an existing file to 0600', () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'headend-syslog-'));
    try {
      fs.mkdirSync(path.join(d, 'log'));
      fs.writeFileSync(path.join(d, 'log', 'headend.log'), 'earlier line\n', { mode: 0o644 });
      const seen: string[] = [];
      const s = new Syslog({ dir: path.join(d, 'log'), console: (l) => seen.push(l), maxBytes: 400, keep: 2 });
      for (let i = 0; i < 40; i++) s.log(M.authOk(`user${i}`));
      s.close();
      const f = path.join(d, 'log', 'headend.log');
      expect(seen).toHaveLength(40);
      expect(fs.statSync(f).mode & 0o777).toBe(0o600);
      expect(fs.statSync(f).size).toBeLessThanOrEqual(400);
      expect(fs.existsSync(`${f}.1`) && fs.existsSync(`${f}.2`)).toBe(true);
      expect(fs.existsSync(`${f}.3`)).toBe(false);
      // the newest message is in the current file, the earlier line has rotated away
      expect(fs.readFileSync(f, 'utf8')).toMatch(/: %ASA-6-113012: AAA user authentication Successful : local database : user = user39\n$/);
      expect(fs.readFileSync(f, 'utf8')).not.toContain('earlier line');
    } finally { fs.rmSync(d, { recursive: true, force: true }); }
  });

  it('cuts a huge peer-supplied name (escaped first, then marked)', () => {
    const m = M.authRejected('Invalid password', 'x'.repeat(65536), '192.0.2.1');
    expect(m.text).toBe(`AAA user authentication Rejected : reason = Invalid password : local database : user = ${'x'.repeat(256)}... : user IP = 192.0.2.1`);
  });

  it('prints durations as 113019 does', () => {
    expect(duration(0)).toBe('0h:00m:00s');
    expect(duration((2 * 3600 + 5 * 60 + 9) * 1000 + 999)).toBe('2h:05m:09s');
  });
});
