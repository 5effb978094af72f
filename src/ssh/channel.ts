// One SSH session channel → one CLI Session on the shared app. A pty shell is a terminal (line
// editing, pager); a shell without pty is a script, echoed after its prompt like a console paste
// and ended at EOF once every line has run; `exec` runs its command line as one line.
import type { PseudoTtyInfo, ServerChannel, Session as SshSessionChannel } from 'ssh2';
import type { App } from '../app-types.ts';
import { Session } from '../shell/session.ts';

export interface Login {
  user: string;
  /** the user's `privilege` (2 when unset) */
  maxLevel: number;
  /** `aaa authorization exec LOCAL auto-enable`: start at `#` */
  privileged: boolean;
}

export interface ChannelHost {
  app: App;
  login: Login;
  adminId: number;
  /** any keystroke from the client: the idle timer restarts */
  touch(): void;
  /** live sessions, so that a disconnect can close them */
  sessions: Set<Session>;
}

export const LOGIN_BANNER_END = "Type help or '?' for a list of available commands.";

/**
 * input (characters) a session may have queued before its channel stops reading: ssh2 then stops
 * opening the client's window, so a client that sends faster than its lines run, or that does not
 * read what they print, waits instead of filling our memory
 */
export const IN_QUEUE_MAX = 1 << 20;

function openSession(host: ChannelHost, ch: ServerChannel, opts: { interactive: boolean; echo: boolean; width?: number; height?: number }): Session {
  let done = false;
  const s: Session = new Session({
    app: host.app,
    user: host.login.user,
    maxLevel: host.login.maxLevel,
    privileged: host.login.privileged,
    interactive: opts.interactive,
    echo: opts.echo,
    width: opts.width,
    height: opts.height,
    id: host.adminId,
    write: (text) => { if (!done && ch.writable) ch.write(text); },
    // a client that does not read (a full SSH window) holds a long output back, not our memory
    writable: () => (done || !ch.writableNeedDrain ? undefined : new Promise<void>((r) => {
      const go = (): void => { ch.off('drain', go); ch.off('close', go); r(); };
      ch.on('drain', go); ch.on('close', go);
    })),
    inputTaken: () => {
      if (ch.isPaused() && s.queuedChars <= IN_QUEUE_MAX / 4) ch.resume();
    },
    close: () => {
      if (done) return;
      done = true;
      host.sessions.delete(s);
      try { ch.exit(0); ch.end(); } catch { /* the connection is already gone */ }
    },
  });
  host.sessions.add(s);
  ch.on('close', () => s.close());
  return s;
}

/** input from the channel into its session, read no further ahead than IN_QUEUE_MAX */
function feedFrom(host: ChannelHost, ch: ServerChannel, s: Session): void {
  ch.on('data', (d: string) => {
    host.touch();
    s.feed(d);
    if (s.queuedChars > IN_QUEUE_MAX && !ch.isPaused()) ch.pause();
  });
}

export function serveSessionChannel(host: ChannelHost, channel: SshSessionChannel): void {
  let pty: PseudoTtyInfo | undefined;
  let session: Session | undefined;

  channel.on('pty', (accept, _reject, info) => { pty = info; accept?.(); });
  channel.on('window-change', (accept, _reject, info) => {
    if (session && info.cols > 0) session.width = info.cols;
    accept?.();
  });
  channel.on('env', (accept) => accept?.());

  channel.on('shell', (accept) => {
    const ch = accept();
    ch.setEncoding('utf8');
    const s = session = openSession(host, ch, pty
      ? { interactive: true, echo: false, width: pty.cols || 80, height: pty.rows || 24 }
      : { interactive: false, echo: true });
    feedFrom(host, ch, s);
    s.start([`User ${host.login.user} logged in to ${host.app.config.model.hostname}`, LOGIN_BANNER_END]);
    // a terminal's EOF hangs up; a script's EOF means: run what is queued, then close
    if (pty) ch.on('end', () => s.close());
    else ch.on('end', () => { void s.end().then(() => s.close()); });
  });

  channel.on('exec', (accept, _reject, info) => {
    const ch = accept();
    host.touch();
    const s = session = openSession(host, ch, { interactive: false, echo: false });
    s.start();
    s.feed(info.command.replace(/[\r\n]+$/, '') + '\n');
    void s.end().then(() => s.close());
  });

  for (const ev of ['subsystem', 'sftp', 'x11', 'auth-agent', 'signal'] as const) {
    channel.on(ev, (_accept: unknown, reject?: () => void) => reject?.());
  }
}
