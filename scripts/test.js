#!/usr/bin/env node
// The one test command (`npm test`): installs what the suite needs on a fresh machine, then runs it.
// npm packages via `npm ci` when node_modules is missing or stale; Debian packages via apt-get when
// missing and running as root (`apt-get update` once, before the first install).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

function have(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function pyHas(mod) {
  return spawnSync('/usr/bin/python3', ['-c', `import ${mod}`], { stdio: 'ignore' }).status === 0;
}

const lock = join(root, 'package-lock.json');
const marker = join(root, 'node_modules', '.package-lock.json');
if (!existsSync(marker) || statSync(lock).mtimeMs > statSync(marker).mtimeMs) {
  console.log('[test] npm ci');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
}

const wanted = [
  ['openconnect', () => have('openconnect')],
  ['openssh-client', () => have('ssh')],
  ['sshpass', () => have('sshpass')],
  ['chromium', () => existsSync('/usr/bin/chromium')],
  ['openssl', () => have('openssl')],
  ['python3-netmiko', () => existsSync('/usr/bin/python3') && pyHas('netmiko')],
  ['ansible', () => have('ansible-playbook')],
  ['tmux', () => have('tmux')],
  // the data-plane tests: namespaces, the inside host's HTTP client and pings, the throughput bench
  ['iproute2', () => have('ip')],
  ['iputils-ping', () => have('ping')],
  ['curl', () => have('curl')],
  ['iperf3', () => have('iperf3')],
  // the AAA server tests: FreeRADIUS and OpenLDAP on loopback
  ['freeradius', () => have('freeradius')],
  ['slapd', () => existsSync('/usr/sbin/slapd')],
  ['ldap-utils', () => have('ldapadd')],
  // the cluster tests: one real Redis on loopback holds the session database
  ['redis-server', () => have('redis-server')],
];
const missing = wanted.filter(([, ok]) => !ok()).map(([p]) => p);
if (missing.length) {
  if (process.getuid?.() === 0) {
    console.log(`[test] apt-get install ${missing.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  } else {
    console.log(`[test] missing Debian packages (not root, not installing): ${missing.join(' ')}`);
  }
}

// a checkout whose node_modules came from elsewhere still gets the TUN addon, and one built before
// native/tun changed is rebuilt
const addonFile = join(root, 'native', 'tun', 'build', 'Release', 'tun.node');
const addonStale = () => ['tun.c', 'binding.gyp'].some((f) => statSync(join(root, 'native', 'tun', f)).mtimeMs > statSync(addonFile).mtimeMs);
if (!existsSync(addonFile) || addonStale()) {
  execFileSync(process.execPath, [join(root, 'scripts', 'build-native.js')], { stdio: 'inherit' });
}

const r = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
