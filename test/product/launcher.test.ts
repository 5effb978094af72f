// bin/headend.cjs, as `npm start` runs it: the bundled start and the plain tsx start (HEADEND_TSX=1)
// answer a script the same way, a stale bundle is rebuilt (and a fresh one is not), and a reader that goes away (`| head`)
// ends the process instead of leaving it spinning on EPIPE; the V8 code cache beside the bundle is
// written by a run that found none, and one made from another file (or garbage) is not used but replaced.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HEADEND, ROOT } from '../helpers/ssh-headend.ts';

// one bundle per checkout (bin/headend.cjs): worktrees share node_modules
const BUNDLE = join(ROOT, 'node_modules/.cache/headend', `headend-${createHash('sha256').update(resolve(ROOT)).digest('hex').slice(0, 16)}.cjs`);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const SCRIPT = [
  'configure terminal',
  'hostname launcher',
  'group-policy GP internal',
  'group-policy GP attributes',
  ' vpn-idle-timeout 42',
  'end',
  'show running-config group-policy',
  'show hostname',
  'write memory',
  '',
].join('\n');

function run(env: NodeJS.ProcessEnv): string {
  const dir = mkdtempSync(join(tmpdir(), 'headend-launch-'));
  dirs.push(dir);
  const r = spawnSync(process.execPath, [HEADEND, '--state-dir', dir, '--no-ssh', '--no-gateway'], {
    input: SCRIPT, encoding: 'utf8', timeout: 90_000, env: { ...process.env, ...env },
  });
  expect(r.status, r.stderr).toBe(0);
  // the generated admin password, the checksum and the time to write differ from run to run
  return r.stdout.replace(/password \S+/g, 'password X').replace(/Cryptochecksum: ?[0-9a-f ]+/g, 'Cryptochecksum: X')
    .replace(/copied in [0-9.]+ secs/g, 'copied in N secs');
}

describe('bin/headend.cjs', () => {
  it('the bundled start and the tsx start give the same session', () => {
    const bundled = run({});
    const tsx = run({ HEADEND_TSX: '1' });
    expect(bundled).toContain('launcher# ');
    expect(bundled).toContain(' vpn-idle-timeout 42');
    expect(bundled).toContain('[OK]');
    expect(bundled).toBe(tsx);
  }, 200_000);

  it('rebuilds a bundle older than the sources, and only then', () => {
    run({});
    const old = new Date(Date.now() - 3600_000 * 24 * 365);
    utimesSync(BUNDLE, old, old);
    run({});
    const rebuilt = statSync(BUNDLE);
    expect(rebuilt.mtimeMs).toBeGreaterThan(old.getTime() + 1000);
    run({});
    // a build renames a new file into place: same inode means no build
    expect(statSync(BUNDLE).ino, 'a fresh bundle was built again').toBe(rebuilt.ino);
  }, 200_000);

  it('writes its code cache, keyed to the bundle file, and replaces a foreign one', () => {
    const first = run({});
    const cache = `${BUNDLE}.v8cache`;
    const st = statSync(BUNDLE);
    const key = `${st.ino}:${st.size}:${st.mtimeMs}:${process.version}`;
    expect(readFileSync(cache).subarray(0, 128).toString().trimEnd()).toBe(key);
    expect(run({}), 'a start from the cache').toBe(first);
    writeFileSync(cache, Buffer.concat([Buffer.from('1:2:3:v0'.padEnd(128)), Buffer.alloc(4096, 7)]));
    expect(run({}), 'a start with a foreign cache').toBe(first);
    expect(readFileSync(cache).subarray(0, 128).toString().trimEnd()).toBe(key);
    expect(statSync(cache).size).toBeGreaterThan(100_000);
  }, 200_000);

  it('ends when its output pipe closes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'headend-launch-'));
    dirs.push(dir);
    const child = spawn(process.execPath, [HEADEND, '--state-dir', dir, '--no-ssh', '--no-gateway'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const code = new Promise<number | null>((res) => child.on('close', (c) => res(c)));
    // read the first chunk, then close our end as `| head -1` would, while input keeps it busy
    await new Promise<void>((res) => child.stdout.once('data', () => { child.stdout.destroy(); res(); }));
    child.stderr.destroy();
    child.stdin.on('error', () => {});
    child.stdin.end(Array.from({ length: 200 }, () => 'show version').join('\n') + '\n');
    const bound = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const c = await code;
    clearTimeout(bound);
    expect(c).toBe(0);
  }, 90_000);
});
