// What a caller asks of AAA and what it is told. Shared by the service, the app's narrow interfaces
// (src/app-types.ts) and the callers: SSH, the gateway view (AnyConnect and the portal), `enable`.
import type { User } from '../config/model.ts';

/** what the login is for: it selects the server group and the authorization applied */
export type AaaServiceKind = 'vpn' | 'ssh' | 'enable';

export interface AuthRequest {
  user: string;
  password: string;
  service: AaaServiceKind;
  /** the client's address (VPN, portal, SSH), or the admin session's (`console` on the console) */
  source: string;
  /** vpn: the tunnel-group chosen; its `authentication-server-group` is the server group */
  tunnelGroup?: string;
  /** the answer to a challenge: the `challenge.state` of the result that asked it */
  state?: string;
}

/** what an AAA server said of the user, applied to the session as an ASA does */
export interface ServerAttributes {
  /** RADIUS Class `OU=name;` or the Cisco Group-Policy VSA; LDAP through `ldap attribute-map` */
  groupPolicy?: string;
  /** RADIUS Framed-IP-Address (and Framed-IP-Netmask) */
  framedIp?: { address: string; mask: string };
  /** RADIUS Class values (base64), sent back in accounting */
  classes?: string[];
}

/** what a server asks after a right first answer: an OTP (RADIUS Access-Challenge), or a new password */
export interface Challenge {
  /** the prompt to show */
  message: string;
  /** to send back with the answer (`AuthRequest.state`) */
  state: string;
  /** LDAP under `password-management`: the password expired; the answer is the new password */
  passwordChange?: boolean;
}

export type AuthFailure =
  /** ssh: no `aaa authentication ssh console LOCAL` */
  | 'no-aaa'
  /** vpn: the tunnel-group does not exist or is not a remote-access one */
  | 'no-tunnel-group'
  /** a server group this headend cannot use yet (RADIUS, LDAP: issue 14) */
  | 'server-unsupported'
  /** the per-source throttle refused the attempt before any password check */
  | 'throttled'
  /** `aaa local authentication attempts max-fail` locked the account */
  | 'locked'
  | 'no-such-user'
  | 'bad-password'
  /** the password was right but `service-type` forbids this service */
  | 'service-type'
  /** no server of the group answered (and no LOCAL fallback) */
  | 'server-down'
  /** the server rejected the user */
  | 'server-rejected'
  /** the server asks a further answer (RADIUS Access-Challenge): `challenge` says what */
  | 'challenge'
  /** authenticated, but the `authorization-server-group` refused or did not answer under `authorization-required` */
  | 'authorization';

export type AuthResult =
  | {
    ok: true;
    user: string;
    /** the server group that answered: `LOCAL`, or `enable` for the enable password */
    server: string;
    /** the user's `privilege` (the grammar's default when unset); 15 for the enable password */
    privilege: number;
    /** ssh: `aaa authorization exec LOCAL auto-enable` */
    autoEnable: boolean;
    /** the local user as configured after the check (for the VPN policy); absent for the enable password */
    account?: User;
    /** a server group's answer (RADIUS, LDAP) */
    attributes?: ServerAttributes;
  }
  | {
    ok: false;
    reason: AuthFailure;
    /** for logs only: the client is never told why */
    detail: string;
    /** the server group that refused (absent: the local database or no group at all) */
    server?: string;
    /** reason `challenge`: the prompt to show, and the state to send back with the answer */
    challenge?: Challenge;
  };
