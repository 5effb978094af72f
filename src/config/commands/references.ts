// Checks shared by several modes' attributes: a named object must exist before it is referred to.
export function missingPool(pools: Map<string, unknown>, names: string[] | undefined, family: 'IP' | 'IPv6'): string | undefined {
  for (const p of names ?? []) if (!pools.has(p)) return `ERROR: ${family} address pool ${p} not configured`;
  return undefined;
}

export function missingGroupPolicy(gps: Map<string, unknown>, name: string | undefined): string | undefined {
  return name !== undefined && !gps.has(name) ? `ERROR: group-policy ${name} does not exist` : undefined;
}
