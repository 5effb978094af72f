// `username NAME attributes`, `(config-username)#`.
import { username as U } from '../../../grammar/username.ts';
import { fail, ok, on, store, stored, type ConfigBinding } from '../binding.ts';
import { missingGroupPolicy } from './references.ts';

export const usernameCommands: ConfigBinding[] = [
  store(U.vpnGroupPolicy, { validate: (c, _e, cmd) => missingGroupPolicy(c.groupPolicies, cmd.args.GP) }),
  on(U.webvpn, (c, _e, cmd, f) => {
    const u = c.usernames.get(f.target!);
    if (!u) return fail('ERROR: % Incomplete command');
    u.webvpnOpened = true;
    return ok('username', cmd, u.name, { mode: 'config-username-webvpn', target: u.name });
  }),
  ...stored(U.serviceType, U.vpnFramedIpAddress),
];
