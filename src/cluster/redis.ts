// The connection to the cluster database. ioredis reconnects on its own; what is ours is that no
// caller ever waits on Redis longer than a bound: commands are not queued while it is unreachable
// (enableOfflineQueue off: they fail at once) and each one times out after `commandMs`. The
// up/down state is reported once per change, not once per failed command.
import { Redis, type RedisOptions } from 'ioredis';

export interface DatabaseEvents {
  down(reason: string): void;
  up(): void;
}

export interface Database {
  readonly cmd: Redis;
  /** a second connection: a subscribed connection can issue no other command */
  readonly sub: Redis;
  readonly up: boolean;
  readonly lastError: string | null;
  /** commands sent, for the bench's operations-per-login figure */
  ops: number;
  close(): void;
}

export function openDatabase(url: string, ev: DatabaseEvents, commandMs = 500): Database {
  const opts: RedisOptions = {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    commandTimeout: commandMs,
    // keep trying, at most every 1 s: a restarted Redis is found again within a heartbeat or so
    retryStrategy: (n: number) => Math.min(100 * n, 1000),
    enableReadyCheck: true,
    autoResubscribe: true,
  };
  const cmd = new Redis(url, opts);
  const sub = new Redis(url, opts);
  let up = false;
  let told: 'up' | 'down' | null = null;
  const db: Database = {
    cmd, sub, ops: 0,
    get up() { return up; },
    lastError: null,
    close() { cmd.disconnect(); sub.disconnect(); },
  };
  const down = (why: string): void => {
    up = false;
    (db as { lastError: string | null }).lastError = why;
    if (told !== 'down') { told = 'down'; ev.down(why); }
  };
  cmd.on('ready', () => {
    up = true;
    (db as { lastError: string | null }).lastError = null;
    if (told !== 'up') { told = 'up'; ev.up(); }
  });
  cmd.on('error', (e: Error) => down(e.message || String(e)));
  cmd.on('close', () => { if (up) down('connection closed'); });
  sub.on('error', () => { /* the command connection reports the state */ });
  return db;
}
