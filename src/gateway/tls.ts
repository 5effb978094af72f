// The gateway's TLS identity: an RSA key and a self-signed certificate made at first start and kept in
// stateDir/keys (0600 files, never in state.json), so the pin clients were given survives restarts.
// Node has no certificate builder, so the certificate is signed by the system's `openssl`.
import { createHash, createPrivateKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import type { TlsOptions } from 'node:tls';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openKeys } from '../store/keys.ts';

export const KEY_NAME = 'webvpn-self-key';
export const CERT_NAME = 'webvpn-self-cert';

export interface TlsIdentity {
  key: string;
  cert: string;
  /** RFC 7469 pin as openconnect's --servercert takes it: `pin-sha256:<base64 of SHA-256(SPKI DER)>` */
  pin: string;
  /** SHA-1 of the certificate DER, upper-case hex, as ASA puts it in <server-cert-hash> */
  sha1: string;
  x509: X509Certificate;
}

function selfSign(keyPem: string, commonName: string): string {
  // openssl needs the key as a file (/dev/stdin fails when stdin is a socketpair, as under Node); it
  // lives in a private 0700 folder only while openssl runs.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headend-cert-'));
  const keyFile = path.join(dir, 'key.pem');
  try {
    fs.writeFileSync(keyFile, keyPem, { mode: 0o600 });
    return runOpenssl(keyFile, commonName);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function runOpenssl(keyFile: string, commonName: string): string {
  return execFileSync('openssl', [
    'req', '-x509', '-new', '-key', keyFile, '-sha256', '-days', '3650',
    '-subj', `/CN=${commonName.replace(/[/\\=+,]/g, '_')}`,
    '-addext', 'basicConstraints=critical,CA:FALSE',
    '-addext', 'keyUsage=critical,digitalSignature,keyEncipherment',
    '-addext', 'extendedKeyUsage=serverAuth',
  ], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The listeners' TLS settings: TLS 1.2 and up, and a handshake that must finish within 15 s. */
export function tlsServerOptions(id: TlsIdentity): TlsOptions {
  return { key: id.key, cert: id.cert, minVersion: 'TLSv1.2', handshakeTimeout: 15_000 };
}

export function identityFrom(key: string, cert: string): TlsIdentity {
  const x509 = new X509Certificate(cert);
  const spki = x509.publicKey.export({ type: 'spki', format: 'der' });
  return {
    key, cert, x509,
    pin: 'pin-sha256:' + createHash('sha256').update(spki).digest('base64'),
    sha1: createHash('sha1').update(x509.raw).digest('hex').toUpperCase(),
  };
}

/** Loads the identity from stateDir/keys, creating it on first use. */
export function loadOrCreateIdentity(stateDir: string, commonName = 'headend'): TlsIdentity {
  const keys = openKeys(path.join(stateDir, 'keys'));
  let key = keys.get(KEY_NAME);
  let cert = keys.get(CERT_NAME);
  if (key && cert) {
    try {
      const id = identityFrom(key, cert);
      if (id.x509.checkPrivateKey(createPrivateKey(key))) return id;
    } catch { /* unreadable or mismatched pair: make a new one below */ }
  }
  key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  cert = selfSign(key, commonName);
  keys.set(KEY_NAME, key);
  keys.set(CERT_NAME, cert);
  return identityFrom(key, cert);
}
