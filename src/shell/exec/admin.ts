// Admin sessions and accounts: show ssh sessions, ssh disconnect, aaa local lockouts, reload, setup.
import { exec as X } from '../../../grammar/exec.ts';
import { run, type ExecBinding, type ExecContext } from '../commands/binding.ts';
import { escapeText } from '../../text/escape.ts';

export const adminExec: ExecBinding[] = [
  run(X.showSshSessions, (_c, ctx, io) => {
    const rows = [...ctx.app.admins.values()].filter((a) => a.transport === 'ssh');
    io.print('', 'SID Client IP                                  Version Mode Encryption Hmac          State           Username');
    for (const a of rows) {
      io.print(`${String(a.id).padEnd(3)} ${a.from.padEnd(44)} ${(a.version ?? '2.0').padEnd(7)} IN   ${(a.cipher ?? 'aes256-ctr').padEnd(10)} hmac-sha2-256 ${(a.state ?? 'SessionStarted').padEnd(15)} ${a.user}`);
      io.print(`${''.padEnd(3)} ${''.padEnd(44)} ${(a.version ?? '2.0').padEnd(7)} OUT  ${(a.cipher ?? 'aes256-ctr').padEnd(10)} hmac-sha2-256 ${(a.state ?? 'SessionStarted').padEnd(15)} ${a.user}`);
    }
  }),
  run(X.sshDisconnect, (c, ctx, io) => {
    const a = ctx.app.admins.get(c.args.SESSION);
    if (!a || a.transport !== 'ssh' || !a.disconnect) { io.print(`ERROR: SSH session ${c.args.SESSION} does not exist`); return 'error'; }
    a.disconnect();
  }),
  run(X.showSshFingerprint, (_c, ctx, io) => {
    if (!ctx.app.sshFingerprint) { io.print('ERROR: SSH is not running'); return 'error'; }
    io.print(ctx.app.sshFingerprint());
  }),
  run(X.showAaaLocal, (c, ctx, io) => {
    // the app's one failure table: VPN, portal and SSH logins, whichever services run
    const rows = ctx.app.localAuth.lockedUsers().filter((r) => !c.kws.has('locked') || r.locked);
    io.print('Lock-time Failed-attempts Locked  User');
    for (const r of rows) io.print(`${'-'.padEnd(9)} ${String(r.failures).padEnd(15)} ${(r.locked ? 'Y' : 'N').padEnd(7)} ${escapeText(r.user)}`);
  }),
  run(X.clearLockout, (c, ctx, io) => {
    const n = ctx.app.localAuth.clearLockout(c.kws.has('all') ? undefined : c.args.USER);
    if (!n && !c.kws.has('all')) io.print(`INFO: User ${c.args.USER} is not locked out`);
  }),
  run(X.reload, async (c, ctx, io) => {
    if (!c.kws.has('noconfirm')) {
      if (!(await io.confirm('Proceed with reload? [confirm]'))) return;
    }
    io.print('', '***', '*** --- START GRACEFUL SHUTDOWN ---', '***', '*** Message to all terminals:', '***', '***   reload command', '');
    ctx.app.reload();
  }),
  run(X.setup, async (_c, _ctx, io) => {
    await io.session.wizard();
  }),
];
