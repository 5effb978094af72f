// A real FreeRADIUS 3 (Debian `freeradius`) started by a test on loopback, with a configuration the
// test writes in a folder of its own: one virtual server with its auth and acct `listen` sections on
// free ports, the `files` users of the test, a challenge/OTP user in unlang, and a `detail` file of
// the accounting records. Run in the foreground (`-f`) and killed by stop() (every one started is
// remembered and stopped by stopFreeRadiuses(), for afterAll).
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface RadiusUser { name: string; password: string; reply?: string[] }

export interface FreeRadiusOptions {
  secret: string;
  users: RadiusUser[];
  /** a user answered with an Access-Challenge after the right password: `otp` is the right answer */
  otpUser?: { name: string; password: string; otp: string; message: string; reply?: string[] };
  /** the address to listen on (127.0.0.1) */
  address?: string;
}

export interface FreeRadius {
  address: string;
  authPort: number;
  acctPort: number;
  dir: string;
  /** the accounting records written so far, one object per record */
  accounting(): Record<string, string>[];
  log(): string;
  stop(): Promise<void>;
}

const running = new Set<FreeRadius>();

/** a UDP port free now on `address` */
export async function freeUdpPort(address = '127.0.0.1'): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, address, () => r()));
  const p = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return p;
}

const q = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;

function usersFile(o: FreeRadiusOptions): string {
  return o.users.map((u) => `${u.name} Cleartext-Password := ${q(u.password)}\n${u.reply?.length ? `\t${u.reply.join(',\n\t')}\n` : ''}`).join('\n');
}

function otpSection(o: FreeRadiusOptions): string {
  const u = o.otpUser;
  if (!u) return '';
  return `
    if (&User-Name == ${q(u.name)}) {
      if (&State) {
        if (&State == 0x6f74702d31 && &User-Password == ${q(u.otp)}) {
          update control {
            Auth-Type := Accept
          }
          ${u.reply?.length ? `update reply {\n            ${u.reply.join('\n            ')}\n          }` : ''}
        }
        else {
          reject
        }
      }
      elsif (&User-Password == ${q(u.password)}) {
        update reply {
          Reply-Message := ${q(u.message)}
          State := 0x6f74702d31
        }
        update control {
          Response-Packet-Type := Access-Challenge
        }
        handled
      }
      else {
        reject
      }
    }`;
}

function radiusdConf(dir: string, o: FreeRadiusOptions, address: string, auth: number, acct: number): string {
  return `prefix = /usr
exec_prefix = /usr
sysconfdir = ${dir}
localstatedir = ${dir}
sbindir = /usr/sbin
logdir = ${dir}
raddbdir = ${dir}
radacctdir = ${dir}
name = freeradius
confdir = ${dir}
modconfdir = ${dir}
run_dir = ${dir}
db_dir = ${dir}
libdir = /usr/lib/freeradius
pidfile = ${dir}/radiusd.pid
max_request_time = 30
cleanup_delay = 0
max_requests = 16384
hostname_lookups = no
log {
  destination = files
  file = ${dir}/radius.log
  auth = yes
}
security {
  allow_core_dumps = no
  max_attributes = 200
  reject_delay = 0
  status_server = no
}
thread pool {
  start_servers = 4
  max_servers = 8
  min_spare_servers = 1
  max_spare_servers = 8
  max_requests_per_server = 0
}
client test {
  ipaddr = ${address}
  secret = ${q(o.secret)}
}
modules {
  always reject {
    rcode = reject
  }
  always handled {
    rcode = handled
  }
  files {
    filename = ${dir}/users
  }
  pap {
  }
  detail {
    filename = ${dir}/detail
    permissions = 0600
  }
}
server default {
  listen {
    type = auth
    ipaddr = ${address}
    port = ${auth}
  }
  listen {
    type = acct
    ipaddr = ${address}
    port = ${acct}
  }
  authorize {${otpSection(o)}
    files
    pap
  }
  authenticate {
    Auth-Type PAP {
      pap
    }
  }
  preacct {
  }
  accounting {
    detail
  }
  post-auth {
  }
}
`;
}

/** the records of a FreeRADIUS `detail` file: a date line, then `\tName = value` lines, then a blank line */
export function parseDetail(text: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const rec of text.split(/\n\s*\n/)) {
    const r: Record<string, string> = {};
    for (const l of rec.split('\n')) {
      const m = /^\s+([A-Za-z0-9-]+) = (.*)$/.exec(l);
      if (m) r[m[1]] = m[2].replace(/^"(.*)"$/, '$1');
    }
    if (Object.keys(r).length) out.push(r);
  }
  return out;
}

export async function startFreeRadius(o: FreeRadiusOptions): Promise<FreeRadius> {
  const address = o.address ?? '127.0.0.1';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headend-radius-'));
  fs.chmodSync(dir, 0o755);
  const [auth, acct] = [await freeUdpPort(address), await freeUdpPort(address)];
  fs.writeFileSync(path.join(dir, 'dictionary'), '$INCLUDE /usr/share/freeradius/dictionary\n');
  fs.writeFileSync(path.join(dir, 'users'), usersFile(o));
  fs.writeFileSync(path.join(dir, 'radiusd.conf'), radiusdConf(dir, o, address, auth, acct));
  const proc: ChildProcess = spawn('freeradius', ['-f', '-d', dir, '-l', path.join(dir, 'radius.log')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (c: Buffer) => { out += c.toString(); });
  proc.stderr!.on('data', (c: Buffer) => { out += c.toString(); });
  const exited = new Promise<void>((r) => proc.on('exit', () => r()));
  const readLog = () => { try { return fs.readFileSync(path.join(dir, 'radius.log'), 'utf8'); } catch { return ''; } };
  // ready once it says so in its log
  const t0 = Date.now();
  while (!/Ready to process requests/.test(readLog())) {
    if (proc.exitCode !== null) throw new Error(`freeradius exited ${proc.exitCode}:\n${out}\n${readLog()}`);
    if (Date.now() - t0 > 15_000) { proc.kill('SIGKILL'); throw new Error(`freeradius not ready:\n${out}\n${readLog()}`); }
    await new Promise((r) => setTimeout(r, 50));
  }
  const fr: FreeRadius = {
    address, authPort: auth, acctPort: acct, dir,
    accounting: () => { try { return parseDetail(fs.readFileSync(path.join(dir, 'detail'), 'utf8')); } catch { return []; } },
    log: () => `${out}\n${readLog()}`,
    stop: async () => {
      running.delete(fr);
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (proc.exitCode === null) { proc.kill('SIGKILL'); await exited; }
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  running.add(fr);
  return fr;
}

export async function stopFreeRadiuses(): Promise<void> {
  await Promise.all([...running].map((r) => r.stop()));
}
