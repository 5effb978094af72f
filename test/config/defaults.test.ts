// Defaults live only in the grammar: the effective policy of an empty configuration is what the
// grammar's `dflt` lines say, and no source file types one again (defaults-change.test.ts: a
// changed `dflt` changes behaviour).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupPolicy as GP } from '../../grammar/group-policy.ts';
import { groupWebvpn as GW } from '../../grammar/group-webvpn.ts';
import { config as G } from '../../grammar/config.ts';
import { matchLine } from '../../grammar/matcher.ts';
import { effectivePolicy } from '../../src/config/effective.ts';
import { emptyConfig } from '../../src/config/model.ts';

/** the grammar's default line of a declaration, parsed here on its own */
const parsed = (d: { dflt?: string; modes: string[] }) => {
  const r = matchLine(d.dflt!, d.modes[0] as never).res;
  if (!r.ok) throw new Error(`default ${d.dflt} does not parse`);
  return r.cmd;
};
const num = (d: { dflt?: string; modes: string[] }, arg: string): number | null => {
  const c = parsed(d);
  return c.kws.has('none') ? null : (c.args[arg] as number);
};
const kw = (d: { dflt?: string; modes: string[] }, words: string[]) => words.find((w) => parsed(d).kws.has(w));

describe('defaults come from the grammar', () => {
  it('the effective policy of an empty configuration equals the parsed defaults', () => {
    const c = emptyConfig();
    const e = effectivePolicy(c, { tunnelGroup: c.tunnelGroups.get('DefaultWEBVPNGroup')! });
    expect(e.simultaneousLogins).toBe(num(GP.vpnSimultaneousLogins, 'LOGINS'));
    expect(e.idleTimeoutMin).toBe(num(GP.vpnIdleTimeout, 'MINUTES'));
    expect(e.sessionTimeoutMin).toBe(num(GP.vpnSessionTimeout, 'MINUTES'));
    expect(e.keepaliveSec).toBe(num(GW.keepalive, 'SECONDS'));
    expect(e.dpdGatewaySec).toBe(num(GW.dpdGateway, 'SECONDS'));
    expect(e.dpdClientSec).toBe(num(GW.dpdClient, 'SECONDS'));
    expect(e.rekeyTimeMin).toBe(num(GW.rekeyTime, 'MINUTES'));
    expect(e.rekeyMethod).toBe(kw(GW.rekeyMethod, ['ssl', 'new-tunnel', 'none']));
    expect(e.splitTunnelPolicy).toBe(kw(GP.splitTunnelPolicy, ['tunnelall', 'tunnelspecified', 'excludespecified']));
    expect(e.compression).toBe(kw(GW.sslCompression, ['deflate', 'none']));
    expect(e.keepInstaller).toBe(kw(GW.keepInstaller, ['installed', 'none']) === 'installed');
    expect(e.dnsServers).toEqual([]);
    expect(parsed(GP.dnsServer).kws.has('none')).toBe(true);
    expect(e.ask.enabled).toBe(!!kw(GW.ask, ['enable']));
    expect(c.hostname).toBe(parsed(G.hostname).args.NAME);
  });

  it('no default is typed again in src/: no literal fallback after a command argument, a privilege or the hostname', () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p); else if (p.endsWith('.ts')) files.push(p);
      }
    };
    walk(join(import.meta.dirname, '../../src'));
    const rules: [RegExp, string][] = [
      // an argument read that falls back to a literal (ORDER is assigned when an image line is stored)
      [/args\.(?!ORDER\b)[A-Z_]+\)?\s*(\?\?|\|\|)\s*(\d|'[^']|"[^"])/, 'argument fallback'],
      [/privilege\s*(\?\?|\|\|)\s*\d/, 'privilege fallback'],
      [/'ciscoasa'/, 'hostname'],
      [/TimeoutMin\s*(\?\?|\|\|)\s*(?!\s|0\b)/, 'timeout fallback'],
      [/Alert-Interval', '\d/, 'alert interval'],
    ];
    const hits: string[] = [];
    for (const f of files) {
      readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
        for (const [re, what] of rules) if (re.test(line)) hits.push(`${f.replace(/.*\/src\//, 'src/')}:${i + 1} ${what}: ${line.trim()}`);
      });
    }
    expect(hits).toEqual([]);
  });
});
