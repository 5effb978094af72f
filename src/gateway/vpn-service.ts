// The gateway as the shell sees it (App['vpn'] in app-types.ts): preformatted `show vpn-sessiondb`
// output, logoff, the certificate pin and pool use. Kept apart from gateway.ts so the gateway does not
// depend on the shell's types.
import type { VpnService } from '../app-types.ts';
import type { Gateway } from './gateway.ts';
import {
  formatAnyconnect, formatAnyconnectFilterName, formatDetailAnyconnect, formatRatioEncryption,
  formatSessiondb, formatSummary, formatLoginTime, type FormatOptions,
} from './sessiondb-format.ts';

export interface VpnServiceOptions {
  /** the `clock timezone` in force; UTC when absent */
  timezone?: () => FormatOptions['tz'];
  /** `Device Total VPN Capacity` */
  capacity?: number;
}

export function vpnService(gw: Gateway, o: VpnServiceOptions = {}): VpnService {
  const fmt = (): FormatOptions => ({ now: new Date(), tz: o.timezone?.(), capacity: o.capacity });
  return {
    show(what) {
      const sessions = gw.sessions();
      switch (what.view) {
        case 'summary': return formatSummary(sessions, gw.stats(), fmt());
        case 'anyconnect': return what.name === undefined ? formatAnyconnect(sessions, fmt()) : formatAnyconnectFilterName(sessions, what.name, fmt());
        case 'detail': return formatDetailAnyconnect(sessions, fmt(), what.name);
        case 'ratio': return formatRatioEncryption(sessions, gw.stats());
        default: return formatSessiondb(sessions, gw.stats(), fmt());
      }
    },
    logoff: (filter, reason) => gw.logoff(filter, reason),
    certPin: () => gw.certPin(),
    certText() {
      const c = gw.certificate();
      const tz = o.timezone?.();
      // certificate dates carry no weekday: `19:20:02 UTC Nov 23 2026`
      const when = (d: string): string => formatLoginTime(new Date(d), tz).replace(/ (Sun|Mon|Tue|Wed|Thu|Fri|Sat) /, ' ');
      return [
        'Certificate',
        '  Status: Available',
        `  Certificate Serial Number: ${c.serial.toLowerCase()}`,
        '  Certificate Usage: General Purpose',
        `  Public Key Type: RSA (${c.bits} bits)`,
        '  Signature Algorithm: SHA256 with RSA Encryption',
        '  Issuer Name: ',
        `    ${c.subject.replace(/^CN=/i, 'cn=')}`,
        '  Subject Name:',
        `    ${c.subject.replace(/^CN=/i, 'cn=')}`,
        '  Validity Date: ',
        `    start date: ${when(c.validFrom)}`,
        `    end   date: ${when(c.validTo)}`,
        '  Storage: config',
        `  Fingerprint: ${c.pin}`,
      ];
    },
    poolInUse: (pool) => gw.poolInUse(pool),
  };
}
