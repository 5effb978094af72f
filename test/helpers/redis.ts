// A real redis-server for a test: on a loopback port, in its own temporary folder, persisting
// nothing, killed (and the folder removed) by stop(). restart() kills it and starts it again on the
// same port, empty, as a Redis that crashed and came back would be. With `tls`, it listens for TLS
// only (`--port 0 --tls-port N`, a throwaway CA and certificate made by makeTlsFiles()) and its
// URL is rediss://.
import fs from 'node:fs';
import tls from 'node:tls';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

export const haveRedis = spawnSync('sh', ['-c', 'command -v redis-server'], { stdio: 'ignore' }).status === 0;

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export interface RedisTls { ca: string; cert: string; key: string }

/**
 * a throwaway CA and a server certificate for 127.0.0.1 signed by it (openssl, P-256), in `dir`;
 * the CA's key is removed once it has signed
 */
export function makeTlsFiles(dir: string): RedisTls {
  const f = (n: string): string => path.join(dir, n);
  const run = (args: string[]): void => {
    const r = spawnSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000 });
    if (r.status !== 0) throw new Error(`openssl ${args[0]}: ${r.stderr?.toString()}`);
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  run(['req', '-x509', ...ec, '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '1', '-subj', '/CN=headend test CA']);
  run(['req', ...ec, '-keyout', f('redis.key'), '-out', f('redis.csr'), '-subj', '/CN=127.0.0.1']);
  fs.writeFileSync(f('ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  run(['x509', '-req', '-in', f('redis.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('redis.pem'), '-days', '1', '-extfile', f('ext.cnf')]);
  fs.rmSync(f('ca.key'));
  return { ca: f('ca.pem'), cert: f('redis.pem'), key: f('redis.key') };
}

function ping(port: number, t?: RedisTls): Promise<boolean> {
  return new Promise((resolve) => {
    const c = t ? tls.connect({ port, host: '127.0.0.1', ca: fs.readFileSync(t.ca) }) : net.connect(port, '127.0.0.1');
    c.setTimeout(500, () => { c.destroy(); resolve(false); });
    c.on('error', () => resolve(false));
    c.on(t ? 'secureConnect' : 'connect', () => c.write('PING\r\n'));
    c.on('data', (d) => { c.destroy(); resolve(d.toString().startsWith('+PONG')); });
  });
}

export class RedisServer {
  proc: ChildProcess | null = null;
  private constructor(readonly port: number, readonly dir: string, readonly tls?: RedisTls) {}

  static async start(o: { tls?: RedisTls } = {}): Promise<RedisServer> {
    const r = new RedisServer(await freePort(), fs.mkdtempSync(path.join(os.tmpdir(), 'headend-redis-')), o.tls);
    await r.run();
    return r;
  }

  get url(): string { return `${this.tls ? 'rediss' : 'redis'}://127.0.0.1:${this.port}`; }

  private async run(): Promise<void> {
    const listen = this.tls
      ? ['--port', '0', '--tls-port', String(this.port), '--tls-cert-file', this.tls.cert, '--tls-key-file', this.tls.key,
        '--tls-ca-cert-file', this.tls.ca, '--tls-auth-clients', 'no']
      : ['--port', String(this.port)];
    this.proc = spawn('redis-server', [...listen, '--bind', '127.0.0.1', '--dir', this.dir, '--save', '', '--appendonly', 'no', '--protected-mode', 'no'],
      { stdio: ['ignore', 'ignore', 'ignore'] });
    for (let i = 0; i < 100; i++) {
      if (await ping(this.port, this.tls)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server did not answer on port ${this.port}`);
  }

  async kill(): Promise<void> {
    const p = this.proc;
    this.proc = null;
    if (!p || p.exitCode !== null) return;
    const gone = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await gone;
  }

  async restart(): Promise<void> {
    await this.kill();
    await this.run();
  }

  async stop(): Promise<void> {
    await this.kill();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
