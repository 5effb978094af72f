// Admin sessions and accounts: show ssh sessions, ssh disconnect, aaa local lockouts, reload, setup.
import type { ExecFn } from './index.ts';
import { escapeText } from '../../text/escape.ts';

export const adminExec: Record<string, ExecFn> = {
  'x.show-ssh-sessions': (_c, sh, io) => {
    const rows = [...sh.app.admins.values()].filter((a) => a.transport === 'ssh');
    io.print('', 'SID Client IP                                  Version Mode Encryption Hmac          State           Username');
    for (const a of rows) {
      io.print(`${String(a.id).padEnd(3)} ${a.from.padEnd(44)} ${(a.version ?? '2.0').padEnd(7)} IN   ${(a.cipher ?? 'aes256-ctr').padEnd(10)} hmac-sha2-256 ${(a.state ?? 'SessionStarted').padEnd(15)} ${a.user}`);
      io.print(`${''.padEnd(3)} ${''.padEnd(44)} ${(a.version ?? '2.0').padEnd(7)} OUT  ${(a.cipher ?? 'aes256-ctr').padEnd(10)} hmac-sha2-256 ${(a.state ?? 'SessionStarted').padEnd(15)} ${a.user}`);
    }
  },
  'x.ssh-disconnect': (c, sh, io) => {
    const a = sh.app.admins.get(c.args.SESSION);
    if (!a || a.transport !== 'ssh' || !a.disconnect) { io.print(`ERROR: SSH session ${c.args.SESSION} does not exist`); return 'error'; }
    a.disconnect();
  },
  'x.show-ssh-fingerprint': (_c, sh, io) => {
    if (!sh.app.sshFingerprint) { io.print('ERROR: SSH is not running'); return 'error'; }
    io.print(sh.app.sshFingerprint());
  },
  'x.show-aaa-local': (c, sh, io) => {
    // the app's one failure table: VPN, portal and SSH logins, whichever services run
    const rows = sh.app.localAuth.lockedUsers().filter((r) => !c.kws.has('locked') || r.locked);
    io.print('Lock-time Failed-attempts Locked  User');
    for (const r of rows) io.print(`${'-'.padEnd(9)} ${String(r.failures).padEnd(15)} ${(r.locked ? 'Y' : 'N').padEnd(7)} ${escapeText(r.user)}`);
  },
  'x.clear-lockout': (c, sh, io) => {
    const n = sh.app.localAuth.clearLockout(c.kws.has('all') ? undefined : c.args.USER);
    if (!n && !c.kws.has('all')) io.print(`INFO: User ${c.args.USER} is not locked out`);
  },
  'x.reload': async (c, sh, io) => {
    if (!c.kws.has('noconfirm')) {
      if (!(await io.confirm('Proceed with reload? [confirm]'))) return;
    }
    io.print('', '***', '*** --- START GRACEFUL SHUTDOWN ---', '***', '*** Message to all terminals:', '***', '***   reload command', '');
    sh.app.reload();
  },
  'x.setup': async (_c, _sh, io) => {
    await io.session.wizard();
  },
};
