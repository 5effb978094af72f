#!/usr/bin/env node
// Starts headend from one file bundled by esbuild: a start then reads one file instead of resolving
// and transpiling hundreds of modules through tsx (~0.5 s instead of ~2 s). The bundle is rebuilt
// (~0.5 s) when a source is newer than it; without esbuild, or with HEADEND_TSX=1, the TypeScript
// runs through tsx's loader as it is. Either way there is no build step after `npm ci`.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// one bundle per checkout: worktrees share one node_modules (a symlink), and a bundle built from
// another checkout's sources (and its HEADEND_ROOT, hence its native addon) must never run here
const bundle = join(root, 'node_modules', '.cache', 'headend', `headend-${createHash('sha256').update(resolve(root)).digest('hex').slice(0, 16)}.mjs`);

function newest(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const e of readdirSync(path)) m = Math.max(m, newest(join(path, e)));
  return m;
}

async function bundled() {
  const sources = Math.max(newest(join(root, 'src')), newest(join(root, 'grammar')), newest(join(root, 'package-lock.json')));
  let built = 0;
  try { built = statSync(bundle).mtimeMs; } catch { /* not built yet */ }
  if (built >= sources) return true;
  let esbuild;
  try { esbuild = await import('esbuild'); } catch { return false; }
  // several headends may start at once (tests): each builds its own file and renames it into place
  const tmp = `${bundle}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(bundle), { recursive: true });
    await esbuild.build({
      entryPoints: [join(root, 'src/main.ts')], outfile: tmp, bundle: true, platform: 'node', format: 'esm',
      target: 'node20', logLevel: 'silent', define: { HEADEND_ROOT: JSON.stringify(root) },
      // ssh2 loads its native crypto binding by a path relative to itself, radius its RFC dictionaries
      external: ['ssh2', 'cpu-features', '*.node', 'playwright-core', 'radius'],
      banner: {
        js: "import { createRequire as __hr } from 'node:module'; import { fileURLToPath as __hf } from 'node:url';"
          + " import { dirname as __hd } from 'node:path'; const require = __hr(import.meta.url);"
          + ' const __filename = __hf(import.meta.url); const __dirname = __hd(__filename);',
      },
    });
    // stamped with the sources' time: a source saved during the build is newer, and rebuilds next start
    utimesSync(tmp, new Date(), new Date(Math.ceil(sources)));
    renameSync(tmp, bundle);
    return true;
  } catch {
    rmSync(tmp, { force: true });
    return false;
  }
}

if (process.env.HEADEND_TSX !== '1' && await bundled()) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}
