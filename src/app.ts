// The process: one store, one running-config, the services sessions use. Boot order: the
// startup-config, else the embedded factory default.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './root.ts';
import { openStore, fetchUrl, putUrl, type Store } from './store/index.ts';
import { RunningConfigOwner } from './config/running.ts';
import { emptyConfig } from './config/model.ts';
import { openSecrets, sealSecrets, secretsKey } from './config/sealed-secrets.ts';
import type { Identity } from './config/render.ts';
import type { AdminSessionInfo, App, FlashService } from './app-types.ts';
import { Interpreter } from './shell/interpreter.ts';
import { AUTHORIZATION_FAILED, mayConfigure } from './shell/authorize.ts';
import { TranslationStore } from './translations/index.ts';
import { AaaService } from './aaa/index.ts';
import type { ExecIO } from './shell/exec/index.ts';
import { checkBindings } from './bindings.ts';
import { Syslog } from './log/syslog.ts';
import { loggingSettings } from './config/logging.ts';
import { aaaMessages } from './log/audit.ts';

export const FACTORY_DEFAULT = join(ROOT, 'running-config', 'factory-default.cfg');

export interface AppOptions {
  stateDir: string;
  configFile?: string;
  /** where syslog console lines go (default stderr); the log file is `<stateDir>/log/headend.log` */
  console?: (line: string) => void;
}

function flashService(store: Store): FlashService {
  const f = store.flash;
  return {
    list: (dir) => f.list(dir).map((e) => ({ name: e.name, size: e.size, mtime: e.mtime, isDir: e.isDir })),
    exists: (p) => { try { return f.exists(p); } catch { return false; } },
    read: (p) => f.read(p),
    write: (p, d) => f.write(p, d),
    delete: (p) => f.delete(p),
    totalBytes: () => f.totalBytes(),
    freeBytes: () => f.freeBytes(),
  };
}

/**
 * runs configuration text as a paste into `(config)#` by `by` at `level`: a session that may not
 * enter configuration mode runs none of it, and command authorization checks every line at that level
 */
async function runText(app: App, text: string, by: string, level: number): Promise<{ errors: string[]; passthrough: number }> {
  if (!mayConfigure(app.config.model, level)) return { errors: [AUTHORIZATION_FAILED], passthrough: 0 };
  const sh = new Interpreter(app, by, level, 'config');
  const errors: string[] = [];
  let passthrough = 0;
  const io: ExecIO = {
    // an INFO line (`nameif`: the security level it set) is not an error
    print: (...l) => errors.push(...l.filter((x) => !x.startsWith('INFO: '))),
    filtered: () => io,
    confirm: async () => true,
    ask: async () => '',
    promptWidth: 0,
    session: { id: 0, pagerLines: 0, width: 80, history: () => [], wizard: async () => {} },
  };
  for (const line of text.split(/\r?\n/)) {
    const p = sh.line(line, io);
    const r = p instanceof Promise ? await p : p;
    if (r.passthrough) passthrough++;
  }
  return { errors, passthrough };
}

export class HeadendApp implements App {
  readonly store: Store;
  readonly config = new RunningConfigOwner();
  readonly bootTime = new Date();
  bootConfigSource = 'startup-config';
  readonly admins = new Map<number, AdminSessionInfo>();
  readonly flash: FlashService;
  vpn?: App['vpn'];
  cluster?: App['cluster'];
  /** one AAA service, whether SSH, the gateway, both or neither run */
  readonly aaa: AaaService;
  readonly localAuth: App['localAuth'];
  readonly aaaServers: App['aaaServers'];
  translations?: App['translations'];
  sshFingerprint?: () => string;
  private adminSeq = 0;
  private serial: string;
  /** the one syslog logger: the console and `<stateDir>/log/headend.log` */
  readonly syslog: Syslog;
  /** messages for the console at boot (the generated admin password) */
  bootNotes: string[] = [];

  constructor(readonly opts: AppOptions) {
    this.store = openStore(opts.stateDir);
    this.flash = flashService(this.store);
    this.syslog = new Syslog({ dir: join(this.store.stateDir, 'log'), console: opts.console, settings: () => loggingSettings(this.config.model) });
    this.aaa = new AaaService(() => this.config.model, { onEvent: (e) => { for (const m of aaaMessages(e)) this.syslog.log(m); } });
    this.localAuth = this.aaa.local;
    this.aaaServers = this.aaa.serverService;
    this.translations = new TranslationStore({
      dir: join(this.store.stateDir, 'translation-tables'),
      flash: this.flash,
      fetchUrl: (u) => this.fetchUrl(u),
      putUrl: (u, d) => this.putUrl(u, d),
    });
    this.config.env = {
      // a file: an image or profile path naming a directory does not exist as far as they go
      flashExists: (p) => { try { return this.store.flash.stat(p)?.isDir === false; } catch { return false; } },
      flashRead: (p) => (this.flash.exists(p) ? this.flash.read(p) : undefined),
      poolInUse: (p) => this.vpn?.poolInUse(p) ?? false,
    };
    let serial = this.store.getValue<string>('serial');
    if (!serial) { serial = 'HE' + randomBytes(5).toString('hex').toUpperCase(); this.store.setValue('serial', serial); }
    this.serial = serial;
  }

  /** the startup-config as saved, its AAA server secrets opened (src/config/sealed-secrets.ts) */
  private readStartup(): string | null {
    const t = this.store.readStartup();
    return t === null ? null : openSecrets(t, secretsKey(this.store.keys));
  }

  readonly startup = {
    read: () => this.readStartup(),
    // the AAA server keys go to the state folder encrypted
    write: (text: string) => { const r = this.store.writeStartup(sealSecrets(text, secretsKey(this.store.keys))); return { bytes: r.bytes, seconds: r.seconds }; },
    erase: () => this.store.eraseStartup(),
  };

  identity(): Identity {
    const mb = Math.round(totalmem() / 1048576);
    const cpu = cpus()[0];
    return {
      version: '9.20(2)',
      serial: this.serial,
      hardware: `headend, ${mb} MB RAM, CPU ${cpu?.model.trim() ?? 'unknown'} ${cpu?.speed ?? 0} MHz, 1 CPU (${cpus().length} cores)`,
    };
  }

  nextAdminId(): number { return this.adminSeq++; }

  async boot(): Promise<{ errors: string[] }> {
    // a declaration nobody bound fails here, loudly, not when an admin first types it
    checkBindings();
    let text: string;
    if (this.opts.configFile) {
      text = readFileSync(this.opts.configFile, 'utf8');
      this.bootConfigSource = this.opts.configFile;
    } else {
      const s = this.readStartup();
      if (s !== null) { text = s; this.bootConfigSource = 'startup-config'; }
      else { text = readFileSync(FACTORY_DEFAULT, 'utf8'); this.bootConfigSource = 'factory-default'; }
    }
    this.config.replace(emptyConfig(), 'boot');
    const r = await runText(this, text, 'enable_15', 15);
    this.store.recordBoot();
    await this.ensureAdmin();
    return { errors: r.errors };
  }

  /** no privilege-15 user: make `admin` with a random password, shown once */
  private async ensureAdmin(): Promise<void> {
    const has15 = [...this.config.model.usernames.values()].some((u) => u.privilege === 15);
    if (has15) return;
    const pw = randomBytes(9).toString('base64url');
    await runText(this, `username admin password ${pw} privilege 15`, 'enable_15', 15);
    this.bootNotes.push(`INFO: No privilege 15 user was configured; created "admin" with password ${pw}`,
      'INFO: This password is shown once. Save the configuration with "write memory" to keep it.');
  }

  /** configuration text run on `by`'s behalf at their `level` (15: boot, tests, benches) */
  async loadText(text: string, by: string, level = 15): Promise<{ errors: string[]; passthrough: number }> {
    return runText(this, text, by, level);
  }

  reload(): void {
    void this.boot();
  }

  fetchUrl(url: string, opts: { crossHostRedirects?: boolean } = {}): Promise<Buffer> { return fetchUrl(url, opts); }
  putUrl(url: string, data: Buffer): Promise<void> { return putUrl(url, data); }
}
