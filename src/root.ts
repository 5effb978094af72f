// The project folder. The sources run from src/ (tsx, tests) or from the one bundled file that
// bin/headend.cjs builds, where import.meta.url points into node_modules/.cache: the bundle defines
// HEADEND_ROOT at build time.
import { fileURLToPath } from 'node:url';

declare const HEADEND_ROOT: string | undefined;

export const ROOT: string = typeof HEADEND_ROOT === 'string' ? HEADEND_ROOT : fileURLToPath(new URL('..', import.meta.url));
