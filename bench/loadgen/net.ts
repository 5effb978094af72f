// Loopback plumbing shared by the benchmarks and the tests that start servers as children.
import { createConnection, createServer } from 'node:net';

/** a port free on `host` now (the kernel's choice, released at once) */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen({ port: 0, host }, () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => res(p));
    });
  });
}

export function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((res) => {
    const c = createConnection({ host, port });
    c.once('connect', () => { c.destroy(); res(true); });
    c.once('error', () => res(false));
  });
}

export async function waitFor(cond: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
