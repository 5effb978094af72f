// The pool index: pools never overlap, so in the index sorted by first address only neighbours can
// collide, and a new pool is checked in O(log n).
import type { IpPool, RunningConfig } from './model.ts';
import { ipToNum } from './ip.ts';

export function poolOverlap(c: RunningConfig, name: string, from: number, to: number): string | undefined {
  const idx = c.poolIndex;
  let lo = 0, hi = idx.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (idx[mid].from < from) lo = mid + 1; else hi = mid; }
  for (let i = Math.max(0, lo - 1); i < idx.length && idx[i].from <= to; i++) {
    if (idx[i].name !== name && from <= idx[i].to && idx[i].from <= to) return idx[i].name;
  }
  return undefined;
}

/** the first index entry whose first address is `from` or above */
function lowerBound(idx: RunningConfig['poolIndex'], from: number): number {
  let lo = 0, hi = idx.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (idx[mid].from < from) lo = mid + 1; else hi = mid; }
  return lo;
}

/**
 * call before the pool map changes: a name already there is first taken out of the index, found by
 * its first address (a pasted config that redefines its pools looked each up by a scan of all of them)
 */
export function indexPool(c: RunningConfig, name: string, range?: { from: number; to: number }): void {
  const idx = c.poolIndex;
  const old = c.ipPools.get(name);
  if (old) {
    let i = lowerBound(idx, ipToNum(old.range.from));
    if (idx[i]?.name !== name) i = idx.findIndex((p) => p.name === name);
    // the same range again: the entry stays where it is
    if (i >= 0 && range && idx[i].from === range.from && idx[i].to === range.to) return;
    if (i >= 0) idx.splice(i, 1);
  }
  if (!range) return;
  idx.splice(lowerBound(idx, range.from), 0, { ...range, name });
}

/** the mask a pool's clients get: its `mask`, or a host mask when it gives none */
export function poolMask(p: IpPool): string {
  return p.mask ?? '255.255.255.255';
}
