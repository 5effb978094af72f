// The one running-config of the process and its one writer. Every change, from any admin, goes
// through `apply`, which validates, mutates and emits a typed change event; the gateway and the
// SSH server subscribe to those events and read the model, they never parse text.
import { EventEmitter } from 'node:events';
import type { Command } from '../../grammar/matcher.ts';
import { applyCommand, type ApplyResult, type ChangeEvent, type Frame } from './apply.ts';
import { nullEnv, type ConfigEnv } from './env.ts';
import { emptyConfig, type RunningConfig } from './model.ts';
import { checksum } from './render.ts';
import { config as G } from '../../grammar/config.ts';

export class RunningConfigOwner extends EventEmitter {
  model: RunningConfig = emptyConfig();
  env: ConfigEnv = nullEnv;
  /** bumped on every change; lets readers cache derived views */
  generation = 0;
  private changedBy?: string;
  private changedAt = 0;

  /** who made the last change, and when (a Date made when asked: a paste changes the model per line) */
  get lastChange(): { by: string; at: Date } | undefined {
    return this.changedBy === undefined ? undefined : { by: this.changedBy, at: new Date(this.changedAt) };
  }

  apply(cmd: Command, frame: Frame, by = 'enable_15'): ApplyResult {
    if (cmd.decl === G.clearConfigure && cmd.kws.has('all')) {
      this.replace(emptyConfig(), by);
      return { ok: true, messages: [] };
    }
    const r = applyCommand(this.model, this.env, cmd, frame);
    if (r.ok && r.event) this.changed(r.event, by);
    return r;
  }

  /** swap in a whole configuration (boot, `copy … running-config` of a fresh file, `clear configure all`) */
  replace(model: RunningConfig, by = 'enable_15'): void {
    this.model = model;
    this.changed({ section: 'global', kind: 'replace', no: false }, by);
  }

  private changed(ev: ChangeEvent, by: string): void {
    this.generation++;
    this.changedBy = by;
    this.changedAt = Date.now();
    this.emit('change', ev);
  }

  checksum(): string {
    return checksum(this.model);
  }

  onChange(fn: (ev: ChangeEvent) => void): () => void {
    this.on('change', fn);
    return () => this.off('change', fn);
  }
}
