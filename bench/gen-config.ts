// A large, realistic configuration: pools, group-policies with webvpn attributes, users (as a
// saved config holds them: hashed), tunnel-groups with aliases, ACLs and kept-verbatim objects.
// `first`: the index of the first entity; another `first` gives a config of other names and
// addresses (a warm-up that the timed paste does not meet again)
export function generateConfig(targetLines: number, first = 0): string[] {
  const out: string[] = ['hostname bench', 'webvpn', ' enable outside', ' anyconnect enable', ' tunnel-group-list enable'];
  const hash = '$sha512$5000$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA==';
  for (let i = first; out.length < targetLines; i++) {
    const a = (i >> 8) & 255, b = i & 255;
    out.push(
      `ip local pool pool${i} 10.${a}.${b}.1-10.${a}.${b}.200 mask 255.255.255.0`,
      `access-list split${i} standard permit 172.${a % 16 + 16}.${b}.0 255.255.255.0`,
      `object network host${i}`,
      ` host 198.18.${a}.${b}`,
      ` description kept verbatim ${i}`,
      `group-policy gp${i} internal`,
      `group-policy gp${i} attributes`,
      ` dns-server value 192.0.2.${(i % 250) + 1}`,
      ` vpn-idle-timeout ${(i % 600) + 10}`,
      ` vpn-tunnel-protocol ssl-client`,
      ` split-tunnel-policy tunnelspecified`,
      ` split-tunnel-network-list value split${i}`,
      ` address-pools value pool${i}`,
      ` webvpn`,
      `  anyconnect ssl keepalive ${(i % 500) + 20}`,
      `  anyconnect dpd-interval client ${(i % 100) + 10}`,
      `  anyconnect ask enable default anyconnect timeout ${(i % 60) + 5}`,
      `username user${i} password ${hash} pbkdf2 privilege ${i % 15}`,
      `username user${i} attributes`,
      ` vpn-group-policy gp${i}`,
      ` service-type remote-access`,
      `tunnel-group tg${i} type remote-access`,
      `tunnel-group tg${i} general-attributes`,
      ` default-group-policy gp${i}`,
      `tunnel-group tg${i} webvpn-attributes`,
      ` group-alias alias${i} enable`,
    );
  }
  return out.slice(0, targetLines);
}
