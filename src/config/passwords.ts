// Passwords are kept as PBKDF2 hashes in ASA's `$sha512$ITER$SALT$HASH` shape, never in clear.
import { pbkdf2, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Secret } from './model.ts';

const ITER = 5000;

export function hashPassword(pw: string): Secret {
  const salt = randomBytes(16);
  const h = pbkdf2Sync(pw, salt, ITER, 16, 'sha512');
  return { hash: `$sha512$${ITER}$${salt.toString('base64')}$${h.toString('base64')}`, form: 'pbkdf2' };
}

interface Parsed { salt: Buffer; iter: number; want: Buffer }

function parse(s: Secret): Parsed | undefined {
  if (s.form !== 'pbkdf2') return undefined;
  const m = /^\$sha512\$(\d+)\$([^$]+)\$([^$]+)$/.exec(s.hash);
  return m ? { salt: Buffer.from(m[2], 'base64'), iter: +m[1], want: Buffer.from(m[3], 'base64') } : undefined;
}

const same = (got: Buffer, want: Buffer) => got.length === want.length && timingSafeEqual(got, want);

/**
 * For every password check (VPN, portal, SSH, `enable`, all through src/aaa/): the hash runs on
 * libuv's thread pool so that a login storm does not stall CSTP keepalives, DPD and the admins'
 * shells on the event loop.
 */
export function verifyPasswordAsync(pw: string, s: Secret | 'nopassword' | undefined): Promise<boolean> {
  if (s === 'nopassword') return Promise.resolve(pw === '');
  const p = s && parse(s);
  if (!p) return Promise.resolve(false);
  return new Promise((resolve) => {
    pbkdf2(pw, p.salt, p.iter, p.want.length, 'sha512', (err, got) => resolve(!err && same(got, p.want)));
  });
}
