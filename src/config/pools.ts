// The pool index: pools never overlap, so in the index sorted by first address only neighbours can
// collide, and a new pool is checked in O(log n).
import type { RunningConfig } from './model.ts';

export function poolOverlap(c: RunningConfig, name: string, from: number, to: number): string | undefined {
  const idx = c.poolIndex;
  let lo = 0, hi = idx.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (idx[mid].from < from) lo = mid + 1; else hi = mid; }
  for (let i = Math.max(0, lo - 1); i < idx.length && idx[i].from <= to; i++) {
    if (idx[i].name !== name && from <= idx[i].to && idx[i].from <= to) return idx[i].name;
  }
  return undefined;
}

/** call before the pool map changes: a name already there is first taken out of the index */
export function indexPool(c: RunningConfig, name: string, range?: { from: number; to: number }): void {
  if (c.ipPools.has(name)) {
    const i = c.poolIndex.findIndex((p) => p.name === name);
    if (i >= 0) c.poolIndex.splice(i, 1);
  }
  if (!range) return;
  let lo = 0, hi = c.poolIndex.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (c.poolIndex[mid].from < range.from) lo = mid + 1; else hi = mid; }
  c.poolIndex.splice(lo, 0, { ...range, name });
}
