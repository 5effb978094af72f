// `interface X`, `(config-if)#`: every line is an attribute of the interface.
import { iface as IF } from '../../../grammar/interface.ts';
import { stored, type ConfigBinding } from '../binding.ts';

export const interfaceCommands: ConfigBinding[] = [
  ...stored(IF.description, IF.other, IF.shutdown, IF.managementOnly, IF.nameif, IF.securityLevel,
    IF.ipAddress, IF.ipv6Address, IF.ipv6Enable, IF.ipv6Other),
];
