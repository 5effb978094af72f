// Starting and stopping test gateways; every gateway started here is stopped by stopGateways().
import fs from 'node:fs';
import { Gateway, type GatewayEvent, type GatewayOptions } from '../../src/gateway/gateway.ts';
import { TestView, tempStateDir } from './view-fixture.ts';

export interface TestGateway {
  gw: Gateway;
  view: TestView;
  port: number;
  url(path?: string): string;
  events: GatewayEvent[];
  /** resolves with the first event (already seen or future) matching `pred` */
  waitEvent<T extends GatewayEvent['type']>(type: T, pred: (e: Extract<GatewayEvent, { type: T }>) => boolean, timeoutMs: number): Promise<Extract<GatewayEvent, { type: T }>>;
}

const started: { gw: Gateway; dir: string }[] = [];

/** A stateDir shared by the gateways of one test file, so the RSA key is made once. */
let sharedDir: string | null = null;

export async function startGateway(view = new TestView(), opts: Partial<GatewayOptions> = {}): Promise<TestGateway> {
  sharedDir ??= tempStateDir();
  const events: GatewayEvent[] = [];
  const waiters: (() => void)[] = [];
  const gw = new Gateway({
    view, stateDir: sharedDir, tickMs: 250, ...opts,
    onEvent: (e) => { events.push(e); for (const w of [...waiters]) w(); },
  });
  started.push({ gw, dir: sharedDir });
  const ls = await gw.start();
  const port = ls[0]?.boundPort ?? 0;
  return {
    gw, view, port, events,
    url: (path = '/') => `https://127.0.0.1:${port}${path}`,
    waitEvent(type, pred, timeoutMs) {
      type E = Extract<GatewayEvent, { type: typeof type }>;
      return new Promise<E>((resolve, reject) => {
        const check = (): boolean => {
          const e = events.find((x) => x.type === type && pred(x as E));
          if (!e) return false;
          clearTimeout(t);
          waiters.splice(waiters.indexOf(check), 1);
          resolve(e as E);
          return true;
        };
        const t = setTimeout(() => {
          waiters.splice(waiters.indexOf(check), 1);
          reject(new Error(`no ${type} event within ${timeoutMs} ms; saw ${JSON.stringify(events.map((x) => x.type))}`));
        }, timeoutMs);
        waiters.push(check);
        check();
      });
    },
  };
}

export async function stopGateways(): Promise<void> {
  const all = started.splice(0);
  await Promise.all(all.map((s) => s.gw.stop()));
}

export function removeSharedDir(): void {
  if (sharedDir) fs.rmSync(sharedDir, { recursive: true, force: true });
  sharedDir = null;
}
