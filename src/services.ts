// The network services that follow the running-config: SSH and the AnyConnect gateway.
import type { HeadendApp } from './app.ts';

export interface ServiceOptions { sshPort: number; ssh: boolean; gateway: boolean }

export async function startServices(_app: HeadendApp, _o: ServiceOptions): Promise<{ stop(): Promise<void> }> {
  return { stop: async () => {} };
}
