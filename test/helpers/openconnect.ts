// Runs the real Debian `openconnect` against a test gateway, with --script-tun so no tun device or
// root is needed. Every process started here is remembered and killed by killOpenConnects(), which
// tests call from afterEach so a failing test never leaves a client running.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const BRIDGE = fileURLToPath(new URL('../gateway/tun-bridge.mjs', import.meta.url));

export interface OpenConnectOptions {
  /** e.g. https://127.0.0.1:4443/eng */
  url: string;
  /** `pin-sha256:…` of the gateway */
  pin: string;
  user: string;
  password: string;
  /** connect with this cookie (--cookie-on-stdin) instead of logging in with user/password */
  cookie?: string;
  /** --authgroup (matches a group_list label) */
  authgroup?: string;
  /** --authenticate: log in, print COOKIE= etc. and exit */
  authenticateOnly?: boolean;
  /** run the tunnel through tun-bridge.mjs (ignored with authenticateOnly) */
  tun?: boolean;
  extraArgs?: string[];
  /** further answers typed on stdin after the password (a challenge's OTP): runs without --non-inter */
  answers?: string[];
}

/** The test's side of the --script-tun socket: raw IP packets to and from the client. */
export class TunBridge {
  /** the environment openconnect gave the script (INTERNAL_IP4_ADDRESS, CISCO_CSTP_OPTIONS, …) */
  readonly env: Promise<Record<string, string>>;
  private sock: net.Socket | null = null;
  private packets: Buffer[] = [];
  private waiters: ((p: Buffer) => void)[] = [];
  private server: net.Server;
  private bridgePid = 0;

  constructor(server: net.Server) {
    this.server = server;
    this.env = new Promise((resolve) => {
      server.once('connection', (sock) => {
        this.sock = sock;
        let acc = Buffer.alloc(0);
        let first = true;
        sock.on('data', (c: Buffer) => {
          acc = Buffer.concat([acc, c]);
          while (acc.length >= 2) {
            const len = acc.readUInt16BE(0);
            if (acc.length < 2 + len) break;
            const body = Buffer.from(acc.subarray(2, 2 + len));
            acc = acc.subarray(2 + len);
            if (first) {
              first = false;
              const env = JSON.parse(body.toString('utf8')) as Record<string, string>;
              this.bridgePid = Number(env.BRIDGE_PID);
              resolve(env);
            } else {
              const w = this.waiters.shift();
              if (w) w(body); else this.packets.push(body);
            }
          }
        });
        sock.on('error', () => {});
      });
    });
  }

  get port(): number { return (this.server.address() as net.AddressInfo).port; }

  send(packet: Buffer): void {
    if (!this.sock) throw new Error('tun bridge not connected');
    const h = Buffer.alloc(2);
    h.writeUInt16BE(packet.length);
    this.sock.write(Buffer.concat([h, packet]));
  }

  /** the next packet the client delivered to its "tun", within `timeoutMs` */
  next(timeoutMs: number): Promise<Buffer> {
    const p = this.packets.shift();
    if (p) return Promise.resolve(p);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        reject(new Error(`no packet within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (b: Buffer): void => { clearTimeout(t); resolve(b); };
      this.waiters.push(done);
    });
  }

  close(): void {
    this.sock?.destroy();
    this.server.close();
    if (this.bridgePid) { try { process.kill(this.bridgePid, 'SIGKILL'); } catch { /* already gone */ } }
  }
}

export class OpenConnectRun {
  output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private listeners: (() => void)[] = [];
  exitCode: number | null | undefined = undefined;

  constructor(readonly proc: ChildProcess, readonly tun: TunBridge | null) {
    const onOut = (c: Buffer): void => {
      this.output += c.toString('utf8');
      for (const l of [...this.listeners]) l();
    };
    proc.stdout?.on('data', onOut);
    proc.stderr?.on('data', onOut);
    // 'exit', not 'close': the --script child inherits openconnect's stdout/stderr and may hold them
    // open after openconnect is gone; the rest of the output is given a moment to arrive.
    const closed = new Promise<void>((r) => proc.on('close', () => r()));
    this.exited = new Promise((resolve) => {
      proc.on('exit', (code, signal) => {
        void Promise.race([closed, new Promise((r) => setTimeout(r, 300))]).then(() => {
          this.exitCode = code;
          for (const l of [...this.listeners]) l();
          resolve({ code, signal });
        });
      });
    });
  }

  get pid(): number { return this.proc.pid ?? 0; }

  /** Resolves with the first match of `re` in the output; rejects on timeout or exit without a match. */
  waitFor(re: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const m = this.output.match(re);
        if (m) { finish(); resolve(m); return true; }
        if (this.exitCode !== undefined) { finish(); reject(new Error(`openconnect exited (${this.exitCode}) before ${re}:\n${this.output}`)); return true; }
        return false;
      };
      const t = setTimeout(() => { finish(); reject(new Error(`timeout waiting for ${re}:\n${this.output}`)); }, timeoutMs);
      const finish = (): void => { clearTimeout(t); this.listeners = this.listeners.filter((l) => l !== listener); };
      const listener = (): void => { check(); };
      if (!check()) this.listeners.push(listener);
    });
  }

  /** Waits for the process to exit, or rejects after `timeoutMs`. */
  async waitExit(timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    let t: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => { t = setTimeout(() => reject(new Error(`openconnect still running after ${timeoutMs} ms:\n${this.output}`)), timeoutMs); });
    try { return await Promise.race([this.exited, timeout]); } finally { clearTimeout(t); }
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.exitCode === undefined) { try { this.proc.kill(signal); } catch { /* gone */ } }
  }
}

const running = new Set<OpenConnectRun>();

export async function startOpenConnect(o: OpenConnectOptions): Promise<OpenConnectRun> {
  const args = ['--protocol=anyconnect', '--servercert', o.pin, ...(o.answers ? [] : ['--non-inter']), '-v'];
  if (o.cookie !== undefined) args.push('--cookie-on-stdin');
  else args.push('--passwd-on-stdin', '--user', o.user);
  if (o.authgroup) args.push('--authgroup', o.authgroup);
  let tun: TunBridge | null = null;
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C' };
  if (o.authenticateOnly) {
    args.push('--authenticate');
  } else if (o.tun !== false) {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    tun = new TunBridge(server);
    env.TUN_BRIDGE_PORT = String(tun.port);
    // the bridge must not hold openconnect's stdout/stderr open
    args.push('--script-tun', '--script', `'${process.execPath}' '${BRIDGE}' </dev/null >/dev/null 2>&1`);
  }
  args.push(...(o.extraArgs ?? []), o.url);
  const proc = spawn('openconnect', args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  proc.stdin!.end([o.cookie ?? o.password, ...(o.answers ?? [])].join('\n') + '\n');
  proc.stdin!.on('error', () => {});
  const run = new OpenConnectRun(proc, tun);
  running.add(run);
  void run.exited.then(() => running.delete(run));
  return run;
}

/** Kills every client (and its tun bridge) started by startOpenConnect; for afterEach/afterAll. */
export async function killOpenConnects(): Promise<void> {
  const all = [...running];
  for (const r of all) {
    r.tun?.close();
    r.kill('SIGKILL');
  }
  await Promise.all(all.map((r) => Promise.race([r.exited, new Promise((res) => setTimeout(res, 2000))])));
}

/** KEY='value' lines printed by `openconnect --authenticate` */
export function authenticateVars(output: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const m of output.matchAll(/^([A-Z_]+)='([^']*)'$/gm)) vars[m[1]] = m[2];
  return vars;
}
