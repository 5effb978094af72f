// `mtu NAME N` (issue 12): an ASA prints one line per named interface in show running-config, at
// its default 1500 too, at the top level after the logging lines, in interface order. Source:
// ciscoconfparse's sample_01.asa (ASA 9.0(3), /work/shared/corpus/ciscoconfparse-sample_01.asa):
// `interface ...` blocks naming OUTSIDE then INSIDE, later `pager lines` ... `logging ...`, then
// `mtu OUTSIDE 1500` / `mtu INSIDE 1500`, then `ip verify reverse-path`, `icmp ...`.
import { describe, expect, it } from 'vitest';
import { Shell, bootApp, body, tempState } from '../shell/helpers.ts';

const IFACES = `configure terminal
interface GigabitEthernet0/0
 nameif OUTSIDE
 security-level 0
 ip address 198.51.100.2 255.255.255.0
interface GigabitEthernet0/1
 nameif INSIDE
 security-level 100
 ip address 10.0.0.1 255.255.255.0
interface GigabitEthernet0/2
 shutdown
logging buffered informational
icmp unreachable rate-limit 1 burst-size 1
end
`;

async function shell(): Promise<Shell> {
  const sh = new Shell(await bootApp(tempState(), { empty: true }));
  expect(await sh.feed(IFACES)).not.toMatch(/ERROR/);
  return sh;
}

const mtus = (sh: Shell) => body(sh.app).filter((l) => l.startsWith('mtu '));

describe('mtu', () => {
  it('prints mtu NAME 1500 for each named interface, after logging and before icmp, as an ASA 9.0 does', async () => {
    const sh = await shell();
    const b = body(sh.app);
    expect(mtus(sh)).toEqual(['mtu OUTSIDE 1500', 'mtu INSIDE 1500']);
    const at = (p: string) => b.findIndex((l) => l.startsWith(p));
    expect(at('pager lines')).toBeLessThan(at('logging buffered'));
    expect(at('logging buffered')).toBeLessThan(at('mtu OUTSIDE'));
    expect(at('mtu INSIDE')).toBeLessThan(at('icmp unreachable'));
    expect(at('interface GigabitEthernet0/2')).toBeLessThan(at('mtu OUTSIDE'));
    expect(await sh.run('show running-config mtu')).toEqual(['mtu OUTSIDE 1500', 'mtu INSIDE 1500']);
  });

  it('sets, resets and refuses as an interpreted command; the render pastes back to itself', async () => {
    const sh = await shell();
    expect(await sh.run('configure terminal')).toEqual([]);
    expect(await sh.run('mtu inside 1400')).toEqual([]);
    expect(mtus(sh)).toEqual(['mtu OUTSIDE 1500', 'mtu INSIDE 1400']);
    const before = body(sh.app);
    // an interface name nobody has, a size out of range: refused, nothing changes
    expect(await sh.run('mtu dmz 1400')).toEqual(['ERROR: interface dmz does not exist']);
    expect((await sh.run('mtu inside 63')).at(-1)).toBe("ERROR: % Invalid input detected at '^' marker.");
    expect(body(sh.app)).toEqual(before);
    // round trip: the render pasted into a fresh box renders the same
    const copy = new Shell(await bootApp(tempState(), { empty: true }));
    expect(await copy.feed(['configure terminal', ...before, 'end'].join('\n'))).not.toMatch(/ERROR/);
    expect(body(copy.app)).toEqual(before);
    // `no mtu NAME` is the default again, still printed
    expect(await sh.run('no mtu INSIDE')).toEqual([]);
    expect(mtus(sh)).toEqual(['mtu OUTSIDE 1500', 'mtu INSIDE 1500']);
  });

  it('follows the interface: a rename keeps the size, no nameif drops the line', async () => {
    const sh = await shell();
    for (const l of ['configure terminal', 'mtu OUTSIDE 9000', 'interface GigabitEthernet0/0', 'nameif wan']) await sh.run(l);
    expect(mtus(sh)).toEqual(['mtu wan 9000', 'mtu INSIDE 1500']);
    await sh.run('no nameif');
    expect(mtus(sh)).toEqual(['mtu INSIDE 1500']);
    await sh.run('nameif wan');
    expect(mtus(sh)).toEqual(['mtu wan 1500', 'mtu INSIDE 1500']);
  });
});
