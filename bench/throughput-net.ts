// The throughput bench's network: N client namespaces, each with a veth into a bridge in the
// headend namespace (one subnet, 192.0.2.0/24), and the inside namespace behind the headend, as in
// test/helpers/netns.ts but with as many clients as tunnels run at once. Each client namespace runs
// its own openconnect with its own tun0, routes and resolv.conf (the real vpnc-script). Everything is
// created here and deleted by destroy(); nothing touches the machine's own interfaces.
import { execFileSync, spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import { NET } from '../test/helpers/netns.ts';

export { NET, netnsUnavailable } from '../test/helpers/netns.ts';

export const VPNC_SCRIPT = '/usr/share/vpnc-scripts/vpnc-script';

const run = (args: string[]): void => { execFileSync(args[0], args.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 }); };

/** the MTU openconnect asks of either server, so that both carry the same packets */
export const TUNNEL_MTU = 1390;

export const clientOuter = (i: number): string => `192.0.2.${10 + i}`;

export class BenchNet {
  readonly headend: string;
  readonly inside: string;
  readonly clients: string[] = [];
  private procs = new Set<ChildProcess>();
  private all: string[];

  constructor(tag: string, nClients: number) {
    const t = `${tag}${process.pid % 10000}`;
    this.headend = `th-${t}`;
    this.inside = `ti-${t}`;
    for (let i = 0; i < nClients; i++) this.clients.push(`tc${i}-${t}`);
    this.all = [this.headend, this.inside, ...this.clients];
  }

  create(): void {
    this.destroy();
    for (const ns of this.all) {
      run(['ip', 'netns', 'add', ns]);
      run(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
      fs.mkdirSync(`/etc/netns/${ns}`, { recursive: true });
      fs.writeFileSync(`/etc/netns/${ns}/resolv.conf`, '# bench namespace\n');
    }
    const h = this.headend;
    run(['ip', '-n', h, 'link', 'add', 'br0', 'type', 'bridge']);
    run(['ip', '-n', h, 'addr', 'add', `${NET.headendOuter}/24`, 'dev', 'br0']);
    run(['ip', '-n', h, 'link', 'set', 'br0', 'up']);
    this.clients.forEach((c, i) => {
      run(['ip', 'link', 'add', 'vc', 'netns', c, 'type', 'veth', 'peer', 'name', `vo${i}`, 'netns', h]);
      run(['ip', '-n', h, 'link', 'set', `vo${i}`, 'master', 'br0']);
      run(['ip', '-n', h, 'link', 'set', `vo${i}`, 'up']);
      run(['ip', '-n', c, 'addr', 'add', `${clientOuter(i)}/24`, 'dev', 'vc']);
      run(['ip', '-n', c, 'link', 'set', 'vc', 'up']);
    });
    run(['ip', 'link', 'add', 'vi', 'netns', h, 'type', 'veth', 'peer', 'name', 'vh', 'netns', this.inside]);
    run(['ip', '-n', h, 'addr', 'add', `${NET.headendInside}/24`, 'dev', 'vi']);
    run(['ip', '-n', this.inside, 'addr', 'add', `${NET.inside}/24`, 'dev', 'vh']);
    run(['ip', '-n', h, 'link', 'set', 'vi', 'up']);
    run(['ip', '-n', this.inside, 'link', 'set', 'vh', 'up']);
    run(['ip', '-n', this.inside, 'route', 'add', 'default', 'via', NET.headendInside]);
    run(['ip', 'netns', 'exec', h, 'sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']);
  }

  /** a process in namespace `ns`, killed by destroy(); `ip netns exec` execs, so its pid is the command's */
  spawn(ns: string, cmd: string, args: string[], opts: SpawnOptions = {}): ChildProcess {
    const p = spawn('ip', ['netns', 'exec', ns, cmd, ...args], { stdio: ['pipe', 'pipe', 'pipe'], ...opts });
    this.procs.add(p);
    p.on('exit', () => this.procs.delete(p));
    return p;
  }

  /** runs `cmd` in `ns` to its end, without blocking the loop; resolves with status and output */
  run(ns: string, cmd: string, args: string[], timeoutMs: number): Promise<{ status: number | null; out: string; err: string }> {
    const p = this.spawn(ns, cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    p.stdout!.on('data', (c: Buffer) => { out += c; });
    p.stderr!.on('data', (c: Buffer) => { err += c; });
    const t = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    return new Promise((res) => p.once('close', (status) => { clearTimeout(t); res({ status, out, err }); }));
  }

  exec(ns: string, cmd: string, args: string[], timeoutMs = 30_000): { status: number | null; out: string } {
    const r = spawnSync('ip', ['netns', 'exec', ns, cmd, ...args], { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
    return { status: r.status, out: (r.stdout ?? '') + (r.stderr ?? '') };
  }

  /** is something listening on TCP `port` in `ns` */
  listening(ns: string, port: number): boolean {
    return new RegExp(`:${port}\\s`).test(this.exec(ns, 'ss', ['-Hltn']).out);
  }

  destroy(): void {
    for (const p of this.procs) { try { p.kill('SIGKILL'); } catch { /* gone */ } }
    this.procs.clear();
    for (const ns of this.all) {
      const pids = spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).stdout?.split(/\s+/).filter(Boolean) ?? [];
      for (const pid of pids) { try { process.kill(Number(pid), 'SIGKILL'); } catch { /* gone */ } }
      spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
      fs.rmSync(`/etc/netns/${ns}`, { recursive: true, force: true });
    }
  }
}

export interface VpnClient {
  proc: ChildProcess;
  address: string;
  /** what openconnect printed (its TLS ciphersuite among it) */
  out(): string;
  stop(): Promise<void>;
}

export interface ConnectOptions {
  pin: string;
  user: string;
  password: string;
  /** tun device name in the namespace */
  iface: string;
  /** true: the real vpnc-script configures addresses and routes; false: the tun is left bare (held sessions) */
  vpncScript: boolean;
  /** a file to touch once vpnc-script has finished */
  mark: string;
  timeoutMs?: number;
}

/** the real openconnect in `ns`, TLS only (--no-dtls); resolves once its tunnel is configured */
export async function connectClient(net: BenchNet, ns: string, o: ConnectOptions): Promise<VpnClient> {
  const script = o.vpncScript ? `${VPNC_SCRIPT}; st=$?; [ "$reason" = connect ] && touch '${o.mark}'; exit $st` : `[ "$reason" = connect ] && touch '${o.mark}'; exit 0`;
  const proc = net.spawn(ns, 'openconnect', [
    '--protocol=anyconnect', '--servercert', o.pin, '--non-inter', '--passwd-on-stdin', '--user', o.user,
    // asks both servers for the same tunnel MTU (headend honours it; ocserv is also given it in its config)
    '--no-dtls', '--mtu', String(TUNNEL_MTU), '--interface', o.iface, '--script', script, `https://${NET.headendOuter}/`,
  ], { env: { ...process.env, LC_ALL: 'C' } });
  let out = '';
  const keep = (c: Buffer): void => { out = (out + c).slice(-20_000); };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  proc.stdin!.on('error', () => {});
  proc.stdin!.end(o.password + '\n');
  const stop = async (): Promise<void> => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill('SIGINT');
    await Promise.race([new Promise((r) => proc.once('exit', r)), new Promise((r) => setTimeout(r, 5000))]);
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  };
  const deadline = Date.now() + (o.timeoutMs ?? 60_000);
  for (;;) {
    const m = out.match(/Configured as (\d+\.\d+\.\d+\.\d+)/);
    if (m && fs.existsSync(o.mark)) return { proc, address: m[1], out: () => out, stop };
    if (proc.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`openconnect in ${ns} did not come up:\n${out.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
