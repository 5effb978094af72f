// `headend`: boot the configuration, then serve the console (and, when wired, SSH and the gateway).
// run() reads the process's arguments and environment when called, never at import: the start-up
// snapshot (scripts/snapshot.js) imports this module once, on the machine that builds it.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { HeadendApp } from './app.ts';
import { Session } from './shell/session.ts';
import { startServices } from './services.ts';

export function run(): void {
  const { values } = parseArgs({
    options: {
      'state-dir': { type: 'string', default: 'running-config' },
      config: { type: 'string' },
      'ssh-port': { type: 'string', default: '2222' },
      'no-ssh': { type: 'boolean', default: false },
      'no-gateway': { type: 'boolean', default: false },
      'no-console': { type: 'boolean', default: false },
      // the forwarding plane's TUN device; HEADEND_TUN=off (the test suite's default) or --tun off: none
      tun: { type: 'string', default: process.env.HEADEND_TUN || 'vpn0' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    args: process.argv.slice(2),
    allowPositionals: false,
  });

  if (values.help) {
    process.stdout.write('usage: headend [--state-dir DIR] [--config FILE] [--ssh-port N] [--no-ssh] [--no-gateway] [--tun NAME|off] [--no-console] [< script]\n');
    process.exit(0);
  }

  // one session's bug must not end the process: every other admin and VPN session lives in it
  process.on('unhandledRejection', (e) => { process.stderr.write(`%HEADEND-3-INTERNAL: ${(e as Error)?.stack ?? e}\n`); });
  process.on('uncaughtException', (e) => { process.stderr.write(`%HEADEND-3-INTERNAL: ${e.stack ?? e}\n`); });
  // a closed stderr (`2>&1 | head`) must not turn each report of its own EPIPE into another report
  process.stderr.on('error', () => {});

  const app = new HeadendApp({ stateDir: resolve(values['state-dir']!), configFile: values.config });
  // no top-level await: bin/headend.cjs may run the bundle as a CommonJS script (with a V8 code cache)
  main(app, values).catch((e: unknown) => {
    process.stderr.write(`${(e as Error)?.stack ?? e}\n`);
    process.exit(1);
  });
}

interface Options { 'ssh-port'?: string; 'no-ssh'?: boolean; 'no-gateway'?: boolean; 'no-console'?: boolean; tun?: string }

async function main(app: HeadendApp, values: Options): Promise<void> {
  const boot = await app.boot();
  const tty = !!process.stdin.isTTY;
  for (const e of boot.errors) process.stderr.write(e + '\n');
  for (const n of app.bootNotes) process.stdout.write(n + '\n');

  const services = await startServices(app, {
    sshPort: Number(values['ssh-port']),
    ssh: !values['no-ssh'],
    gateway: !values['no-gateway'],
    tun: values.tun === 'off' ? null : values.tun!,
  });

  // a daemon (--no-console) serves only the network and runs until a signal
  if (values['no-console']) {
    for (const sig of ['SIGTERM', 'SIGINT'] as const) process.on(sig, () => { void services.stop().then(() => process.exit(0)); });
    setInterval(() => {}, 1 << 30);
  } else {
    serveConsole(app, services, tty);
  }
}

function serveConsole(app: HeadendApp, services: { stop(): Promise<void> }, tty: boolean): void {
  const id = app.nextAdminId();
  const session = new Session({
    app, user: 'enable_15', maxLevel: 15, privileged: false, interactive: tty, echo: !tty, color: tty && !!process.stdout.isTTY,
    width: process.stdout.columns, id,
    write: (s) => process.stdout.write(s),
    close: () => { void shutdown(0); },
  });
  app.admins.set(id, { id, user: 'enable_15', from: 'console', transport: 'console', started: new Date() });

  let ending = false;
  async function shutdown(code: number): Promise<void> {
    if (ending) return;
    ending = true;
    if (tty) process.stdin.setRawMode(false);
    await services.stop();
    // a pipe may still hold output: exit once it has drained (or at once if the reader is gone)
    if (process.stdout.destroyed || !process.stdout.writable) process.exit(code);
    process.stdout.write('', () => process.exit(code));
  }
  // the reader went away (`| head`): like the end of input, that ends the console session
  process.stdout.on('error', () => { void shutdown(0); });

  if (tty) {
    process.stdin.setRawMode(true);
    process.stdin.setEncoding('utf8');
    session.start(['', "Type help or '?' for a list of available commands."]);
    process.stdin.on('data', (d: string) => session.feed(d));
  } else {
    // a paste: start in privileged EXEC so a script can `configure terminal` directly
    session.sh.enable(15);
    session.start();
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (d: string) => session.feed(d));
    process.stdin.on('end', () => { void session.end().then(() => { process.stdout.write('\n'); return shutdown(0); }); });
  }
}
