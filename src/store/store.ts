// The device's non-volatile memory, all under one state folder:
//
//   state.json  startup-config, its write time, boot counter, small values
//   disk0/      the flash device, real files (see flash.ts)
//   keys/       key material, 0600 files in a 0700 folder (see keys.ts)
//
// state.json is re-read before every operation instead of trusting the copy
// in memory, so that two processes on one folder (the daemon and a one-shot
// CLI) see each other's `write memory`. Each write is atomic; a concurrent
// writer can still lose the other's update of a *different* field, which is
// acceptable for a single-operator device.

import path from 'node:path';
import { LowSync } from 'lowdb';
import { AtomicJSONFile, mkdirDurable, sweepTemps } from './atomic.ts';
import { md5Hex } from './checksum.ts';
import { Flash } from './flash.ts';
import { openKeys, type Keys } from './keys.ts';
import { ROOT } from '../root.ts';

export const DEFAULT_STATE_DIR = path.join(ROOT, 'running-config');

interface StateData {
  version: 1;
  startup: { text: string; checksum: string; writtenAt: string } | null;
  boots: { count: number; last: string | null };
  values: Record<string, unknown>;
}

export interface StartupWrite {
  bytes: number;
  /** MD5 hex (32 digits); see formatChecksum/checksumTrailer. */
  checksum: string;
  /** Wall time the durable write took, for "N bytes copied in S secs". */
  seconds: number;
}

export interface StartupInfo {
  bytes: number;
  checksum: string;
  writtenAt: Date;
}

export interface Store {
  readonly stateDir: string;
  /** null when never saved or erased (`write erase`). */
  readStartup(): string | null;
  startupInfo(): StartupInfo | null;
  /** `write memory`: durable once it returns; a crash meanwhile leaves the old text. */
  writeStartup(text: string): StartupWrite;
  eraseStartup(): void;
  /** Increment and return the boot counter (call once per daemon start). */
  recordBoot(): number;
  bootCount(): number;
  /** Small JSON-serialisable values that must survive a reload. */
  getValue<T = unknown>(key: string): T | undefined;
  /** undefined removes the key. */
  setValue(key: string, value: unknown): void;
  readonly flash: Flash;
  readonly keys: Keys;
}

function defaults(): StateData {
  return { version: 1, startup: null, boots: { count: 0, last: null }, values: {} };
}

// Fills what an older or hand-edited file lacks rather than rejecting it.
function normalize(raw: Partial<StateData> | null): StateData {
  const d = defaults();
  if (!raw || typeof raw !== 'object') return d;
  const s = raw.startup;
  if (s && typeof s.text === 'string') {
    d.startup = { text: s.text, checksum: md5Hex(s.text), writtenAt: typeof s.writtenAt === 'string' ? s.writtenAt : new Date(0).toISOString() };
  }
  if (raw.boots && typeof raw.boots.count === 'number') d.boots = { count: raw.boots.count, last: raw.boots.last ?? null };
  if (raw.values && typeof raw.values === 'object') d.values = raw.values;
  return d;
}

export function openStore(stateDir: string = DEFAULT_STATE_DIR): Store {
  const dir = path.resolve(stateDir);
  mkdirDurable(dir);
  sweepTemps(dir);
  const flash = new Flash(path.join(dir, 'disk0'));
  sweepTemps(flash.root);
  const keysDir = path.join(dir, 'keys');
  const keys = openKeys(keysDir);
  sweepTemps(keysDir);

  const adapter = new AtomicJSONFile<StateData>(path.join(dir, 'state.json'));
  const db = new LowSync<StateData>(adapter, defaults());
  const load = (): StateData => (db.data = normalize(adapter.read()));
  const update = (fn: (d: StateData) => void): void => {
    fn(load());
    db.write();
  };
  load();

  return {
    stateDir: dir,
    flash,
    keys,
    readStartup: () => load().startup?.text ?? null,
    startupInfo() {
      const s = load().startup;
      return s ? { bytes: Buffer.byteLength(s.text, 'utf8'), checksum: s.checksum, writtenAt: new Date(s.writtenAt) } : null;
    },
    writeStartup(text) {
      const t0 = performance.now();
      const checksum = md5Hex(text);
      update((d) => {
        d.startup = { text, checksum, writtenAt: new Date().toISOString() };
      });
      return { bytes: Buffer.byteLength(text, 'utf8'), checksum, seconds: (performance.now() - t0) / 1000 };
    },
    eraseStartup() {
      update((d) => {
        d.startup = null;
      });
    },
    recordBoot() {
      let count = 0;
      update((d) => {
        count = d.boots.count += 1;
        d.boots.last = new Date().toISOString();
      });
      return count;
    },
    bootCount: () => load().boots.count,
    getValue: <T>(key: string) => load().values[key] as T | undefined,
    setValue(key, value) {
      update((d) => {
        if (value === undefined) delete d.values[key];
        else d.values[key] = value;
      });
    },
  };
}
