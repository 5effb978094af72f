#!/usr/bin/env node
'use strict';
// Starts headend from one file bundled by esbuild: a start then reads one file instead of resolving
// and transpiling hundreds of modules through tsx (~0.3 s instead of ~2 s). The bundle is rebuilt
// (~0.5 s) when a source is newer than it; without esbuild, or with HEADEND_TSX=1, the TypeScript
// runs through tsx's loader as it is. Either way there is no build step after `npm ci`.
//
// CommonJS, and synchronous up to the bundle's first line: an ES module entry costs Node its module
// loader (~10 ms of every start). The bundle is a CommonJS script run through vm.Script with a V8
// code cache beside it (Node 20 has no compile cache for modules): a start then skips parsing the
// JavaScript and compiling the functions the last run compiled. The cache is written at exit by a
// run that found none (or one V8 refused: another Node or other V8 flags); it is named after the
// bundle file it was made from.
const { createHash } = require('node:crypto');
const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname, join, resolve } = require('node:path');
const vm = require('node:vm');

const root = resolve(__dirname, '..') + '/';
// one bundle per checkout: worktrees share one node_modules (a symlink), and a bundle built from
// another checkout's sources (and its HEADEND_ROOT, hence its native addon) must never run here
const bundle = join(root, 'node_modules', '.cache', 'headend', `headend-${createHash('sha256').update(resolve(root)).digest('hex').slice(0, 16)}.cjs`);

function newest(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const e of readdirSync(path)) m = Math.max(m, newest(join(path, e)));
  return m;
}

function bundled() {
  const sources = Math.max(newest(join(root, 'src')), newest(join(root, 'grammar')), newest(join(root, 'package-lock.json')));
  let built = 0;
  try { built = statSync(bundle).mtimeMs; } catch { /* not built yet */ }
  if (built >= sources) return true;
  let esbuild;
  try { esbuild = require('esbuild'); } catch { return false; }
  // several headends may start at once (tests): each builds its own file and renames it into place
  const tmp = `${bundle}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(bundle), { recursive: true });
    esbuild.buildSync({
      entryPoints: [join(root, 'src/main.ts')], outfile: tmp, bundle: true, platform: 'node', format: 'cjs',
      target: 'node20', logLevel: 'silent',
      // a third less to read and scan at every start; names are kept (no identifier minifying), so
      // are stack traces' function names. `charset: 'ascii'` (esbuild's default, stated because
      // runBundle reads the file as latin1) escapes every other character
      minifyWhitespace: true, minifySyntax: true, legalComments: 'none', charset: 'ascii',
      define: { HEADEND_ROOT: JSON.stringify(root), 'import.meta.url': '__import_meta_url' },
      // ssh2 loads its native crypto binding by a path relative to itself, radius its RFC dictionaries
      external: ['ssh2', 'cpu-features', '*.node', 'playwright-core', 'radius'],
      banner: { js: "const __import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
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

/** the bundle as a CommonJS module, compiled with the code cache when V8 takes it */
function runBundle() {
  const cacheFile = `${bundle}.v8cache`;
  const st = statSync(bundle);
  // the cache names the bundle file it was made from (a rebuild renames a new file into place)
  const key = Buffer.from(`${st.ino}:${st.size}:${st.mtimeMs}:${process.version}`.padEnd(128));
  let cachedData;
  try {
    const c = readFileSync(cacheFile);
    if (c.subarray(0, key.length).equals(key)) cachedData = c.subarray(key.length);
  } catch { /* none yet */ }
  // ASCII (charset above): as latin1 Node makes the string outside V8's heap, with no UTF-8 decoding
  const source = readFileSync(bundle, 'latin1');
  const script = new vm.Script(Module.wrap(source), {
    filename: bundle, cachedData, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (!cachedData || script.cachedDataRejected) {
    // at exit the cache holds every function this run compiled (boot, the commands it ran)
    process.once('exit', () => {
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      try {
        writeFileSync(tmp, Buffer.concat([key, script.createCachedData()]));
        renameSync(tmp, cacheFile);
      } catch { rmSync(tmp, { force: true }); }
    });
  }
  const mod = new Module(bundle);
  mod.filename = bundle;
  mod.paths = Module._nodeModulePaths(dirname(bundle));
  script.runInThisContext()(mod.exports, Module.createRequire(bundle), mod, bundle, dirname(bundle));
}

if (process.env.HEADEND_TSX !== '1' && bundled()) {
  runBundle();
} else {
  import('tsx/esm/api').then(({ register }) => {
    register();
    return import('../src/main.ts');
  }).catch((e) => {
    process.stderr.write(`${e?.stack ?? e}\n`);
    process.exit(1);
  });
}
