// The network services that follow the running-config: SSH and the AnyConnect gateway. Each has
// its own start function; startServices starts the enabled ones and stops them in reverse order.
import type { HeadendApp } from './app.ts';
import { startSsh } from './ssh/server.ts';
import { startGateway } from './gateway-service.ts';

export interface ServiceOptions {
  sshPort: number;
  ssh: boolean;
  gateway: boolean;
  /** the forwarding plane's TUN device name; null: none */
  tun?: string | null;
}

interface Running { stop(): Promise<void> }

function startSshService(app: HeadendApp, o: ServiceOptions): Running {
  return startSsh(app, { port: o.sshPort });
}

export async function startServices(app: HeadendApp, o: ServiceOptions): Promise<{ stop(): Promise<void> }> {
  const running: Running[] = [];
  if (o.ssh) running.push(startSshService(app, o));
  if (o.gateway) running.push(await startGateway(app, undefined, { tun: o.tun ?? null }));
  return {
    stop: async () => {
      for (const r of running.reverse()) await r.stop();
    },
  };
}
