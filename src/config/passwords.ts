// Passwords are kept as PBKDF2 hashes in ASA's `$sha512$ITER$SALT$HASH` shape, never in clear.
import { pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Secret } from './model.ts';

const ITER = 5000;

export function hashPassword(pw: string): Secret {
  const salt = randomBytes(16);
  const h = pbkdf2Sync(pw, salt, ITER, 16, 'sha512');
  return { hash: `$sha512$${ITER}$${salt.toString('base64')}$${h.toString('base64')}`, form: 'pbkdf2' };
}

export function verifyPassword(pw: string, s: Secret | 'nopassword' | undefined): boolean {
  if (s === 'nopassword') return pw === '';
  if (!s || s.form !== 'pbkdf2') return false;
  const m = /^\$sha512\$(\d+)\$([^$]+)\$([^$]+)$/.exec(s.hash);
  if (!m) return false;
  const want = Buffer.from(m[3], 'base64');
  const got = pbkdf2Sync(pw, Buffer.from(m[2], 'base64'), +m[1], want.length, 'sha512');
  return got.length === want.length && timingSafeEqual(got, want);
}
