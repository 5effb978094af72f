// A default changed in the grammar changes behaviour: nothing else holds a copy of it. A file of its
// own, so that its module graph parses the defaults only after the change.
import { describe, expect, it } from 'vitest';
import { groupPolicy as GP } from '../../grammar/group-policy.ts';
import { groupWebvpn as GW } from '../../grammar/group-webvpn.ts';
import { webvpn as W } from '../../grammar/webvpn.ts';
import { effectivePolicy } from '../../src/config/effective.ts';
import { emptyConfig } from '../../src/config/model.ts';
import { planConnect } from '../../src/gateway/connect-headers.ts';

describe('a changed grammar default', () => {
  it('reaches the effective policy and the client', () => {
    GW.keepalive.dflt = 'anyconnect ssl keepalive 45';
    GP.vpnSimultaneousLogins.dflt = 'vpn-simultaneous-logins 7';
    GP.vpnSessionTimeoutAlert.dflt = 'vpn-session-timeout alert-interval 5';
    W.defaultIdleTimeout.dflt = 'default-idle-timeout 600';
    const c = emptyConfig();
    const e = effectivePolicy(c, { tunnelGroup: c.tunnelGroups.get('DefaultWEBVPNGroup')! });
    expect(e.keepaliveSec).toBe(45);
    expect(e.simultaneousLogins).toBe(7);
    const plan = planConnect({ policy: { ...e, profiles: [] }, v4: { address: '192.0.2.10', mask: '255.255.255.0', gateway: '192.0.2.1' }, v6: null, request: {}, sessionRemainingSec: 600 });
    expect(plan.headers.filter(([n]) => n === 'X-CSTP-Session-Timeout-Alert-Interval').map(([, v]) => v)).toEqual(['300']);
    expect(plan.headers.filter(([n]) => n === 'X-CSTP-Keepalive').map(([, v]) => v)).toEqual(['45']);
  });
});
