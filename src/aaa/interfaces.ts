// The interface addresses, as AAA needs them: SSH admits a source by the interface it arrived on,
// the gateway listens on the address of each `webvpn enable IFNAME`, and (issue 14) an
// `aaa-server NAME (IFNAME) host …` sends from its interface's address. One reading of the model.
import type { RunningConfig } from '../config/model.ts';
import { iface as IF } from '../../grammar/interface.ts';

export interface InterfaceAddress { nameif: string; address: string }

/** `nameif` and IPv4 `ip address` of each named interface that is not shut down, in config order */
export function interfaceTable(c: RunningConfig): InterfaceAddress[] {
  const out: InterfaceAddress[] = [];
  for (const i of c.interfaces.values()) {
    const n = i.attrs.get(IF.nameif);
    const ip = i.attrs.get(IF.ipAddress);
    const down = i.attrs.get(IF.shutdown);
    if (!n || n.no || !ip || ip.no || !ip.args.ADDR || (down && !down.no)) continue;
    out.push({ nameif: n.args.NAME, address: ip.args.ADDR });
  }
  return out;
}

/** the address of the first interface named `nameif` that is up */
export function interfaceAddress(c: RunningConfig, nameif: string): string | undefined {
  return interfaceTable(c).find((i) => i.nameif === nameif)?.address;
}

/** address → the nameifs on it */
export function interfaceAddresses(c: RunningConfig): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const { nameif, address } of interfaceTable(c)) out.set(address, [...(out.get(address) ?? []), nameif]);
  return out;
}
