#!/usr/bin/env node
// Builds the TUN addon (native/tun) with the node-gyp that ships with npm, against the headers of
// the Node that runs this script. Runs as the package's install step (`npm ci`); a machine without
// a compiler still installs, and headend then runs without a forwarding plane and says so at boot.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'native', 'tun');
const npmCli = process.env.npm_execpath;
const candidates = [
  npmCli && join(dirname(npmCli), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
].filter(Boolean);
const gyp = candidates.find((p) => existsSync(p));
// Node's own headers, so node-gyp never downloads them (the machine may have no internet)
const prefix = join(dirname(process.execPath), '..');
const nodedir = process.env.npm_config_nodedir || (existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? prefix : '');

if (process.platform !== 'linux') process.exit(0);
if (!gyp) {
  console.log('[native] node-gyp not found; headend will run without a forwarding plane');
  process.exit(0);
}
const args = [gyp, 'rebuild', '--directory', dir, '--loglevel', 'warn'];
if (nodedir) args.push(`--nodedir=${nodedir}`);
const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
if (r.status !== 0) console.log('[native] the TUN addon did not build; headend will run without a forwarding plane');
