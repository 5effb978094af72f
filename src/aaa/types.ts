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
  | 'service-type';

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
  }
  | {
    ok: false;
    reason: AuthFailure;
    /** for logs only: the client is never told why */
    detail: string;
  };
