// The one TUN device of the forwarding plane, through the addon in native/tun (see tun.c for why an
// addon: TUNSETIFF, and reads on the main loop instead of the libuv thread pool).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from '../../root.ts';

/** the addon's interface version this file speaks (ADDON_VERSION in tun.c) */
const ADDON_VERSION = 2;

interface Addon {
  version?: number;
  open(name: string): [number, string];
  /** `batch` holds the packets read in one go end to end, `lengths[i]` bytes each */
  watch(fd: number, cb: (batch: Buffer, lengths: number[], errno: number) => void): unknown;
  stop(handle: unknown): void;
  write(fd: number, packet: Buffer): number;
  close(fd: number): void;
}

let addon: Addon | null | undefined;
let loadError = '';

function load(): Addon | null {
  if (addon !== undefined) return addon;
  try {
    addon = createRequire(import.meta.url)(join(ROOT, 'native', 'tun', 'build', 'Release', 'tun.node')) as Addon;
    if (addon.version !== ADDON_VERSION) {
      addon = null;
      loadError = 'the TUN addon was built from an older native/tun/tun.c (run node scripts/build-native.js)';
    }
  } catch (e) {
    addon = null;
    loadError = `the TUN addon is not built (${(e as Error).message.split('\n')[0]})`;
  }
  return addon;
}

export class TunDevice {
  private watcher: unknown = null;
  /** writes the kernel refused (its queue full, or the device down): the packet is dropped */
  writeErrors = 0;

  private constructor(private addon: Addon, private fd: number, readonly name: string) {}

  /** Creates (attaches to) the device `name`; throws with the reason when the process may not. */
  static open(name: string): TunDevice {
    const a = load();
    if (!a) throw new Error(loadError);
    const [fd, actual] = a.open(name);
    return new TunDevice(a, fd, actual);
  }

  /** `onPackets` gets each batch the kernel had ready; called on the main loop, never re-entered; the
   *  packets share one buffer, so one kept past the call (queued) keeps the batch alive: copy it */
  start(onPackets: (packets: Buffer[]) => void, onError: (errno: number) => void): void {
    if (this.watcher) return;
    this.watcher = this.addon.watch(this.fd, (batch, lengths, errno) => {
      if (lengths.length) {
        // views into the batch (no copy): whoever keeps a packet past this call copies it
        const packets = new Array<Buffer>(lengths.length);
        let off = 0;
        for (let i = 0; i < lengths.length; i++) { packets[i] = batch.subarray(off, off + lengths[i]); off += lengths[i]; }
        onPackets(packets);
      }
      if (errno) onError(errno);
    });
  }

  write(packet: Buffer): boolean {
    if (this.fd < 0) return false;
    if (this.addon.write(this.fd, packet) >= 0) return true;
    this.writeErrors++;
    return false;
  }

  close(): void {
    if (this.watcher) this.addon.stop(this.watcher);
    this.watcher = null;
    if (this.fd >= 0) this.addon.close(this.fd);
    this.fd = -1;
  }
}
