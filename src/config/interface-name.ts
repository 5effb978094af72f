// ASA accepts abbreviated hardware names with or without a space (`tengig 0/0`, `gi0/1`) and shows
// the canonical one.
const families = [
  'GigabitEthernet', 'TenGigabitEthernet', 'FortyGigabitEthernet', 'HundredGigabitEthernet', 'Ethernet',
  'Management', 'Vlan', 'Port-channel', 'Redundant', 'Tunnel', 'BVI', 'Loopback', 'Internal-Data',
];

export function normalizeInterface(name: string, sub?: string): string | undefined {
  const whole = sub ? `${name}${sub}` : name;
  const m = /^([A-Za-z-]+)(\d.*)?$/.exec(whole);
  if (!m) return undefined;
  const word = m[1].toLowerCase();
  const fam = families.find((f) => f.toLowerCase() === word)
    ?? families.filter((f) => f.toLowerCase().startsWith(word)).sort((a, b) => a.length - b.length)[0];
  if (!fam) return undefined;
  return fam + (m[2] ?? '');
}
