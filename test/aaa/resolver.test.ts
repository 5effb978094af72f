// issue 14: the resolver of `aaa-server … host NAME` (src/aaa/resolver.ts) with the system's real
// resolver: localhost (in /etc/hosts on every machine) resolves to loopback and is looked up once
// however many requests wait for it; a name that cannot exist (RFC 6761 `.invalid`) is an error,
// remembered for a while; the cache keeps at most MAX_ENTRIES names.
import { describe, expect, it } from 'vitest';
import { HostResolver, MAX_ENTRIES, NEGATIVE_MS, POSITIVE_MS } from '../../src/aaa/resolver.ts';

describe('aaa-server host names', () => {
  it('resolves localhost once for concurrent and later requests, and again after the answer expires', async () => {
    let now = 1_000_000;
    const r = new HostResolver(() => now);
    const all = await Promise.all([1, 2, 3, 4, 5].map(() => r.resolve('LocalHost', 5000)));
    expect(all).toEqual(Array(5).fill({ address: '127.0.0.1' }));
    expect(r.lookups).toBe(1);
    expect(r.cached('localhost')).toBe('127.0.0.1');
    expect(await r.resolve('localhost', 5000)).toEqual({ address: '127.0.0.1' });
    expect(r.lookups).toBe(1);
    now += POSITIVE_MS + 1;
    expect(r.cached('localhost')).toBeUndefined();
    expect(await r.resolve('localhost', 5000)).toEqual({ address: '127.0.0.1' });
    expect(r.lookups).toBe(2);
    // an address is no name: nothing to look up
    expect(await r.resolve('10.1.2.3', 5000)).toEqual({ address: '10.1.2.3' });
    expect(r.lookups).toBe(2);
  });

  it('a name with no address is an error, remembered NEGATIVE_MS; the cache is bounded', async () => {
    let now = 1_000_000;
    const r = new HostResolver(() => now);
    const bad = await r.resolve('radius.example.invalid', 10_000);
    expect(bad).toHaveProperty('error');
    expect(await r.resolve('radius.example.invalid', 10_000)).toEqual(bad);
    expect(r.lookups).toBe(1);
    now += NEGATIVE_MS + 1;
    await r.resolve('radius.example.invalid', 10_000);
    expect(r.lookups).toBe(2);
    // the bound, made small (MAX_ENTRIES in the product): the oldest names go first
    const small = new HostResolver(() => now, 4);
    for (const n of ['localhost', 'a.invalid', 'b.invalid', 'c.invalid', 'd.invalid', 'e.invalid']) await small.resolve(n, 10_000);
    expect(small.size).toBe(4);
    expect(small.cached('localhost')).toBeUndefined();
    expect(MAX_ENTRIES).toBeLessThanOrEqual(1024);
  }, 60_000);

});
