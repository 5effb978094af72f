// The network services that follow the running-config: SSH and the AnyConnect gateway. Each has
// its own start function; startServices starts the enabled ones and stops them in reverse order.
// Each service's code (ssh2, the gateway's TLS and tunnels) is loaded when that service starts: a
// console-only process (`--no-ssh --no-gateway`) does not evaluate it.
import type { HeadendApp } from './app.ts';

export interface ServiceOptions {
  sshPort: number;
  ssh: boolean;
  gateway: boolean;
  /** the forwarding plane's TUN device name; null: none */
  tun?: string | null;
}

interface Running { stop(): Promise<void> }

async function startSshService(app: HeadendApp, o: ServiceOptions): Promise<Running> {
  const { startSsh } = await import('./ssh/server.ts');
  return startSsh(app, { port: o.sshPort });
}

export async function startServices(app: HeadendApp, o: ServiceOptions): Promise<{ stop(): Promise<void> }> {
  const running: Running[] = [];
  if (o.ssh) running.push(await startSshService(app, o));
  if (o.gateway) {
    const { startGateway } = await import('./gateway-service.ts');
    running.push(await startGateway(app, undefined, { tun: o.tun ?? null }));
  }
  return {
    stop: async () => {
      for (const r of running.reverse()) await r.stop();
    },
  };
}
