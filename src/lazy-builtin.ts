// Node's built-in modules a console start does not need (HTTP for `copy`, UDP for RADIUS, DNS, the
// TLS root store): loaded at their first use instead of by every start. Through createRequire, not
// import(): the bundle runs as a vm.Script, whose import() of a module outside the bundle is lost
// when V8 takes the code cache (bin/headend.cjs).
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

export function lazyBuiltin<T>(id: string): () => T {
  let m: T | undefined;
  return () => (m ??= load(id) as T);
}
