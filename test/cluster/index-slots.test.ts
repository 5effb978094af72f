// issue 15, the blocking gap: session indexes no two members repeat (src/cluster/slots.ts). The
// slot claim runs on a real redis-server; the numbering is checked against a standalone table's
// (1, 2, 3 ... as today).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { SessionTable } from '../../src/gateway/sessions.ts';
import { CLAIM, IndexNumbering, RELEASE, SLOTS, STRIDE, slotKeys } from '../../src/cluster/slots.ts';
import { RedisServer, haveRedis } from '../helpers/redis.ts';

describe('session indexes', () => {
  it('a headend outside a cluster numbers 1, 2, 3 ...', () => {
    const t = new SessionTable();
    expect([1, 2, 3, 4].map(() => t.allocateIndex())).toEqual([1, 2, 3, 4]);
    // a source that gives nothing (no cluster) leaves the numbering as it is
    expect(t.allocateIndex(() => null)).toBe(5);
  });

  it('a member numbers in its slot, above every index it gave before, and never repeats another slot', () => {
    const t = new SessionTable();
    [1, 2, 3].forEach(() => t.allocateIndex());
    const n = new IndexNumbering();
    const got = [0, 1, 2].map(() => t.allocateIndex((last) => n.next(3, last)));
    expect(got).toEqual([STRIDE + 3, 2 * STRIDE + 3, 3 * STRIDE + 3]);
    // the cluster left: the numbering goes on above the last index
    expect(t.allocateIndex()).toBe(3 * STRIDE + 4);
    const seen = new Set<number>();
    for (let slot = 1; slot <= SLOTS; slot++) {
      const m = new IndexNumbering();
      for (let k = 0; k < 50; k++) {
        const i = m.next(slot, 0);
        expect(seen.has(i)).toBe(false);
        seen.add(i);
      }
    }
    // a member without a slot numbers in the residue no slot has
    const none = new IndexNumbering();
    expect([none.next(null, 0), none.next(null, 0)]).toEqual([STRIDE, 2 * STRIDE]);
    expect(seen.has(STRIDE) || seen.has(2 * STRIDE)).toBe(false);
  });
});

describe.skipIf(!haveRedis)('index slots in Redis', () => {
  let redis: RedisServer;
  let r: Redis;
  const keys = slotKeys('test:lb:');
  const claim = async (id: string, want: number, allowNew = true, ttl = 5000): Promise<number> =>
    Number(await r.eval(CLAIM, keys.length, ...keys, id, String(ttl), String(want), allowNew ? '1' : '0'));

  beforeAll(async () => {
    redis = await RedisServer.start();
    r = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  }, 30_000);
  afterAll(async () => {
    r?.disconnect();
    await redis?.stop();
  });

  it('members get distinct slots; a holder renews its own; a slot is wanted back; all taken gives 0', async () => {
    expect(await claim('a', 0)).toBe(1);
    expect(await claim('b', 0)).toBe(2);
    expect(await claim('a', 1)).toBe(1);
    expect(await r.pttl(keys[0])).toBeGreaterThan(4000);
    // b wants a's slot: it is not handed over, b gets a new one (3), or none when none may be taken
    expect(await claim('b', 1, false)).toBe(0);
    expect(await claim('b', 1)).toBe(3);
    for (let i = 0; i < SLOTS - 3; i++) expect(await claim(`m${i}`, 0)).toBe(4 + i);
    expect(await claim('late', 0)).toBe(0);
    // a leaves: its slot is free again; releasing a slot one does not hold does nothing
    expect(await r.eval(RELEASE, 1, keys[1], 'a')).toBe(0);
    expect(await r.eval(RELEASE, 1, keys[0], 'a')).toBe(1);
    expect(await claim('late', 0)).toBe(1);
  });

  it('a slot expires with its holder; Redis back empty gives the holder its slot back', async () => {
    await r.flushall();
    expect(await claim('x', 0, true, 200)).toBe(1);
    await new Promise((res) => setTimeout(res, 400));
    expect(await claim('y', 0)).toBe(1);
    await r.flushall();
    expect(await claim('x', 5)).toBe(5);
  });
});
