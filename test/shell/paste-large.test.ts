// A 5,000-line configuration pasted into the CLI's stdin (non-TTY paste mode) as a child process:
// it completes, prints no ERROR, exits 0, and every block and line of it is in show running-config.
import { describe, expect, it } from 'vitest';
import { blocks, lastRunningConfig, runCli, tempState } from './helpers.ts';

/** a deterministic configuration of at least `n` lines, in show-run layout */
function bigConfig(n: number): string[] {
  const lines = ['hostname big-headend', 'domain-name example.org'];
  const per = 28;
  const count = Math.ceil((n - 2) / per);
  for (let i = 0; i < count; i++) {
    const a = Math.floor(i / 250), b = i % 250;
    lines.push(
      `ip local pool pool${i} 10.${a}.${b}.1-10.${a}.${b}.200 mask 255.255.255.0`,
      `access-list ACL${i % 20} standard permit 172.${16 + a}.${b}.0 255.255.255.0`,
      `access-list EXT${i % 10} extended permit tcp any host 192.0.${a}.${b + 1} eq ${1000 + i}`,
      `object network obj${i}`,
      ` host 198.18.${a}.${b + 1}`,
      ` description object number ${i}`,
      `group-policy gp${i} internal`,
      `group-policy gp${i} attributes`,
      ` dns-server value 10.255.${a}.${b + 1}`,
      ` vpn-idle-timeout ${10 + (i % 50)}`,
      ` vpn-simultaneous-logins ${1 + (i % 9)}`,
      ' vpn-tunnel-protocol ssl-client ssl-clientless',
      ` split-tunnel-network-list value ACL${i % 20}`,
      ` address-pools value pool${i}`,
      ' webvpn',
      `  anyconnect ssl keepalive ${15 + (i % 500)}`,
      `  anyconnect mtu ${576 + (i % 800)}`,
      `  anyconnect dpd-interval client ${5 + (i % 100)}`,
      `tunnel-group tg${i} type remote-access`,
      `tunnel-group tg${i} general-attributes`,
      ` address-pool pool${i}`,
      ` default-group-policy gp${i}`,
      `tunnel-group tg${i} webvpn-attributes`,
      ` group-alias alias${i} enable`,
      `username user${i} nopassword privilege ${i % 15}`,
      `username user${i} attributes`,
      ` vpn-group-policy gp${i}`,
      ' service-type remote-access',
    );
  }
  return lines;
}

describe('non-TTY paste of a large configuration', () => {
  it('pastes 5,000 lines with no ERROR, exits 0, and show run has all of them', async () => {
    const config = bigConfig(5000);
    expect(config.length).toBeGreaterThanOrEqual(5000);
    const script = ['configure terminal', ...config, 'end', 'show running-config', ''].join('\n');
    const started = Date.now();
    const r = await runCli(tempState(), script, 110_000);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(/ERROR/);
    expect(Date.now() - started).toBeLessThan(110_000);
    const shown = blocks(lastRunningConfig(r.stdout));
    const byHead = new Map<string, Set<string>>();
    for (const b of shown) {
      const s = byHead.get(b.head) ?? new Set<string>();
      for (const c of b.children) s.add(c);
      byHead.set(b.head, s);
    }
    const missing: string[] = [];
    for (const b of blocks(config)) {
      const have = byHead.get(b.head);
      if (!have) { missing.push(b.head); continue; }
      for (const c of b.children) if (!have.has(c)) missing.push(`${b.head} / ${c}`);
    }
    expect(missing.slice(0, 20)).toEqual([]);
    expect(shown.filter((b) => /^group-policy gp\d+ attributes$/.test(b.head))).toHaveLength(Math.ceil((5000 - 2) / 28));
  }, 120_000);
});
