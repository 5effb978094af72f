// Every configuration declaration's binding, mode by mode (one file per grammar file).
import type { ConfigBinding } from '../binding.ts';
import { configCommands } from './config.ts';
import { accessListCommands } from './access-list.ts';
import { interfaceCommands } from './interface.ts';
import { webvpnCommands } from './webvpn.ts';
import { groupPolicyCommands } from './group-policy.ts';
import { groupWebvpnCommands } from './group-webvpn.ts';
import { tunnelGroupCommands } from './tunnel-group.ts';
import { usernameCommands } from './username.ts';
import { passthroughCommands } from './passthrough.ts';
import { aaaServerCommands } from './aaa-server.ts';
import { loadBalancingCommands } from './load-balancing.ts';
import { loggingCommands } from './logging.ts';
import { vpnSessiondbCommands } from './vpn-sessiondb.ts';

export const configBindings: ConfigBinding[] = [
  ...configCommands, ...accessListCommands, ...interfaceCommands, ...webvpnCommands, ...groupPolicyCommands, ...groupWebvpnCommands,
  ...tunnelGroupCommands, ...usernameCommands, ...aaaServerCommands, ...loadBalancingCommands, ...loggingCommands, ...vpnSessiondbCommands, ...passthroughCommands,
];
