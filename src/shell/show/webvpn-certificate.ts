// `show webvpn certificate`: the gateway's certificate (CertificateInfo from the VpnService) in the
// layout of the ASA's `show crypto ca certificates`, then the pin openconnect --servercert takes.
import type { CertificateInfo } from '../../gateway/api.ts';
import { escapeText } from '../../text/escape.ts';
import { formatLoginTime, type FormatOptions } from './vpn-sessiondb.ts';

/** certificate dates carry no weekday: `19:20:02 UTC Nov 23 2026` */
const certDate = (d: string, tz?: FormatOptions['tz']): string => formatLoginTime(new Date(d), tz).replace(/ (Sun|Mon|Tue|Wed|Thu|Fri|Sat) /, ' ');

export function formatWebvpnCertificate(c: CertificateInfo, tz?: FormatOptions['tz']): string[] {
  const name = escapeText(c.subject.replace(/^CN=/i, 'cn='));
  return [
    'Certificate',
    '  Status: Available',
    `  Certificate Serial Number: ${c.serial.toLowerCase()}`,
    '  Certificate Usage: General Purpose',
    `  Public Key Type: RSA (${c.bits} bits)`,
    '  Signature Algorithm: SHA256 with RSA Encryption',
    '  Issuer Name: ',
    `    ${name}`,
    '  Subject Name:',
    `    ${name}`,
    '  Validity Date: ',
    `    start date: ${certDate(c.validFrom, tz)}`,
    `    end   date: ${certDate(c.validTo, tz)}`,
    '  Storage: config',
    `  Fingerprint: ${c.pin}`,
    `Pin: ${c.pin}`,
  ];
}
