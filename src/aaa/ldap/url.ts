// Where an LDAP host is reached. Apart from ./auth.ts so that `show aaa-server` and the server
// service need not load ldapts (and the asn1 and URL libraries under it) before a login asks LDAP.
import { aaaServer as A } from '../../../grammar/aaa-server.ts';
import type { HostView } from '../servers.ts';

/** `ldap-over-ssl enable`: ldaps; `starttls`: ldap, upgraded before the first operation */
export const tlsMode = (v: HostView): 'ldaps' | 'starttls' | null => {
  const c = v.host.attrs.get(A.ldapOverSsl);
  return !c ? null : c.kws.has('starttls') ? 'starttls' : 'ldaps';
};

export function hostUrl(v: HostView): string {
  const ssl = tlsMode(v) === 'ldaps';
  const port = v.host.attrs.get(A.serverPort)?.args.PORT ?? (ssl ? 636 : 389);
  const host = v.host.addr.includes(':') ? `[${v.host.addr}]` : v.host.addr;
  return `${ssl ? 'ldaps' : 'ldap'}://${host}:${port}`;
}
