// The `logging` commands an ASA uses to control its syslog messages (issue 11, deliver 6): `logging
// enable`, `timestamp`, `buffer-size`, `console`, `buffered`, `trap`, with ASA's severity names and
// numbers, applied live to the console, the buffer (`show logging`) and the log file; show-run as an
// ASA 9.x prints them; the other `logging` words kept verbatim.
//
// Layout of `show logging`: an ASA5585's, in fakenos/fakenos docs/platforms/cisco_asa.md
// (`Syslog logging: enabled` / `    Facility: 20` / ... / `    Buffer logging: level warnings, N
// messages logged` / `    Trap logging: level informational, facility 20, 0 messages logged` / ...
// / `    ASDM logging: ...`, then the buffered messages); the all-disabled form of a fresh ASA 9.x
// (`Syslog logging: disabled`, every destination `disabled`) as ASA trainings and blogs show it.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HeadendApp } from '../../src/app.ts';
import { M } from '../../src/log/syslog.ts';
import { Shell, tempState } from '../shell/helpers.ts';

async function boot(): Promise<{ app: HeadendApp; sh: Shell; consoleLines: string[]; dir: string }> {
  const dir = tempState();
  fs.writeFileSync(path.join(dir, 'empty.cfg'), '');
  const consoleLines: string[] = [];
  const app = new HeadendApp({ stateDir: dir, configFile: path.join(dir, 'empty.cfg'), console: (l) => consoleLines.push(l) });
  await app.boot();
  return { app, sh: new Shell(app), consoleLines, dir };
}

const STATUS_DISABLED = [
  'Syslog logging: disabled',
  '    Facility: 20',
  '    Timestamp logging: disabled',
  '    Hide Username logging: disabled',
  '    Standby logging: disabled',
  '    Debug-trace logging: disabled',
  '    Console logging: disabled',
  '    Monitor logging: disabled',
  '    Buffer logging: disabled',
  '    Trap logging: disabled',
  '    Permit-hostdown logging: disabled',
  '    History logging: disabled',
  '    Device ID: disabled',
  '    Mail logging: disabled',
  '    ASDM logging: disabled',
];

// one message of each of three severities: 3 (113022), 4 (113019), 6 (113012)
function emit(app: HeadendApp, user: string): void {
  app.syslog.log(M.serverFailed('radius', '192.0.2.7', 'RAD'));
  app.syslog.log(M.sessionDisconnected({ tunnelGroup: 'TG', user, ip: '198.51.100.2', type: 'SSL', durationMs: 5000, xmt: 1, rcv: 2, reason: 'User Requested' }));
  app.syslog.log(M.authOk(user));
}

const fileText = (dir: string): string => { try { return fs.readFileSync(path.join(dir, 'log', 'headend.log'), 'utf8'); } catch { return ''; } };

describe('logging commands', () => {
  it('show-run prints them as ASA 9.x does (levels by name), the other logging words kept in place; render → paste → render is the same', async () => {
    const { sh, app } = await boot();
    const lines = [
      'logging enable', 'logging timestamp', 'logging buffer-size 8192', 'logging console 4', 'logging buffered informational',
      'logging trap 5', 'logging asdm informational', 'logging facility 22', 'logging host outside 192.0.2.9', 'no logging message 302021',
    ];
    const out = await sh.feed(['configure terminal', ...lines, 'end'].join('\n'));
    expect(out).not.toMatch(/ERROR/);
    const shown = await sh.run('show running-config logging');
    expect(shown).toEqual([
      'logging enable', 'logging timestamp', 'logging buffer-size 8192', 'logging console warnings', 'logging buffered informational',
      'logging trap notifications', 'logging asdm informational', 'logging facility 22', 'logging host outside 192.0.2.9', 'no logging message 302021',
    ]);
    // a fresh headend given that render has the same render
    const again = await boot();
    expect(await again.sh.feed(['configure terminal', ...shown, 'end'].join('\n'))).not.toMatch(/ERROR/);
    expect(await again.sh.run('show running-config logging')).toEqual(shown);
    // abbreviations and the no forms
    await sh.feed('configure terminal\nlogging cons info\nno logging trap\nno logging timestamp\nno logging buffer-size\nend');
    expect(await sh.run('show running-config logging')).toEqual([
      'logging enable', 'logging console informational', 'logging buffered informational',
      'logging asdm informational', 'logging facility 22', 'logging host outside 192.0.2.9', 'no logging message 302021',
    ]);
    void app;
  });

  it('bad levels and sizes are refused and change nothing', async () => {
    const { sh } = await boot();
    for (const bad of ['logging buffered loud', 'logging console 8', 'logging buffer-size 100', 'logging buffer-size 2000000', 'logging trap']) {
      const out = await sh.feed(`configure terminal\n${bad}\nend`);
      expect(out, bad).toMatch(/ERROR: %/);
    }
    expect(await sh.run('show running-config logging')).toEqual([]);
  });

  it('applies them live: nothing without logging enable; console and buffer each at their level; the file is the buffer, timestamped', async () => {
    const { app, sh, consoleLines, dir } = await boot();
    emit(app, 'u0');
    expect(consoleLines).toEqual([]);
    expect(fileText(dir)).toBe('');
    expect(await sh.run('show logging')).toEqual(STATUS_DISABLED);

    await sh.feed('configure terminal\nlogging enable\nlogging console warnings\nlogging buffered 6\nlogging trap errors\nend');
    emit(app, 'u1');
    // console: severities 3 and 4, not 6
    expect(consoleLines).toEqual([
      '%ASA-3-113022: AAA Marking RADIUS server 192.0.2.7 in aaa-server group RAD as FAILED',
      '%ASA-4-113019: Group = TG, Username = u1, IP = 198.51.100.2, Session disconnected. Session Type: SSL, Duration: 0h:00m:05s, Bytes xmt: 1, Bytes rcv: 2, Reason: User Requested',
    ]);
    const show = await sh.run('show logging');
    expect(show.slice(0, 15)).toEqual([
      'Syslog logging: enabled', '    Facility: 20', '    Timestamp logging: disabled', '    Hide Username logging: disabled',
      '    Standby logging: disabled', '    Debug-trace logging: disabled',
      '    Console logging: level warnings, 2 messages logged',
      '    Monitor logging: disabled',
      '    Buffer logging: level informational, 3 messages logged',
      '    Trap logging: level errors, facility 20, 1 messages logged',
      '    Permit-hostdown logging: disabled', '    History logging: disabled', '    Device ID: disabled', '    Mail logging: disabled', '    ASDM logging: disabled',
    ]);
    expect(show.slice(15)).toEqual([
      '%ASA-3-113022: AAA Marking RADIUS server 192.0.2.7 in aaa-server group RAD as FAILED',
      expect.stringMatching(/^%ASA-4-113019: Group = TG, Username = u1, /),
      '%ASA-6-113012: AAA user authentication Successful : local database : user = u1',
    ]);
    const file = fileText(dir).split('\n').filter(Boolean);
    expect(file).toHaveLength(3);
    for (const l of file) expect(l).toMatch(/^[A-Z][a-z]{2} \d{2} \d{4} \d{2}:\d{2}:\d{2}: %ASA-[346]-113\d{3}: /);

    // logging timestamp: the buffer and the console lines carry it
    await sh.feed('configure terminal\nlogging timestamp\nlogging facility 23\nend');
    consoleLines.length = 0;
    emit(app, 'u2');
    expect(consoleLines).toHaveLength(2);
    for (const l of consoleLines) expect(l).toMatch(/^[A-Z][a-z]{2} \d{2} \d{4} \d{2}:\d{2}:\d{2}: %ASA-[34]-/);
    const show2 = await sh.run('show logging');
    expect(show2).toContain('    Timestamp logging: enabled');
    expect(show2).toContain('    Facility: 23');
    expect(show2).toContain('    Trap logging: level errors, facility 23, 2 messages logged');
    expect(show2[show2.length - 1]).toMatch(/^[A-Z][a-z]{2} \d{2} \d{4} \d{2}:\d{2}:\d{2}: %ASA-6-113012: .* user = u2$/);

    // no logging console: the console is quiet; no logging enable: everything is
    await sh.feed('configure terminal\nno logging console\nend');
    consoleLines.length = 0;
    emit(app, 'u3');
    expect(consoleLines).toEqual([]);
    expect(fileText(dir)).toContain('user = u3');
    await sh.feed('configure terminal\nno logging enable\nend');
    emit(app, 'u4');
    expect(fileText(dir)).not.toContain('u4');
    expect((await sh.run('show logging'))[0]).toBe('Syslog logging: disabled');
  });

  it('the buffer holds logging buffer-size bytes, the newest messages; clear logging buffer empties it', async () => {
    const { app, sh } = await boot();
    await sh.feed('configure terminal\nlogging enable\nlogging buffered debugging\nend');
    for (let i = 0; i < 200; i++) app.syslog.log(M.authOk(`user${String(i).padStart(4, '0')}`));
    let buffered = (await sh.run('show logging')).slice(15);
    const bytes = (l: string[]): number => l.reduce((n, x) => n + x.length + 1, 0);
    expect(bytes(buffered)).toBeLessThanOrEqual(4096);
    expect(buffered.length).toBeGreaterThan(40);
    expect(buffered[buffered.length - 1]).toContain('user = user0199');
    expect(buffered.join('\n')).not.toContain('user0000');
    await sh.feed('configure terminal\nlogging buffer-size 16384\nend');
    for (let i = 200; i < 400; i++) app.syslog.log(M.authOk(`user${String(i).padStart(4, '0')}`));
    buffered = (await sh.run('show logging')).slice(15);
    expect(bytes(buffered)).toBeGreaterThan(8192);
    expect(bytes(buffered)).toBeLessThanOrEqual(16384);
    expect((await sh.run('show logging'))[8]).toBe('    Buffer logging: level debugging, 400 messages logged');
    expect(await sh.run('clear logging buffer')).toEqual([]);
    expect((await sh.run('show logging')).slice(15)).toEqual([]);
  });

  it('the factory default logs to the console and the buffer at informational, with timestamps', async () => {
    const dir = tempState();
    const app = new HeadendApp({ stateDir: dir, console: () => {} });
    await app.boot();
    const sh = new Shell(app);
    expect(await sh.run('show running-config logging')).toEqual(['logging enable', 'logging timestamp', 'logging console informational', 'logging buffered informational']);
  });
});
