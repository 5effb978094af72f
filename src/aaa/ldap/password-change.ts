// The second step of a `password-management` login over LDAP: the user's new password for a login
// whose directory said the (right) old password has expired or must be changed (./pending.ts).
//  - Active Directory (the bind said `data 532` or `data 773`): bound as `ldap-login-dn`, one modify
//    of the user's unicodePwd that deletes the old value and adds the new one (a change, which AD
//    checks against the old password and the domain policy; it needs the ldaps connection);
//  - any other directory (OpenLDAP's ppolicy): the RFC 3062 Password Modify operation with the old
//    and new passwords, in the user's own session when the directory lets the user bind (a reset
//    password, a grace login), else in the `ldap-login-dn` session (the directory checks oldPasswd).
// Then the login goes on as any login does, with the new password: search, bind, attribute map. An
// empty answer to the offer made before expiry (`password-expire-in-days`) keeps the current password.
// A refusal (policy: too short, in history) is a reject carrying the directory's text, which the
// audit log escapes; the client is told only that the login failed.
import { InvalidCredentialsError, ResultCodeError, type Client } from 'ldapts';
import { aaaServer as A } from '../../../grammar/aaa-server.ts';
import { argDefault } from '../../config/defaults.ts';
import type { AaaServerGroup, RunningConfig } from '../../config/model.ts';
import type { AaaServers, HostView } from '../servers.ts';
import type { GroupVerdict } from '../radius/auth.ts';
import { askLdapHost, certificateFailure, NEW_PASSWORD_PROMPT, newClient } from './auth.ts';
import { adChangePassword, passwdModify, PasswordPolicyControl } from './ppolicy.ts';
import type { PendingChange } from './pending.ts';

/** the longest new password taken (as `username NAME password`: 127 characters on an ASA) */
export const MAX_NEW_PASSWORD = 127;
/** new passwords a login may have refused before it ends (each costs the directory a change attempt) */
export const MAX_REFUSED = 3;
/** headend's words before the form is shown again (no ASA capture of this form's text was found) */
export const REFUSED_PROMPT = 'The new password was not accepted by the password policy.';

async function loginBind(client: Client, v: HostView): Promise<void> {
  const login = v.host.attrs.get(A.ldapLoginDn)?.args.DN;
  if (login) await client.bind(login, v.host.attrs.get(A.ldapLoginPassword)?.args.PW ?? '');
}

async function change(config: () => RunningConfig, v: HostView, pc: PendingChange, newPassword: string, timeoutMs: number): Promise<void> {
  const client = newClient(config, v, timeoutMs);
  try {
    if (pc.ad) {
      await loginBind(client, v);
      await adChangePassword(client, pc.dn, pc.oldPassword, newPassword);
      return;
    }
    try {
      await client.bind(pc.dn, pc.oldPassword, new PasswordPolicyControl());
      await passwdModify(client, pc.dn, pc.oldPassword, newPassword);
      return;
    } catch (e) {
      // an expired password without grace logins: the user cannot bind at all
      if (!(e instanceof InvalidCredentialsError)) throw e;
    }
    await client.unbind().catch(() => undefined);
    const admin = newClient(config, v, timeoutMs);
    try {
      await loginBind(admin, v);
      await passwdModify(admin, pc.dn, pc.oldPassword, newPassword);
    } finally {
      await admin.unbind().catch(() => undefined);
    }
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

export async function changeLdapPassword(servers: AaaServers, config: () => RunningConfig, g: AaaServerGroup, user: string, newPassword: string,
  at: { host: string; token: string }): Promise<GroupVerdict> {
  const pc = servers.passwordChanges.takeFor(at.token, g.name, user);
  if (!pc || pc.host !== at.host) return { kind: 'reject', host: at.host, message: 'no password change is pending (or it timed out)' };
  if (!newPassword) {
    // declining the offer made before expiry: the login goes on with the current password
    if (pc.reason !== 'expiring') return { kind: 'reject', host: pc.host, message: 'empty new password' };
    const h = g.hosts.get(pc.host.toLowerCase());
    const r = h && await askLdapHost(servers, config, { group: g, host: h, state: servers.state(g, h) }, user, pc.oldPassword);
    return r ?? { kind: 'down', detail: `LDAP server ${pc.host} did not answer` };
  }
  if (newPassword.length > MAX_NEW_PASSWORD) return { kind: 'reject', host: pc.host, message: `new password longer than ${MAX_NEW_PASSWORD} characters` };
  const h = g.hosts.get(pc.host.toLowerCase());
  if (!h || !h.attrs.get(A.ldapOverSsl)) return { kind: 'reject', host: pc.host, message: 'the LDAP host of the password change is no longer configured for ldap-over-ssl' };
  const v: HostView = { group: g, host: h, state: servers.state(g, h) };
  const timeoutMs = (h.attrs.get(A.timeout)?.args.SECONDS ?? argDefault(A.timeout, 'SECONDS')) * 1000;
  const t0 = Date.now();
  v.state.pending++;
  try {
    await change(config, v, pc, newPassword, timeoutMs);
    servers.answered(v, Date.now() - t0);
  } catch (e) {
    if (e instanceof ResultCodeError) {
      servers.answered(v, Date.now() - t0);
      // a new password the directory's policy refuses is asked again, as the password-change form
      // asks again on an ASA, up to MAX_REFUSED times in one login; the old password stays right
      const refused = (pc.refused ?? 0) + 1;
      if (refused < MAX_REFUSED && !(e instanceof InvalidCredentialsError)) {
        const state = servers.passwordChanges.add({ ...pc, refused });
        return { kind: 'password-change', host: pc.host, message: `${REFUSED_PROMPT} ${NEW_PASSWORD_PROMPT}`, state };
      }
      v.state.stats.rejects++;
      return { kind: 'reject', host: pc.host, message: `password change refused: ${e.message.slice(0, 200)}` };
    }
    const bad = certificateFailure(e);
    if (bad) servers.certInvalid(v, bad);
    servers.noAnswer(v);
    return { kind: 'down', detail: `LDAP server ${pc.host} did not answer the password change` };
  } finally {
    v.state.pending--;
  }
  return await askLdapHost(servers, config, v, user, newPassword, { passwordManagement: true })
    ?? { kind: 'down', detail: `LDAP server ${pc.host} did not answer after the password change` };
}
