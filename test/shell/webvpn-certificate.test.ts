// `show webvpn certificate`, formatted in the shell from the gateway's CertificateInfo. The texts are
// those the gateway's certText() produced before the formatting moved (captured from it).
import { describe, expect, it } from 'vitest';
import { formatWebvpnCertificate } from '../../src/shell/show/webvpn-certificate.ts';
import type { CertificateInfo } from '../../src/gateway/api.ts';

const CERT: CertificateInfo = {
  serial: '5F3A0B1C2D3E4F50', bits: 2048, subject: 'CN=headend',
  validFrom: 'Nov 23 19:20:02 2026 GMT', validTo: 'Nov 21 19:20:02 2036 GMT', pin: 'pin-sha256:abc=',
};

const block = (start: string, end: string): string[] => [
  'Certificate',
  '  Status: Available',
  '  Certificate Serial Number: 5f3a0b1c2d3e4f50',
  '  Certificate Usage: General Purpose',
  '  Public Key Type: RSA (2048 bits)',
  '  Signature Algorithm: SHA256 with RSA Encryption',
  '  Issuer Name: ',
  '    cn=headend',
  '  Subject Name:',
  '    cn=headend',
  '  Validity Date: ',
  `    start date: ${start}`,
  `    end   date: ${end}`,
  '  Storage: config',
  '  Fingerprint: pin-sha256:abc=',
  'Pin: pin-sha256:abc=',
];

describe('show webvpn certificate', () => {
  it('prints the certificate as the ASA does, then the pin', () => {
    expect(formatWebvpnCertificate(CERT)).toEqual(block('19:20:02 UTC Nov 23 2026', '19:20:02 UTC Nov 21 2036'));
  });

  it('in the clock timezone when one is given', () => {
    expect(formatWebvpnCertificate(CERT, { name: 'PDT', offsetMinutes: -420 })).toEqual(block('12:20:02 PDT Nov 23 2026', '12:20:02 PDT Nov 21 2036'));
  });
});
