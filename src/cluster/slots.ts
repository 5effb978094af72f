// Session indexes that no two members repeat. On an ASA an index names one session of the device it
// is typed on; in a headend cluster `vpn-sessiondb logoff index N` typed on any member must name one
// session of the whole cluster. Each member holds a slot, 1 to SLOTS, in Redis (P:slot:N = member id,
// with the heartbeat's expiry, renewed by every heartbeat) and numbers its sessions
//   index = n * STRIDE + slot      (n = 0, 1, 2 ... per member)
// so slot 3 gives 3, 19, 35 ... A member without a slot (Redis unreachable since it started, or all
// slots held) uses the residue no slot has, STRIDE: 16, 32, 48 ... (those may repeat across such
// members, and it says so once). Numbering never waits on Redis: the slot is claimed on the heartbeat,
// an index is made from what is held now. A headend outside a cluster numbers 1, 2, 3 ... as an ASA.

/** slots a cluster has: members beyond it number in the slotless residue */
export const SLOTS = 15;
export const STRIDE = SLOTS + 1;

/** the slot keys, for the claim script (declared as KEYS so the script touches only these) */
export const slotKeys = (prefix: string): string[] => Array.from({ length: SLOTS }, (_, i) => `${prefix}slot:${i + 1}`);

/**
 * KEYS: the slot keys; ARGV: member id, ttl ms, the slot wanted (0: none), whether a new slot may be
 * taken ('1'/'0'). The wanted slot is renewed when this member holds it and taken when it is free;
 * else, when allowed, the lowest free slot. Returns the slot held, or 0.
 */
export const CLAIM = `
local p = tonumber(ARGV[3])
if p > 0 and p <= #KEYS then
  local v = redis.call('get', KEYS[p])
  if v == ARGV[1] then redis.call('pexpire', KEYS[p], ARGV[2]) return p end
  if not v then redis.call('set', KEYS[p], ARGV[1], 'PX', ARGV[2]) return p end
end
if ARGV[4] == '1' then
  for i = 1, #KEYS do
    if redis.call('set', KEYS[i], ARGV[1], 'PX', ARGV[2], 'NX') then return i end
  end
end
return 0`;

/** gives a slot back on leaving, when this member still holds it */
export const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** a member's numbering: the next index above `last` in its slot's residue */
export class IndexNumbering {
  private n = 0;

  next(slot: number | null, last: number): number {
    const r = slot ?? STRIDE;
    let n = Math.max(this.n, Math.floor(last / STRIDE));
    if (n * STRIDE + r <= last) n++;
    this.n = n + 1;
    return n * STRIDE + r;
  }
}
