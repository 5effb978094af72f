// AAA: one service per process (src/app.ts creates it), used by SSH, the gateway view (AnyConnect
// and the portal) and the CLI's `enable`. See service.ts.
export { AaaService, type AaaOptions, type AuthServer } from './service.ts';
export type { AaaServiceKind, AuthFailure, AuthRequest, AuthResult } from './types.ts';
export { LocalLockout, LOCKOUT_CAP } from './lockout.ts';
export { SourceThrottle, THROTTLE_DEFAULTS, sourceKey, type ThrottleOptions } from './throttle.ts';
export { interfaceAddress, interfaceAddresses, interfaceTable, type InterfaceAddress } from './interfaces.ts';
