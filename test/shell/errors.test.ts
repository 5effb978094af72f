// Each class of error with ASA's exact text (asa-cli.md §2): the caret under the first bad word,
// ambiguous and incomplete commands, and the validation errors of the apply path. A refused line
// changes neither the model nor the mode.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEED_001, Shell, body, bootApp, tempState } from './helpers.ts';

const INVALID = "ERROR: % Invalid input detected at '^' marker.";

const SETUP = `configure terminal
ip local pool p1 10.1.1.1-10.1.1.100 mask 255.255.255.0
ip local pool p3 10.1.2.1-10.1.2.50
webvpn
 anyconnect profiles sales disk0:/sales_hosts.xml
group-policy sales internal
group-policy sales attributes
 webvpn
group-policy eng internal
tunnel-group t1 type remote-access
tunnel-group t1 general-attributes
 default-group-policy sales
username bob password bobsecret1 privilege 0
username bob attributes
 vpn-group-policy eng
end
`;

async function setup(): Promise<Shell> {
  const state = tempState(path.join(SEED_001, 'disk0'));
  fs.writeFileSync(path.join(state, 'disk0', 'broken.xml'), '<AnyConnectProfile><ServerList></AnyConnectProfile>\n');
  const shell = new Shell(await bootApp(state, { empty: true }));
  const out = await shell.feed(SETUP);
  expect(out).not.toMatch(/ERROR/);
  expect(shell.prompt).toBe('ciscoasa#');
  return shell;
}

/** enters a mode with lines that must succeed */
async function enter(shell: Shell, ...lines: string[]): Promise<void> {
  for (const l of lines) expect(await shell.run(l), l).toEqual([]);
}

/** the line is refused with exactly `expected`; model and mode stay as they were */
async function refused(shell: Shell, line: string, expected: string[]): Promise<void> {
  const before = body(shell.app);
  const mode = shell.mode;
  const prompt = shell.prompt;
  expect(await shell.run(line), line).toEqual(expected);
  expect(body(shell.app), `model changed by "${line}"`).toEqual(before);
  expect(shell.mode).toBe(mode);
  expect(shell.prompt).toBe(prompt);
}

/**
 * the caret line must put `^` under `bad`, counted from the start of the echoed prompt, `matched`
 * characters in: an ASA marks the first character it cannot match. The rule, from real ASA
 * transcripts: a word that no keyword at its place begins with is marked at its first character —
 * `securevpn> reload` (reference/asa-cli.md §2, GH id 8289606573), `tunnel-group 1.1.1.1 type
 * ipsec-l2l` refused under `type`'s `t` (ansible/test-network-modules#13, ASA 9.x), and an argument
 * (`show running-config object network SERVER_A`, caret under the `S`, asa-cli.md §2, GH id
 * 69802618224); a word whose first letters begin a command of the mode is marked after them —
 * `configure terminal` at `asav-1>` with the caret under the `o` (ansible/ansible-modules-extras#3057)
 * and `terminal length 0` at an ASA 8.2 `>` with the caret under the `e` (ansible/ansible-modules-core#3799)
 */
async function caretUnder(shell: Shell, line: string, bad: string, matched = 0): Promise<void> {
  const echo = `${shell.prompt} ${line}`;
  const col = echo.lastIndexOf(bad);
  expect(col).toBeGreaterThan(shell.prompt.length);
  await refused(shell, line, [' '.repeat(col + matched) + '^', INVALID]);
}

describe('invalid input', () => {
  it('puts the caret under the first character it cannot match, counting the prompt and the indentation', async () => {
    const shell = await setup();
    // "ciscoasa# " is 10 columns: `sh` begins `show`, the `w` in column 12 is the first it cannot match
    await refused(shell, 'shw run', [' '.repeat(12) + '^', INVALID]);
    // no command begins with `z`: the caret is under the word's first character, column 10
    await refused(shell, 'zap', [' '.repeat(10) + '^', INVALID]);
    await caretUnder(shell, 'show running-config zzz', 'zzz');
    await caretUnder(shell, 'show running-config webvpx', 'webvpx', 5);
    await enter(shell, 'configure terminal');
    // an argument that does not parse: under its first character
    await caretUnder(shell, 'ip local pool p9 10.9.9.1-10.9.9.9 mask 255.255.255.999', '255.255.255.999');
    await caretUnder(shell, 'ip local pol p9 10.9.9.1-10.9.9.9', 'pol', 2);
    await caretUnder(shell, 'group-policy x intern4l', 'intern4l', 6);
    await enter(shell, 'group-policy sales attributes', 'webvpn');
    expect(shell.prompt).toBe('ciscoasa(config-group-webvpn)#');
    // a parent's abbreviation (`anyconnect-custom-data`) does not take a sub-mode's own word
    await caretUnder(shell, 'anyconnect ssl keepalive 5', '5');
    // indented, as pasted: the caret moves with the indentation
    await caretUnder(shell, '  anyconnect ssl keepalive 5', '5');
    await caretUnder(shell, '  anyconnect mtu 1407', '1407');
    await caretUnder(shell, '  anyconnect ssl dtls maybe', 'maybe');
    // a word after the end of a command
    await caretUnder(shell, '  anyconnect keep-installer installed none', 'none');
    // a parent mode's word, misspelt in a sub-mode: marked where the parent stopped matching it
    await caretUnder(shell, 'shw run', 'shw', 2);
  });

  it('a bad word under a `?` gets the same caret', async () => {
    const shell = await setup();
    await enter(shell, 'configure terminal');
    const line = '  ip local pol ?';
    const out = await shell.run(line);
    expect(out).toEqual([' '.repeat(`${shell.prompt} ${line}`.indexOf('pol') + 2) + '^', INVALID]);
  });
});

describe('ambiguous and incomplete commands', () => {
  it('prints the ambiguous text with its two spaces, and no caret', async () => {
    const shell = await setup();
    await refused(shell, 'sh c', ['ERROR: % Ambiguous command:  "sh c"']);
    await enter(shell, 'configure terminal');
    await refused(shell, 'sh c', ['ERROR: % Ambiguous command:  "sh c"']);
    await enter(shell, 'group-policy sales attributes', ' webvpn');
    await refused(shell, '  anyconnect d', ['ERROR: % Ambiguous command:  "anyconnect d"']);
    await refused(shell, '  anyconnect ssl d enable', ['ERROR: % Ambiguous command:  "anyconnect ssl d"']);
  });

  it('prints "Incomplete command" for a truncated line', async () => {
    const shell = await setup();
    await refused(shell, 'sh', ['ERROR: % Incomplete command']);
    await refused(shell, 'conf', ['ERROR: % Incomplete command']);
    await enter(shell, 'configure terminal');
    await refused(shell, 'ip local pool p9', ['ERROR: % Incomplete command']);
    await refused(shell, 'no', ['ERROR: % Incomplete command']);
    await enter(shell, 'group-policy sales attributes', 'webvpn');
    await refused(shell, '  anyconnect ssl', ['ERROR: % Incomplete command']);
    await refused(shell, '  anyconnect ssl keepalive', ['ERROR: % Incomplete command']);
  });
});

describe('validation errors leave the model unchanged', () => {
  it('default-group-policy of a group-policy that does not exist', async () => {
    const shell = await setup();
    await enter(shell, 'configure terminal', 'tunnel-group t1 general-attributes');
    await refused(shell, ' default-group-policy nosuch', ['ERROR: group-policy nosuch does not exist']);
    await enter(shell, 'username bob attributes');
    await refused(shell, ' vpn-group-policy nosuch', ['ERROR: group-policy nosuch does not exist']);
  });

  it('anyconnect image of a file that is not on disk0:', async () => {
    const shell = await setup();
    await enter(shell, 'configure terminal', 'webvpn');
    await refused(shell, ' anyconnect image disk0:/anyconnect-win-9.9.9-k9.pkg 1', ['ERROR: disk0:/anyconnect-win-9.9.9-k9.pkg does not exist on flash']);
    await refused(shell, ' anyconnect image flash:/nothere.pkg', ['ERROR: disk0:/nothere.pkg does not exist on flash']);
    // and a profile file: missing, or not well-formed XML
    await refused(shell, ' anyconnect profiles hr disk0:/hr_hosts.xml', ['ERROR: disk0:/hr_hosts.xml does not exist on flash']);
    const out = await shell.run(' anyconnect profiles broken disk0:/broken.xml');
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^ERROR: disk0:\/broken\.xml is not a valid AnyConnect profile: /);
    expect(shell.app.config.model.webvpn.all('w.profile').map((p) => p.args.NAME)).toEqual(['sales']);
  });

  it('anyconnect profiles value X when X is not loaded', async () => {
    const shell = await setup();
    await enter(shell, 'configure terminal', 'group-policy sales attributes', 'webvpn');
    await refused(shell, '  anyconnect profiles value engineering type vpn',
      ['ERROR: Profile engineering does not exist. Load it with "anyconnect profiles engineering disk0:/FILE" under webvpn']);
    // accepted once loaded
    await enter(shell, 'end', 'configure terminal', 'webvpn', ' anyconnect profiles engineering disk0:/engineering_hosts.xml',
      'group-policy sales attributes', ' webvpn', '  anyconnect profiles value engineering type vpn');
    expect(body(shell.app)).toContain('  anyconnect profiles value engineering type vpn');
  });

  it('removing a group-policy that a tunnel-group or a user uses', async () => {
    const shell = await setup();
    await enter(shell, 'configure terminal');
    await refused(shell, 'no group-policy sales', ['ERROR: Removing group-policy (sales) not allowed, it is being used by tunnel-group t1.']);
    await refused(shell, 'clear configure group-policy sales', ['ERROR: Removing group-policy (sales) not allowed, it is being used by tunnel-group t1.']);
    await refused(shell, 'no group-policy eng', ['ERROR: Removing group-policy (eng) not allowed, it is being used by username bob.']);
    const all = await shell.run('clear configure group-policy');
    expect(all).toHaveLength(1);
    expect(all[0]).toMatch(/^ERROR: Removing group-policy \((sales|eng)\) not allowed, it is being used\.$/);
    expect(shell.app.config.model.groupPolicies.has('sales')).toBe(true);
    // once nothing refers to it, it goes
    await enter(shell, 'username bob attributes', ' no vpn-group-policy', 'no group-policy eng');
    expect(shell.app.config.model.groupPolicies.has('eng')).toBe(false);
  });

  it('overlapping address pools', async () => {
    const shell = await setup();
    await enter(shell, 'configure terminal');
    await refused(shell, 'ip local pool p2 10.1.1.50-10.1.1.60', ['ERROR: IP local pool p2 overlaps with IP local pool p1']);
    await refused(shell, 'ip local pool p2 10.1.0.250-10.1.1.1', ['ERROR: IP local pool p2 overlaps with IP local pool p1']);
    await refused(shell, 'ip local pool p2 10.1.1.100-10.1.2.1 mask 255.255.0.0', ['ERROR: IP local pool p2 overlaps with IP local pool p1']);
    // redefining a pool over another one is refused too; next to it is fine
    await refused(shell, 'ip local pool p3 10.1.1.90-10.1.2.10', ['ERROR: IP local pool p3 overlaps with IP local pool p1']);
    await enter(shell, 'ip local pool p2 10.1.1.101-10.1.1.200');
    expect(body(shell.app)).toContain('ip local pool p2 10.1.1.101-10.1.1.200');
    // a pool given again with the same range still guards it; moved, it frees its old range
    await enter(shell, 'ip local pool p2 10.1.1.101-10.1.1.200');
    await refused(shell, 'ip local pool p4 10.1.1.150-10.1.1.160', ['ERROR: IP local pool p4 overlaps with IP local pool p2']);
    await enter(shell, 'ip local pool p2 10.3.0.1-10.3.0.9', 'ip local pool p4 10.1.1.150-10.1.1.160');
    await refused(shell, 'ip local pool p5 10.3.0.5-10.3.0.6', ['ERROR: IP local pool p5 overlaps with IP local pool p2']);
    expect(shell.app.config.model.poolIndex.map((p) => p.name)).toEqual(['p1', 'p4', 'p3', 'p2']);
  });

  it('address-pool and address-pools of a pool that does not exist', async () => {
    const shell = await setup();
    await enter(shell, 'configure terminal', 'tunnel-group t1 general-attributes');
    await refused(shell, ' address-pool p1 nopool', ['ERROR: IP address pool nopool not configured']);
    await enter(shell, 'group-policy sales attributes');
    await refused(shell, ' address-pools value nopool', ['ERROR: IP address pool nopool not configured']);
  });
});
