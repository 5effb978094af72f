// Host names of `aaa-server NAME (IFC) host ADDR` (ASA takes "IP address or name of the server").
// A RADIUS request is matched to its reply by the server's address, so a name is resolved before
// the request is sent: node:dns lookup (the system resolver on libuv's thread pool: the event loop
// never waits), bounded by the caller's time (the host's `timeout`: a slow resolver costs a login
// no more than a silent server would). Answers are kept POSITIVE_MS, failures NEGATIVE_MS, in a
// cache of at most MAX_ENTRIES names (the oldest goes first); one lookup per name is in flight at a
// time, whatever the number of logins waiting for it. Names come from the configuration only.
import { lazyBuiltin } from '../lazy-builtin.ts';
import { isIP } from 'node:net';

const dns = lazyBuiltin<typeof import('node:dns/promises')>('node:dns/promises');

export const POSITIVE_MS = 5 * 60_000;
export const NEGATIVE_MS = 30_000;
export const MAX_ENTRIES = 256;

interface Entry { address?: string; error?: string; expires: number }

export type Resolved = { address: string } | { error: string };

/** every address of the name; the first IPv4 one if it has any (a server is more often reached on IPv4), else the first */
async function lookupPreferV4(name: string): Promise<string> {
  const all = await dns().lookup(name, { all: true });
  const a = all.find((x) => x.family === 4) ?? all[0];
  if (!a) throw Object.assign(new Error('no address'), { code: 'ENOTFOUND' });
  return a.address;
}

export class HostResolver {
  private readonly cache = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<Entry>>();
  /** lookups started (tests and `show` read it) */
  lookups = 0;

  constructor(private readonly now = () => Date.now(), private readonly maxEntries = MAX_ENTRIES, private readonly look: (name: string) => Promise<string> = lookupPreferV4) {}

  /** the address a name had at its last good lookup, if still cached (to name the host of a reply) */
  cached(name: string): string | undefined {
    if (isIP(name)) return name;
    const e = this.cache.get(name.toLowerCase());
    return e && e.expires > this.now() ? e.address : undefined;
  }

  /** an address for `name` within `timeoutMs`, or why there is none */
  async resolve(name: string, timeoutMs: number): Promise<Resolved> {
    if (isIP(name)) return { address: name };
    const key = name.toLowerCase();
    const hit = this.cache.get(key);
    if (hit && hit.expires > this.now()) return hit.address ? { address: hit.address } : { error: hit.error! };
    let p = this.inFlight.get(key);
    if (!p) {
      this.lookups++;
      p = this.look(key).then(
        (address): Entry => ({ address, expires: this.now() + POSITIVE_MS }),
        (e: NodeJS.ErrnoException): Entry => ({ error: e.code ?? 'lookup failed', expires: this.now() + NEGATIVE_MS }),
      ).then((e) => {
        this.inFlight.delete(key);
        this.cache.delete(key);
        this.cache.set(key, e);
        while (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
        return e;
      });
      this.inFlight.set(key, p);
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<Entry>((r) => { timer = setTimeout(() => r({ error: 'lookup timed out', expires: 0 }), timeoutMs); timer.unref(); });
    const e = await Promise.race([p, late]);
    clearTimeout(timer);
    return e.address ? { address: e.address } : { error: e.error! };
  }

  get size(): number { return this.cache.size; }
}
