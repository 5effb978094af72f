// What validation needs from outside the model: the flash, and whether the gateway holds
// addresses of a pool. Injected so the config layer never reaches into the gateway.
export interface ConfigEnv {
  flashExists(path: string): boolean;
  flashRead(path: string): Buffer | undefined;
  poolInUse(pool: string): boolean;
}

export const nullEnv: ConfigEnv = {
  flashExists: () => false,
  flashRead: () => undefined,
  poolInUse: () => false,
};
