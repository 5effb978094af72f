// A GatewayView made of plain objects, standing in for the config layer in gateway tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AuthResult, EffectivePolicy, GatewayView, GroupEntry, ListenerSpec, PoolSpec } from '../../src/gateway/view.ts';

export function policy(over: Partial<EffectivePolicy> = {}): EffectivePolicy {
  return {
    groupPolicy: 'DfltGrpPolicy',
    tunnelGroup: 'DefaultWEBVPNGroup',
    vpnTunnelProtocols: ['ssl-client'],
    idleTimeoutMin: 30,
    sessionTimeoutMin: null,
    sessionTimeoutAlertMin: 1,
    simultaneousLogins: 3,
    keepaliveSec: 20,
    dpdGatewaySec: 30,
    dpdClientSec: 30,
    rekeyMethod: 'none',
    rekeyTimeMin: null,
    mtu: null,
    compression: 'none',
    keepInstaller: true,
    dnsServers: [],
    winsServers: [],
    defaultDomain: null,
    banner: [],
    splitTunnelPolicy: 'tunnelall',
    splitNetworks: [],
    splitDns: [],
    profiles: [],
    modules: [],
    customAttrs: [],
    framedIp: null,
    ipv4Pools: ['POOL1'],
    ipv6Pools: [],
    vpnFilter: null,
    ipv6VpnFilter: null,
    ...over,
  };
}

export interface TestUser { password: string; policy?: Partial<EffectivePolicy> }

/** Mutable on purpose: tests change fields between logins to model config changes. */
export class TestView implements GatewayView {
  listenerSpecs: ListenerSpec[] = [{ address: '127.0.0.1', port: 0 }];
  enabled = true;
  groupList = false;
  groupEntries: GroupEntry[] = [{ tunnelGroup: 'DefaultWEBVPNGroup', aliases: [], urls: [] }];
  users = new Map<string, TestUser>();
  /** per tunnel-group policy fields, applied under the user's */
  groupPolicies = new Map<string, Partial<EffectivePolicy>>();
  /** applied to every login (under group and user fields) */
  base: Partial<EffectivePolicy> = {};
  pools = new Map<string, PoolSpec>([['POOL1', { kind: 'v4', first: '192.0.2.10', last: '192.0.2.20', mask: '255.255.255.0' }]]);
  authLog: { user: string; tunnelGroup: string; source: string; ok: boolean }[] = [];
  /** `webvpn` → `default-idle-timeout` */
  idleSec = 1800;
  defaultIdleSec(): number { return this.idleSec; }

  listeners(): ListenerSpec[] { return this.listenerSpecs; }
  anyconnectEnabled(): boolean { return this.enabled; }
  tunnelGroupListEnabled(): boolean { return this.groupList; }
  groups(): GroupEntry[] { return this.groupEntries; }
  pool(name: string): PoolSpec | undefined { return this.pools.get(name); }

  authenticate(user: string, password: string, tunnelGroup: string, source: string): AuthResult {
    const u = this.users.get(user);
    const ok = !!u && u.password === password;
    this.authLog.push({ user, tunnelGroup, source, ok });
    if (!ok) return { ok: false, reason: u ? 'bad password' : 'no such user' };
    return { ok: true, policy: policy({ ...this.base, tunnelGroup, ...this.groupPolicies.get(tunnelGroup), ...u!.policy }) };
  }
}

export function tempStateDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'headend-gw-'));
}
