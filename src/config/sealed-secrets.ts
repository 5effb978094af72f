// The AAA server secrets of the saved configuration, encrypted at rest. The startup-config in the
// state folder has each `aaa-server` host's `key`, `ldap-login-password` and `radius-common-pw` as
// `8 TOKEN` (AES-256-GCM under a key of the state folder's keys/, made on first use); reading the
// startup-config opens them again, so everything above the store (boot, show and copy
// startup-config) sees the configuration as it was saved. A token that does not open (another
// machine's key, an edited file) is left as it is: the line is then refused at boot, as a key ASA
// cannot decrypt is. Other secrets keep their own forms (username and enable passwords are hashes).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const LINE = /^(\s+(?:key|ldap-login-password|radius-common-pw) )(\S+)(\s*)$/;
const SEALED = /^8 ([A-Za-z0-9_-]{40,})$/;

function seal(key: Buffer, clear: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([c.update(clear, 'utf8'), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), ct]).toString('base64url');
}

function open(key: Buffer, token: string): string | undefined {
  try {
    const b = Buffer.from(token, 'base64url');
    const d = createDecipheriv('aes-256-gcm', key, b.subarray(0, 12));
    d.setAuthTag(b.subarray(12, 28));
    return Buffer.concat([d.update(b.subarray(28)), d.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

/** each line under an `aaa-server` head whose secret is given in clear */
function mapSecrets(text: string, fn: (prefix: string, value: string, rest: string) => string): string {
  let head = '';
  return text.split('\n').map((l) => {
    if (!/^\s/.test(l)) { head = l; return l; }
    if (!head.startsWith('aaa-server ')) return l;
    const m = LINE.exec(l);
    return m ? fn(m[1], m[2], m[3]) : l;
  }).join('\n');
}

export function sealSecrets(text: string, key: Buffer): string {
  return mapSecrets(text, (p, v, r) => `${p}8 ${seal(key, v)}${r}`);
}

export function openSecrets(text: string, key: Buffer): string {
  let head = '';
  return text.split('\n').map((l) => {
    if (!/^\s/.test(l)) { head = l; return l; }
    if (!head.startsWith('aaa-server ')) return l;
    const m = /^(\s+(?:key|ldap-login-password|radius-common-pw) )(.*?)(\s*)$/.exec(l);
    const s = m && SEALED.exec(m[2]);
    const clear = s ? open(key, s[1]) : undefined;
    return clear !== undefined ? `${m![1]}${clear}${m![3]}` : l;
  }).join('\n');
}

/** the key of the state folder, made on first use (32 random bytes, a 0600 file in keys/) */
export function secretsKey(keys: { get(n: string): string | undefined; set(n: string, v: string): void }): Buffer {
  let k = keys.get('config-secrets');
  if (!k || Buffer.from(k.trim(), 'base64').length !== 32) {
    k = randomBytes(32).toString('base64');
    keys.set('config-secrets', k);
  }
  return Buffer.from(k.trim(), 'base64');
}
