// The contract between the configuration layer and the gateway. The gateway never reads the config
// model or CLI text: whoever owns the running-config implements GatewayView, and the gateway asks it
// again whenever it needs something (a new login, `reconcile()`), so a change in the running-config
// reaches new sessions without the gateway knowing how it is stored. Established sessions keep the
// EffectivePolicy they were given at login, as on an ASA.
import type { Readable } from 'node:stream';

/** One TLS listener: the address of a `webvpn` → `enable IFNAME` interface, and `webvpn` → `port`. */
export interface ListenerSpec {
  address: string;
  /** 0 binds an ephemeral port (tests); see Gateway.listening() for the bound one */
  port: number;
}

/** A tunnel-group usable by AnyConnect, with only its *enabled* aliases and URLs. */
export interface GroupEntry {
  tunnelGroup: string;
  /** `group-alias NAME enable`: the labels of the client's group drop-down */
  aliases: string[];
  /** `group-url URL enable`, full URLs such as `https://192.0.2.1/eng`; matched on path (and host when it is a name/address) */
  urls: string[];
}

export type RekeyMethod = 'none' | 'ssl' | 'new-tunnel';
export type SplitTunnelPolicy = 'tunnelall' | 'tunnelspecified' | 'excludespecified';

/**
 * The attributes a session runs with, computed once at login by the caller with inheritance already
 * applied (username attributes → user's vpn-group-policy → tunnel-group default-group-policy →
 * DfltGrpPolicy → built-in default). `null` means "none" (no timer / not sent).
 */
export interface EffectivePolicy {
  groupPolicy: string;
  tunnelGroup: string;
  /** `vpn-tunnel-protocol`; AnyConnect logins need 'ssl-client' */
  vpnTunnelProtocols: string[];
  idleTimeoutMin: number | null;
  sessionTimeoutMin: number | null;
  /** `vpn-session-timeout alert-interval`: how long before the end the client warns (X-CSTP-Session-Timeout-Alert-Interval) */
  sessionTimeoutAlertMin: number;
  /** `vpn-simultaneous-logins`; 0 refuses every login */
  simultaneousLogins: number;
  /** `anyconnect ssl keepalive` (seconds), sent as X-CSTP-Keepalive */
  keepaliveSec: number | null;
  /** `anyconnect dpd-interval gateway` (seconds): the headend's own dead-peer detection */
  dpdGatewaySec: number | null;
  /** `anyconnect dpd-interval client` (seconds), sent as X-CSTP-DPD */
  dpdClientSec: number | null;
  rekeyMethod: RekeyMethod;
  rekeyTimeMin: number | null;
  /** `anyconnect mtu` (576-1406); null = 1406, lowered to what the client asks for */
  mtu: number | null;
  /** `anyconnect ssl compression`, already combined with the global `compression svc` switch */
  compression: 'deflate' | 'none';
  keepInstaller: boolean;
  dnsServers: string[];
  /** `wins-server value A ...`, sent as X-CSTP-NBNS (openconnect gives them to vpnc-script as INTERNAL_IP4_NBNS) */
  winsServers: string[];
  defaultDomain: string | null;
  /** `banner value` lines */
  banner: string[];
  splitTunnelPolicy: SplitTunnelPolicy;
  /** the split-tunnel-network-list, resolved to networks */
  splitNetworks: { address: string; mask: string }[];
  splitDns: string[];
  /** `anyconnect profiles value NAME`, resolved to the loaded XML (`fileName` as in cache:/stc/profiles) */
  profiles: { name: string; fileName: string; xml: string }[];
  modules: string[];
  /** `anyconnect-custom TYPE value NAME`, resolved through `anyconnect-custom-data TYPE NAME VALUE` */
  customAttrs: { type: string; values: { name: string; value: string }[] }[];
  /** RADIUS Class values (base64) of the login, sent back in accounting */
  classes?: string[];
  /** `vpn-framed-ip-address`, or the server's Framed-IP-Address; wins over the pools */
  framedIp: { address: string; mask: string } | null;
  /** pool names in the order to try (tunnel-group address-pool or group-policy address-pools, as the caller decides) */
  ipv4Pools: string[];
  ipv6Pools: string[];
  /** `vpn-filter value NAME` / `ipv6-vpn-filter value NAME`: the access-lists the session's traffic passes (null = none) */
  vpnFilter: string | null;
  ipv6VpnFilter: string | null;
  /**
   * `anyconnect ask`: what the portal does after a browser login. `timeoutSec` 0 takes the default
   * action at once (`ask enable default X` without a timeout), null waits for the user. Absent = none.
   */
  ask?: { enabled: boolean; defaultAction: 'anyconnect' | 'webvpn'; timeoutSec: number | null };
}

/** A compiled access-list as a vpn-filter applies it; `fromClient` tells the packet's direction. */
export interface PacketFilter {
  permits(packet: Buffer, fromClient: boolean): boolean;
  /** the hit count of each rule, by the rule's key (src/gateway/acl.ts) */
  hits?(): ReadonlyMap<string, number>;
  clearHits?(): void;
}

/** `webvpn` → `anyconnect image PATH ORDER [regex REGEX]` */
export interface ImageSpec {
  /** flash path, e.g. disk0:/cisco-secure-client-win-5.1.2.42-webdeploy-k9.pkg */
  path: string;
  order: number;
  regex?: string;
}

export type AuthResult =
  | { ok: true; policy: EffectivePolicy }
  /** `challenge`: the server asks one more answer (an OTP, or with `passwordChange` a new password);
   * the gateway prompts with `message` and passes `state` back with the answer */
  | { ok: false; reason: string; challenge?: { message: string; state: string; passwordChange?: boolean } };

export type PoolSpec =
  | { kind: 'v4'; first: string; last: string; mask: string }
  /** `ipv6 local pool NAME PREFIX/LEN COUNT`: COUNT addresses starting at PREFIX */
  | { kind: 'v6'; prefix: string; len: number; count: number };

export interface GatewayView {
  /** where to listen; re-read by Gateway.reconcile() */
  listeners(): ListenerSpec[];
  /** `webvpn` → `anyconnect enable` */
  anyconnectEnabled(): boolean;
  /** `vpn-sessiondb max-anyconnect-premium-or-essentials-limit`, else the platform's: sessions this gateway takes */
  sessionLimit?(): number;
  /** `webvpn` → `tunnel-group-list enable`: offer the group drop-down */
  tunnelGroupListEnabled(): boolean;
  /** the tunnel-groups an AnyConnect client may use; must include DefaultWEBVPNGroup to allow logins without a group choice */
  groups(): GroupEntry[];
  /**
   * Checks the credentials against the tunnel-group's authentication server and, on success, returns
   * the effective policy. `reason` is for logs only: the client is always told just "Login failed"
   * so that it cannot learn whether the user exists. `source` is the client's public address.
   */
  authenticate(user: string, password: string, tunnelGroup: string, source: string, state?: string): AuthResult | Promise<AuthResult>;
  pool(name: string): PoolSpec | undefined;
  /** every pool's name: the forwarding plane puts the gateway side of each on its device */
  poolNames?(): string[];
  /** a compiled access-list by name, current: a changed ACL applies to running sessions at once */
  packetFilter?(name: string): PacketFilter | undefined;
  /** `webvpn` → `default-idle-timeout`: the idle lifetime of a portal session whose policy has no idle timeout */
  defaultIdleSec(): number;
  /** the client images, for the portal's downloads and the auth reply's package manifest */
  images?(): ImageSpec[];
  /** a flash file (an image) by its size, undefined when missing; its bytes are streamed, never read whole */
  flashFile?(path: string): FlashFile | undefined;
}

/** A flash file as the portal serves it: the size now, and a stream of at most that many bytes when sent. */
export interface FlashFile {
  size: number;
  open(): Promise<Readable>;
}

/** The tunnel-group used when neither a group-url nor the group list selects one. */
export const DEFAULT_WEBVPN_GROUP = 'DefaultWEBVPNGroup';
