// The CA certificates an `ldap-over-ssl enable` connection trusts: the system's CA store (Node's
// bundled roots, as the ASA's default trustpool is Cisco's bundle) and every CA certificate the
// running-config holds in `crypto ca certificate chain TP` blocks (`certificate ca SERIAL`, the DER in
// hex words, then `quit`: the ASA's own way of keeping a trustpoint's CA in the configuration).
// The chain blocks are kept verbatim (grammar/verbatim-blocks.ts); they are read here, each time a
// connection is made, so a pasted chain counts at once.
import { X509Certificate } from 'node:crypto';
import { lazyBuiltin } from '../../lazy-builtin.ts';
import type { RunningConfig } from '../../config/model.ts';

const tls = lazyBuiltin<typeof import('node:tls')>('node:tls');

/** a certificate's DER, as a PEM; undefined when the hex is no certificate */
function pemOf(hex: string): string | undefined {
  if (!hex || hex.length % 2 || !/^[0-9a-f]+$/i.test(hex)) return undefined;
  const der = Buffer.from(hex, 'hex');
  try { new X509Certificate(der); } catch { return undefined; }
  const b64 = der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

/** the `certificate ca` entries of every `crypto ca certificate chain` block, as PEMs */
export function configCaCertificates(c: RunningConfig): string[] {
  const out: string[] = [];
  for (const b of c.passthrough.values()) {
    if (!/^crypto\s+ca\s+certificate\s+chain\s+\S+\s*$/i.test(b.head)) continue;
    let hex: string[] | undefined;
    for (const raw of b.children) {
      const l = raw.trim();
      if (/^certificate\s+ca\s+\S+$/i.test(l)) { hex = []; continue; }
      if (/^certificate\b/i.test(l)) { hex = undefined; continue; }
      if (!hex) continue;
      if (/^quit$/i.test(l)) { const p = pemOf(hex.join('')); if (p) out.push(p); hex = undefined; continue; }
      hex.push(l.replace(/\s+/g, ''));
    }
  }
  return out;
}

/** what an ldaps connection verifies the server's certificate against */
export function ldapTrustedCas(c: RunningConfig): string[] {
  return [...tls().rootCertificates, ...configCaCertificates(c)];
}
