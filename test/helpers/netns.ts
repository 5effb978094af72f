// Network namespaces for the data-plane tests: a client host, the headend host and an inside host,
// joined by veth pairs, all created by the test and deleted after it. Nothing here touches the
// machine's own interfaces, routes or /etc/resolv.conf: `ip netns exec` gives each namespace its own
// /etc/resolv.conf from /etc/netns/NAME/, so the real vpnc-script writes there.
import { execFileSync, spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';

/** why namespaces cannot be used here, or null when they can */
export function netnsUnavailable(): string | null {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root';
  if (spawnSync('sh', ['-c', 'command -v ip'], { stdio: 'ignore' }).status !== 0) return 'iproute2 (`ip`) is not installed';
  if (!fs.existsSync('/dev/net/tun')) return '/dev/net/tun is missing';
  const probe = `he-probe-${process.pid}`;
  const r = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' });
  if (r.status !== 0) return `cannot create a network namespace (${(r.stderr || '').trim()})`;
  spawnSync('ip', ['netns', 'del', probe]);
  return null;
}

const run = (args: string[]): void => { execFileSync(args[0], args.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 }); };

/** Addresses of the topology (documentation ranges: they exist only inside the namespaces). */
export const NET = {
  clientOuter: '192.0.2.2', headendOuter: '192.0.2.1',
  headendInside: '198.51.100.1', inside: '198.51.100.2',
  headendInside6: '2001:db8:1::1', inside6: '2001:db8:1::2',
  /** a second inside host address, reachable only when split-tunnel sends it through the tunnel */
  inside2: '198.51.100.3',
};

export class Topology {
  readonly client: string;
  readonly headend: string;
  readonly inside: string;
  private procs = new Set<ChildProcess>();

  constructor(tag: string) {
    const t = `${tag}${process.pid % 10000}`;
    this.client = `hc-${t}`;
    this.headend = `hh-${t}`;
    this.inside = `hi-${t}`;
  }

  create(): void {
    this.destroy();
    for (const ns of [this.client, this.headend, this.inside]) {
      run(['ip', 'netns', 'add', ns]);
      run(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
      fs.mkdirSync(`/etc/netns/${ns}`, { recursive: true });
      fs.writeFileSync(`/etc/netns/${ns}/resolv.conf`, '# test namespace\n');
    }
    // veth names are per namespace, so short fixed names are fine
    run(['ip', 'link', 'add', 'vc', 'netns', this.client, 'type', 'veth', 'peer', 'name', 'vo', 'netns', this.headend]);
    run(['ip', 'link', 'add', 'vi', 'netns', this.headend, 'type', 'veth', 'peer', 'name', 'vh', 'netns', this.inside]);
    run(['ip', '-n', this.client, 'addr', 'add', `${NET.clientOuter}/24`, 'dev', 'vc']);
    run(['ip', '-n', this.headend, 'addr', 'add', `${NET.headendOuter}/24`, 'dev', 'vo']);
    run(['ip', '-n', this.headend, 'addr', 'add', `${NET.headendInside}/24`, 'dev', 'vi']);
    run(['ip', '-n', this.headend, '-6', 'addr', 'add', `${NET.headendInside6}/64`, 'dev', 'vi', 'nodad']);
    run(['ip', '-n', this.inside, 'addr', 'add', `${NET.inside}/24`, 'dev', 'vh']);
    run(['ip', '-n', this.inside, 'addr', 'add', `${NET.inside2}/24`, 'dev', 'vh']);
    run(['ip', '-n', this.inside, '-6', 'addr', 'add', `${NET.inside6}/64`, 'dev', 'vh', 'nodad']);
    for (const [ns, dev] of [[this.client, 'vc'], [this.headend, 'vo'], [this.headend, 'vi'], [this.inside, 'vh']]) run(['ip', '-n', ns, 'link', 'set', dev, 'up']);
    // the client's own default route is its ISP, here the headend's outside address: split-exclude
    // keeps traffic on that route (vpnc-script copies the route it finds)
    run(['ip', '-n', this.client, 'route', 'add', 'default', 'via', NET.headendOuter]);
    // the inside host's way back to the VPN pools is the headend
    run(['ip', '-n', this.inside, 'route', 'add', 'default', 'via', NET.headendInside]);
    run(['ip', '-n', this.inside, '-6', 'route', 'add', 'default', 'via', NET.headendInside6]);
    run(['ip', 'netns', 'exec', this.headend, 'sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']);
    run(['ip', 'netns', 'exec', this.headend, 'sysctl', '-q', '-w', 'net.ipv6.conf.all.forwarding=1']);
  }

  /** a process in namespace `ns`, killed by destroy() */
  spawn(ns: string, cmd: string, args: string[], opts: SpawnOptions = {}): ChildProcess {
    const p = spawn('ip', ['netns', 'exec', ns, cmd, ...args], { stdio: ['pipe', 'pipe', 'pipe'], ...opts });
    this.procs.add(p);
    p.on('exit', () => this.procs.delete(p));
    return p;
  }

  /** runs a command in `ns` to its end (bounded), returning status and output */
  exec(ns: string, cmd: string, args: string[], timeoutMs = 30_000): { status: number | null; out: string } {
    const r = spawnSync('ip', ['netns', 'exec', ns, cmd, ...args], { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
    return { status: r.status, out: (r.stdout ?? '') + (r.stderr ?? '') };
  }

  destroy(): void {
    for (const p of this.procs) { try { p.kill('SIGKILL'); } catch { /* gone */ } }
    this.procs.clear();
    for (const ns of [this.client, this.headend, this.inside]) {
      // anything still running in the namespace (openconnect's vpnc-script children included)
      const pids = spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).stdout?.split(/\s+/).filter(Boolean) ?? [];
      for (const pid of pids) { try { process.kill(Number(pid), 'SIGKILL'); } catch { /* gone */ } }
      spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
      fs.rmSync(`/etc/netns/${ns}`, { recursive: true, force: true });
    }
  }
}
