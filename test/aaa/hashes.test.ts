// Stored password hashes (issue 11, point 4): the shape of a `pbkdf2` hash is checked on entry
// (validateHash, ASA-style ERROR), and a malformed one that reached the store (a startup-config
// saved before the check) can never match a password, never throws, and never runs a huge count.
import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword, validateHash, verifyPasswordAsync } from '../../src/config/passwords.ts';
import type { Secret } from '../../src/config/model.ts';
import { cleanup } from '../helpers/ssh-inproc.ts';
import { Shell } from '../shell/helpers.ts';
import { sshLogin, startHeadend, stopAll, vpnLogin, type Headend } from './helpers.ts';

afterEach(async () => {
  await cleanup();
  await stopAll();
});

/** a hash an ASA 9.x wrote (`$sha512$5000$<16-byte salt>$<16-byte hash>`) */
const ASA = '$sha512$5000$zJZ/+1K9lmgpmVlRXjPEYQ==$9VOAeH+g4QIPkUyWfdq79w==';
const SALT = 'zJZ/+1K9lmgpmVlRXjPEYQ==';
const HASH = '9VOAeH+g4QIPkUyWfdq79w==';
/** a hash field that decodes to zero bytes: the old check compared zero bytes with zero bytes and accepted any password */
const ZERO_LENGTH = `$sha512$5000$${SALT}$====`;
const ITER_ZERO = `$sha512$0$${SALT}$${HASH}`;
const HUGE = `$sha512$4000000000$${SALT}$${HASH}`;

const pbkdf2 = (hash: string): Secret => ({ hash, form: 'pbkdf2' });

/** as if a startup-config written before the check on entry had stored it */
function store(h: Headend, user: string, hash: string): void {
  h.app.config.model.usernames.get(user)!.password = pbkdf2(hash);
}

async function enableWith(h: Headend, password: string): Promise<boolean> {
  const sh = new Shell(h.app);
  await sh.run('disable');
  await sh.feed(`enable\n${password}`);
  return sh.prompt === 'headend#';
}

describe('validateHash', () => {
  it('accepts what an ASA and hashPassword write, and leaves the other forms alone', () => {
    expect(validateHash(ASA)).toBeUndefined();
    expect(validateHash(pbkdf2(ASA))).toBeUndefined();
    expect(validateHash(hashPassword('secret'))).toBeUndefined();
    expect(validateHash(`$sha512$1000$${SALT}$${HASH}`)).toBeUndefined();
    expect(validateHash(`$sha512$100000$${SALT}$${HASH}`)).toBeUndefined();
    expect(validateHash({ hash: 'anything', form: 'encrypted' })).toBeUndefined();
  });

  it.each([
    ['a hash that decodes to zero bytes', ZERO_LENGTH, /hash is not base64|hash must be/],
    ['an empty hash field', `$sha512$5000$${SALT}$`, /hash is not base64|hash must be/],
    ['iteration count 0', ITER_ZERO, /iteration count 0 is out of range 1000-100000/],
    ['a huge iteration count', HUGE, /iteration count 4000000000 is out of range/],
    ['an iteration count above the range', `$sha512$100001$${SALT}$${HASH}`, /out of range/],
    ['an empty salt', `$sha512$5000$$${HASH}`, /salt/],
    ['a one-byte hash', `$sha512$5000$${SALT}$AA==`, /hash must be 16 to 64 bytes/],
    ['a salt that is not base64', `$sha512$5000$not*base64!!$${HASH}`, /salt is not base64/],
    ['a hash in sloppy base64', `$sha512$5000$${SALT}$${HASH.slice(0, -2)}`, /hash is not base64/],
    ['another algorithm', `$sha256$5000$${SALT}$${HASH}`, /expected \$sha512\$/],
    ['an oversized hash', `$sha512$5000$${SALT}$${'A'.repeat(400)}`, /too long/],
  ])('refuses %s with an ASA-style ERROR', (_what, hash, why) => {
    const e = validateHash(hash);
    expect(e).toMatch(/^ERROR: Invalid PBKDF2 password hash: /);
    expect(e).toMatch(why);
  });
});

describe('a malformed stored hash never matches', () => {
  it('a zero-length hash accepts no password: VPN, SSH and enable', async () => {
    const h = await startHeadend({ gateway: true, ssh: true, extra: ['aaa authentication enable console LOCAL'] });
    store(h, 'op', ZERO_LENGTH);
    for (const pw of ['', 'x', 'oppass']) {
      expect(await vpnLogin(h, 'op', pw), `VPN "${pw}"`).toBe(false);
      expect(await sshLogin(h, 'op', pw), `SSH "${pw}"`).toBe(false);
      expect(await h.app.aaa.authenticate({ user: 'op', password: pw, service: 'enable', source: 'console' }), `enable "${pw}"`)
        .toMatchObject({ ok: false, reason: 'bad-password' });
    }
    // and as the enable password, typed at the CLI
    await h.app.loadText('no aaa authentication enable console LOCAL', 'test');
    h.app.config.model.enable = pbkdf2(ZERO_LENGTH);
    for (const pw of ['', 'x', 'enpass']) expect(await enableWith(h, pw), `enable "${pw}"`).toBe(false);
  });

  it('iteration count 0 does not crash the SSH login path: the client is refused, and the server still serves', async () => {
    // the hash call itself resolves false (the old one threw a RangeError out of pbkdf2)
    await expect(verifyPasswordAsync('oppass', pbkdf2(ITER_ZERO))).resolves.toBe(false);
    const h = await startHeadend({ gateway: true, ssh: true });
    store(h, 'op', ITER_ZERO);
    // the old SSH path let that error escape: an unhandled rejection, and a client left hanging
    expect(await sshLogin(h, 'op', 'oppass')).toBe(false);
    expect(await sshLogin(h, 'op', '')).toBe(false);
    expect(await vpnLogin(h, 'op', 'oppass')).toBe(false);
    expect(await sshLogin(h, 'admin', 'adminpw')).toBe(true);
    h.app.config.model.enable = pbkdf2(ITER_ZERO);
    expect(await enableWith(h, 'enpass')).toBe(false);
  });

  it('a huge iteration count is refused on entry and, stored, is never run', async () => {
    expect(validateHash(HUGE)).toMatch(/^ERROR: /);
    const h = await startHeadend({ gateway: false, ssh: true });
    store(h, 'op', HUGE);
    const t0 = Date.now();
    expect(await sshLogin(h, 'op', 'oppass')).toBe(false);
    expect(await h.app.aaa.authenticate({ user: 'op', password: 'oppass', service: 'vpn', source: '192.0.2.1', tunnelGroup: 'DefaultWEBVPNGroup' }))
      .toMatchObject({ ok: false, reason: 'bad-password' });
    // 4·10^9 iterations would take hours; a refusal takes a few milliseconds
    expect(Date.now() - t0).toBeLessThan(3000);
  });
});
