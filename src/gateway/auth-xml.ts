// The aggregate-auth XML documents: what the client POSTs (init, auth-reply, logout) and what the
// gateway answers (auth-request, complete), in the ASA's shape so that AnyConnect and openconnect
// both accept them.
import { XMLParser } from 'fast-xml-parser';

export interface ClientAuthMessage {
  type: string;
  version: string;
  deviceId: string;
  groupAccess: string;
  groupSelect: string;
  /** text children of <auth> (username, password, group_list, …), untrimmed */
  fields: Record<string, string>;
  sessionToken: string;
  /** <opaque is-for="sg"><aggauth-handle>: the handle of the form this replies to */
  handle: string;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  // passwords may begin or end with blanks
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
});

function text(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return text(v[0]);
  if (typeof v === 'object' && '#text' in (v as Record<string, unknown>)) return text((v as Record<string, unknown>)['#text']);
  return '';
}

function opaqueHandle(v: unknown): string {
  const o = Array.isArray(v) ? v[0] : v;
  return o && typeof o === 'object' ? text((o as Record<string, unknown>)['aggauth-handle']).trim().slice(0, 64) : '';
}

/** Parses a config-auth document; undefined when the body is not one (or uses DTD tricks). */
export function parseClientAuth(body: string): ClientAuthMessage | undefined {
  // entity definitions are the classic amplification attack; clients never send a DTD
  if (/<!DOCTYPE|<!ENTITY/i.test(body)) return undefined;
  let doc: Record<string, unknown>;
  try { doc = parser.parse(body) as Record<string, unknown>; } catch { return undefined; }
  const ca = doc['config-auth'];
  if (!ca || typeof ca !== 'object' || Array.isArray(ca)) return undefined;
  const c = ca as Record<string, unknown>;
  const fields: Record<string, string> = {};
  const auth = c['auth'];
  if (auth && typeof auth === 'object' && !Array.isArray(auth)) {
    for (const [k, v] of Object.entries(auth as Record<string, unknown>)) {
      if (!k.startsWith('@_') && k !== '#text') fields[k] = text(v);
    }
  }
  return {
    type: text(c['@_type']).trim(),
    version: text(c['version']).trim(),
    deviceId: text(c['device-id']).trim(),
    groupAccess: text(c['group-access']).trim(),
    groupSelect: text(c['group-select']).trim(),
    fields,
    sessionToken: text(c['session-token']).trim(),
    handle: opaqueHandle(c['opaque']),
  };
}

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';

export interface AuthRequestOptions {
  tunnelGroup: string;
  groupAlias: string;
  handle: string;
  /** POST target of the form; the group-url path keeps the group on the reply */
  action: string;
  message?: string;
  /** a failed attempt, shown by the client before it prompts again */
  error?: string;
  /** the group drop-down (tunnel-group-list enable); value = label = alias */
  groups?: { value: string; label: string; selected: boolean }[];
  /** a server's challenge (RADIUS Access-Challenge, an OTP): one password field, the server's text as message */
  challenge?: boolean;
  /**
   * `password-management`: the new password, asked in the two fields an ASA names `new_password` and
   * `verify_password` (openconnect's auth.c: the Cisco client posts the first as `password` and
   * leaves the second out, and openconnect does the same)
   */
  passwordChange?: boolean;
}

export function authRequestXml(o: AuthRequestOptions): string {
  const l: string[] = [
    '<config-auth client="vpn" type="auth-request" aggregate-auth-version="2">',
    '<opaque is-for="sg">',
    `<tunnel-group>${esc(o.tunnelGroup)}</tunnel-group>`,
    `<group-alias>${esc(o.groupAlias)}</group-alias>`,
    `<aggauth-handle>${esc(o.handle)}</aggauth-handle>`,
    '<auth-method>single-sign-on-v2</auth-method>',
    '</opaque>',
    `<auth id="${o.challenge && !o.passwordChange ? 'challenge' : 'main'}">`,
    `<title>${o.challenge && !o.passwordChange ? 'Challenge' : 'Login'}</title>`,
    `<message>${esc(o.message ?? 'Please enter your username and password.')}</message>`,
    '<banner></banner>',
  ];
  if (o.error) l.push(`<error id="88" param1="" param2="">${esc(o.error)}</error>`);
  l.push(`<form method="post" action="${esc(o.action)}">`);
  if (o.passwordChange) {
    l.push('<input type="password" name="new_password" label="New Password:"></input>');
    l.push('<input type="password" name="verify_password" label="Verify Password:"></input>');
    l.push('</form>', '</auth>', '</config-auth>');
    return HEAD + l.join('\n') + '\n';
  }
  if (o.challenge) {
    l.push('<input type="password" name="password" label="Response:"></input>');
    l.push('</form>', '</auth>', '</config-auth>');
    return HEAD + l.join('\n') + '\n';
  }
  l.push('<input type="text" name="username" label="Username:"></input>');
  l.push('<input type="password" name="password" label="Password:"></input>');
  if (o.groups && o.groups.length) {
    l.push('<select name="group_list" label="GROUP:">');
    for (const g of o.groups) {
      l.push(`<option value="${esc(g.value)}"${g.selected ? ' selected="true"' : ''}>${esc(g.label)}</option>`);
    }
    l.push('</select>');
  }
  l.push('</form>', '</auth>', '</config-auth>');
  return HEAD + l.join('\n') + '\n';
}

export interface CompleteOptions {
  sessionId: number;
  token: string;
  certSha1: string;
  profiles: { fileName: string; sha1: string }[];
  customAttrs: { type: string; value: string }[];
  /** `anyconnect modules value …`: listed in the core manifest as optional modules */
  modules?: string[];
  /** the `anyconnect image` for the client's OS: base-package-uri /CACHE/stc/ORDER and its core file */
  pkg?: { order: number; file: string; version: string; os: string };
}

/** <vpn-client-pkg-version> and <vpn-core-manifest>: the client's package and the group's modules */
export function coreManifestXml(pkg: CompleteOptions['pkg'], modules: string[]): string {
  if (!pkg && !modules.length) return '';
  const os = pkg ? ` os="${esc(pkg.os)}"` : '';
  const version = pkg ? ` version="${esc(pkg.version)}"` : '';
  const l: string[] = [];
  if (pkg) l.push(`<vpn-client-pkg-version><pkgversion>${esc(pkg.version.replace(/\./g, ','))}</pkgversion></vpn-client-pkg-version>`);
  l.push('<vpn-core-manifest><vpn rev="1.0">');
  if (pkg) {
    l.push(`<file${version} id="VPNCore" is_core="yes" type="pkg" action="install"${os}><uri>binaries/${esc(encodeURIComponent(pkg.file))}</uri><display-name>AnyConnect Secure Mobility Client</display-name></file>`);
  }
  for (const m of modules) {
    l.push(`<file${version} id="${esc(m)}" is_core="no" type="module" action="install"${os}><display-name>${esc(m)}</display-name></file>`);
  }
  l.push('</vpn></vpn-core-manifest>');
  return l.join('');
}

/** the custom-attr block, also sent in X-CSTP-Post-Auth-XML for clients that read it there */
export function customAttrXml(attrs: { type: string; value: string }[]): string {
  const ok = attrs.filter((a) => /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(a.type));
  if (!ok.length) return '';
  return '<custom-attr>' + ok.map((a) => `<${a.type}><![CDATA[${a.value.replace(/]]>/g, ']]]]><![CDATA[>')}]]></${a.type}>`).join('') + '</custom-attr>';
}

export function completeXml(o: CompleteOptions): string {
  const l: string[] = [
    '<config-auth client="vpn" type="complete" aggregate-auth-version="2">',
    `<session-id>${o.sessionId}</session-id>`,
    `<session-token>${esc(o.token)}</session-token>`,
    '<auth id="success">',
    '<message id="0" param1="" param2=""></message>',
    '</auth>',
    '<capabilities><crypto-supported>ssl-dhe</crypto-supported></capabilities>',
    '<config client="vpn" type="private">',
    `<vpn-base-config>${o.pkg ? `<base-package-uri>/CACHE/stc/${o.pkg.order}</base-package-uri>` : ''}<server-cert-hash>${esc(o.certSha1)}</server-cert-hash></vpn-base-config>`,
    `<opaque is-for="vpn-client">${customAttrXml(o.customAttrs)}${coreManifestXml(o.pkg, o.modules ?? [])}</opaque>`,
  ];
  if (o.profiles.length) {
    l.push('<vpn-profile-manifest><vpn rev="1.0">');
    for (const p of o.profiles) {
      l.push(`<file type="profile" service-type="user"><uri>/CACHE/stc/profiles/${esc(p.fileName)}</uri><hash type="sha1">${p.sha1}</hash></file>`);
    }
    l.push('</vpn></vpn-profile-manifest>');
  }
  l.push('</config>', '</config-auth>');
  return HEAD + l.join('\n') + '\n';
}
