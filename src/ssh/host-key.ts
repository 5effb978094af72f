// The SSH host key: ed25519, made with node:crypto on first boot and kept in the store's key folder
// as standard PKCS#8 PEM. ssh2 only reads ed25519 in OpenSSH's own container, so it gets a copy
// rewrapped in that format; nothing else leaves this file but the public fingerprint.
import { createHash, createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Keys } from '../store/index.ts';

export const HOST_KEY_NAME = 'ssh-host-ed25519';

export interface HostKey {
  /** the private key in `-----BEGIN OPENSSH PRIVATE KEY-----` form, for ssh2 */
  openssh: string;
  /** `SHA256:…` as OpenSSH prints it (base64 without padding) */
  fingerprint: string;
}

function str(b: Buffer | string): Buffer {
  const buf = typeof b === 'string' ? Buffer.from(b) : b;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(buf.length);
  return Buffer.concat([len, buf]);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

/** the wire form of the public key (RFC 8709), which the fingerprint hashes */
function publicBlob(pub: Buffer): Buffer {
  return Buffer.concat([str('ssh-ed25519'), str(pub)]);
}

function toOpenSsh(seed: Buffer, pub: Buffer): string {
  const check = randomBytes(4).readUInt32BE();
  let priv = Buffer.concat([u32(check), u32(check), str('ssh-ed25519'), str(pub), str(Buffer.concat([seed, pub])), str('headend')]);
  // unencrypted keys are padded to the 8-byte cipher block with 1, 2, 3, …
  const pad: number[] = [];
  for (let i = 1; (priv.length + pad.length) % 8 !== 0; i++) pad.push(i);
  priv = Buffer.concat([priv, Buffer.from(pad)]);
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0'), str('none'), str('none'), str(''), u32(1), str(publicBlob(pub)), str(priv),
  ]);
  const b64 = body.toString('base64').replace(/.{1,70}/g, '$&\n');
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${b64}-----END OPENSSH PRIVATE KEY-----`;
}

export function fingerprintOf(pub: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(publicBlob(pub)).digest('base64').replace(/=+$/, '');
}

export function loadOrCreateHostKey(keys: Keys): HostKey {
  let pem = keys.get(HOST_KEY_NAME);
  if (!pem) {
    pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    keys.set(HOST_KEY_NAME, pem);
  }
  const jwk = createPrivateKey(pem).export({ format: 'jwk' });
  const seed = Buffer.from(jwk.d!, 'base64url');
  const pub = Buffer.from(jwk.x!, 'base64url');
  return { openssh: toOpenSsh(seed, pub), fingerprint: fingerprintOf(pub) };
}
