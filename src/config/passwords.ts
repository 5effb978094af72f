// Passwords are kept as PBKDF2 hashes in ASA's `$sha512$ITER$SALT$HASH` shape, never in clear.
// Only the AAA service (src/aaa/) checks them; this file makes, validates and verifies hashes.
import { pbkdf2, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Secret } from './model.ts';

/** what an ASA writes: `$sha512$5000$<16-byte salt>$<16-byte hash>` */
const ITER = 5000;
const SALT_BYTES = 16;
const HASH_BYTES = 16;

export function hashPassword(pw: string): Secret {
  const salt = randomBytes(SALT_BYTES);
  const h = pbkdf2Sync(pw, salt, ITER, HASH_BYTES, 'sha512');
  return { hash: `$sha512$${ITER}$${salt.toString('base64')}$${h.toString('base64')}`, form: 'pbkdf2' };
}

/**
 * The shapes accepted for a stored hash. ASA itself always writes 5000 iterations, a 16-byte salt and
 * a 16-byte hash; the bounds leave room for other tools while keeping one check cheap (at most
 * 100,000 iterations, about 20× an ASA hash, on one pool thread) and never fail-open (a hash of fewer
 * than 16 bytes would match one password in 2^(8·n)).
 */
export const HASH_LIMITS = {
  iterations: { min: 1000, max: 100_000 },
  saltBytes: { min: 8, max: 64 },
  hashBytes: { min: 16, max: 64 },
} as const;

interface Parsed { salt: Buffer; iter: number; want: Buffer }

/** strict base64: only the alphabet, canonical padding, and it round-trips */
function base64(s: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) return undefined;
  const b = Buffer.from(s, 'base64');
  return b.toString('base64') === s ? b : undefined;
}

function parse(text: string): Parsed | string {
  if (text.length > 300) return 'the hash is too long';
  const m = /^\$sha512\$(\d{1,20})\$([^$]*)\$([^$]*)$/.exec(text);
  if (!m) return 'expected $sha512$ITERATIONS$SALT$HASH';
  const { iterations: it, saltBytes: sb, hashBytes: hb } = HASH_LIMITS;
  const iter = Number(m[1]);
  if (iter < it.min || iter > it.max) return `iteration count ${iter} is out of range ${it.min}-${it.max}`;
  const salt = base64(m[2]);
  if (!salt) return 'the salt is not base64';
  if (salt.length < sb.min || salt.length > sb.max) return `the salt must be ${sb.min} to ${sb.max} bytes`;
  const want = base64(m[3]);
  if (!want) return 'the hash is not base64';
  if (want.length < hb.min || want.length > hb.max) return `the hash must be ${hb.min} to ${hb.max} bytes`;
  return { salt, iter, want };
}

/**
 * An ASA-style error for a hash given as already hashed (`username X password H pbkdf2`,
 * `enable password H pbkdf2`), undefined when it is acceptable. Other forms (`encrypted`,
 * `nt-encrypted`) are kept as entered and never match a password, so they are not checked here.
 */
export function validateHash(secret: Secret | string): string | undefined {
  const s: Secret = typeof secret === 'string' ? { hash: secret, form: 'pbkdf2' } : secret;
  if (s.form !== 'pbkdf2') return undefined;
  const p = parse(s.hash);
  return typeof p === 'string' ? `ERROR: Invalid PBKDF2 password hash: ${p}` : undefined;
}

const same = (got: Buffer, want: Buffer) => got.length === want.length && timingSafeEqual(got, want);

/** the same cost as an ASA hash, for a user who does not exist or whose stored hash cannot match */
const DUMMY: Parsed = { salt: randomBytes(SALT_BYTES), iter: ITER, want: randomBytes(HASH_BYTES) };

export type HashRun = 'stored' | 'dummy';

/**
 * For every password check (VPN, portal, SSH, `enable`, all through src/aaa/): the hash runs on
 * libuv's thread pool so that a login storm does not stall CSTP keepalives, DPD and the admins'
 * shells on the event loop.
 *
 * Exactly one PBKDF2 runs whatever `s` is: the stored hash when it is valid, else a dummy of an ASA
 * hash's cost (an unknown user, `nopassword`, a malformed hash that reached the store), so that the
 * answer's timing does not tell them apart. A malformed hash never matches and never throws.
 * `ran` is told which of the two ran (the AAA service counts them).
 */
export function verifyPasswordAsync(pw: string, s: Secret | 'nopassword' | undefined, ran?: (r: HashRun) => void): Promise<boolean> {
  const stored = s && s !== 'nopassword' && s.form === 'pbkdf2' ? parse(s.hash) : undefined;
  const p = stored && typeof stored !== 'string' ? stored : DUMMY;
  const kind: HashRun = p === DUMMY ? 'dummy' : 'stored';
  ran?.(kind);
  return new Promise((resolve) => {
    try {
      pbkdf2(pw, p.salt, p.iter, p.want.length, 'sha512', (err, got) => {
        if (kind === 'dummy') resolve(s === 'nopassword' && pw === '');
        else resolve(!err && same(got, p.want));
      });
    } catch {
      resolve(false);
    }
  });
}
