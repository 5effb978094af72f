// The CLI fuzzer shared by test/reliability/fuzz.test.ts and bench/fuzz.ts: fast-check generators
// of command lines for every mode (valid lines walked from the grammar's declarations, then
// mutated, plus random noise), a realistic world (a temp state dir, a small configuration with a
// target for every sub-mode, files on flash), and the per-line properties:
//   - no exception escapes Interpreter.line, sync or async;
//   - a rejected line prints only ASA-style errors (caret under the input, ERROR:/INFO:/WARNING:…)
//     and leaves the model unchanged (renderBody with secrets, before/after);
//   - after an accepted line the model still renders;
//   - Tab completion of the same text never throws.
import type { Kws } from '../../grammar/matcher.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { HeadendApp } from '../../src/app.ts';
import { Interpreter, type ShellFrame } from '../../src/shell/interpreter.ts';
import type { ExecIO } from '../../src/shell/exec/index.ts';
import { splitFilter } from '../../src/shell/filters.ts';
import { complete } from '../../src/shell/complete.ts';
import { emptyConfig } from '../../src/config/model.ts';
import { renderBody, renderFull } from '../../src/config/render.ts';
import { allDecls, modeDecls, modeChain, parentOf } from '../../grammar/registry.ts';
import { matchLine } from '../../grammar/matcher.ts';
import type { ArgSpec, Decl, Mode, NameSource, Node } from '../../grammar/syntax.ts';

export const MODES = Object.keys(parentOf) as Mode[];

// ---------------------------------------------------------------------------------------------
// The world

const HASH = '$sha512$5000$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA==';
export const IMAGE = 'disk0:/anyconnect-win-4.10.07073-webdeploy-k9.pkg';

/** a target for every sub-mode, references between them, kept-verbatim blocks */
export const SETUP = `hostname fuzz
interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address 203.0.113.1 255.255.255.0
interface GigabitEthernet0/1
 nameif inside
 security-level 100
 ip address 10.1.0.1 255.255.0.0
ip local pool pool1 10.8.0.1-10.8.0.200 mask 255.255.255.0
ip local pool pool2 10.9.0.1-10.9.0.200
ipv6 local pool v6pool 2001:db8::1/64 100
access-list split1 standard permit 10.0.0.0 255.0.0.0
ssh 10.0.0.0 255.0.0.0 inside
webvpn
 enable outside
 anyconnect image ${IMAGE} 1
 anyconnect profiles prof1 disk0:/prof1.xml
 anyconnect enable
 anyconnect-custom-attr attr1 description a custom attribute
 tunnel-group-list enable
anyconnect-custom-data attr1 data1 some value
group-policy gp1 internal
group-policy gp1 attributes
 vpn-tunnel-protocol ssl-client
 address-pools value pool1
 split-tunnel-policy tunnelspecified
 split-tunnel-network-list value split1
 anyconnect-custom attr1 value data1
 webvpn
  anyconnect ssl keepalive 30
  anyconnect profiles value prof1 type user
group-policy gp2 internal
username alice password ${HASH} pbkdf2 privilege 15
username alice attributes
 vpn-group-policy gp1
 service-type admin
username bob nopassword
tunnel-group tg1 type remote-access
tunnel-group tg1 general-attributes
 default-group-policy gp1
 address-pool pool1
tunnel-group tg1 webvpn-attributes
 group-alias tg1 enable
tunnel-group tg1 ipsec-attributes
 ikev1 pre-shared-key *****
object network srv1
 host 192.0.2.10
logging enable
`;

/** how the fuzzer reaches each mode from privileged EXEC */
export const ENTRY: Record<Mode, string[]> = {
  user: [],
  priv: [],
  config: ['configure terminal'],
  'config-if': ['configure terminal', 'interface GigabitEthernet0/0'],
  'config-webvpn': ['configure terminal', 'webvpn'],
  'config-webvpn-cache': ['configure terminal', 'webvpn', 'cache'],
  'config-group-policy': ['configure terminal', 'group-policy gp1 attributes'],
  'config-group-webvpn': ['configure terminal', 'group-policy gp1 attributes', 'webvpn'],
  'config-tunnel-general': ['configure terminal', 'tunnel-group tg1 general-attributes'],
  'config-tunnel-webvpn': ['configure terminal', 'tunnel-group tg1 webvpn-attributes'],
  'config-tunnel-ipsec': ['configure terminal', 'tunnel-group tg1 ipsec-attributes'],
  'config-tunnel-ppp': ['configure terminal', 'tunnel-group tg1 ppp-attributes'],
  'config-username': ['configure terminal', 'username alice attributes'],
  'config-username-webvpn': ['configure terminal', 'username alice attributes', 'webvpn'],
  'config-passthrough': ['configure terminal', 'object network srv1'],
  'config-aaa-server-group': ['configure terminal', 'aaa-server RAD protocol radius'],
  'config-aaa-server-host': ['configure terminal', 'aaa-server RAD protocol radius', 'aaa-server RAD (inside) host 10.0.0.5'],
  'config-ldap-attribute-map': ['configure terminal', 'ldap attribute-map MAP1'],
  'config-load-balancing': ['configure terminal', 'vpn load-balancing'],
};

export interface World { app: HeadendApp; dir: string; close(): void }

/**
 * an app on a temp state dir with flash files. By default no network (fetch/put fail) and no
 * reload; `{ real: true }` keeps both (the generated URLs only name closed loopback ports).
 */
export async function makeWorld(opts: { real?: boolean } = {}): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'headend-fuzz-'));
  const app = new HeadendApp({ stateDir: dir });
  if (!opts.real) {
    app.fetchUrl = async (u) => { throw new Error(`${u}: network disabled in the fuzzer`); };
    app.putUrl = async (u) => { throw new Error(`${u}: network disabled in the fuzzer`); };
    app.reload = () => {};
  }
  await app.boot();
  const w = { app, dir, close: () => rmSync(dir, { recursive: true, force: true }) };
  ensureFlash(w);
  return w;
}

const FILES: [string, string][] = [
  [IMAGE, 'not really a package'],
  ['disk0:/prof1.xml', '<?xml version="1.0"?><AnyConnectProfile><ClientInitialization/></AnyConnectProfile>'],
  ['disk0:/bad.xml', '<AnyConnectProfile><unclosed></AnyConnectProfile>'],
  ['disk0:/sub/file.txt', 'hello'],
];

/** the flash files the setup and the generators name (a fuzzed `delete` or `copy` may have changed one) */
function ensureFlash(w: World): void {
  const f = w.app.store.flash;
  if (!f.exists('disk0:/sub')) f.mkdir('disk0:/sub');
  for (const [p, data] of FILES) {
    let same = false;
    try { same = f.read(p).toString('utf8') === data; } catch { /* missing, or a directory now */ }
    if (!same) { try { f.delete(p); } catch { /* not there */ } f.write(p, data); }
  }
}

/** back to the setup configuration */
export async function resetWorld(w: World): Promise<void> {
  ensureFlash(w);
  // a saved startup-config from an earlier run would echo that run's inputs
  if (w.app.store.readStartup() !== null) w.app.store.eraseStartup();
  w.app.config.replace(emptyConfig(), 'fuzz');
  const r = await w.app.loadText(SETUP, 'fuzz');
  if (r.errors.length) throw new Error(`fuzz setup config does not load: ${r.errors.join(' | ')}`);
}

export interface Probe {
  sh: Interpreter;
  mode: Mode;
  base: ShellFrame[];
  baseLevel: number;
  out: string[];
  io: ExecIO;
  /** an input so far spelt undefined/NaN/object: such words may come back in output legitimately */
  tainted?: boolean;
}

const cloneFrames = (fs: readonly ShellFrame[]): ShellFrame[] => fs.map((f) => ({ ...f, levels: f.levels ? [...f.levels] : undefined }));

/** an interpreter standing in `mode`, with a real target (gp1, tg1, alice, Gi0/0, object srv1) */
export async function enterMode(w: World, mode: Mode, confirm: () => boolean = () => false): Promise<Probe> {
  const sh = new Interpreter(w.app, 'enable_15', 15, mode !== 'user');
  const out: string[] = [];
  const io: ExecIO = {
    print: (...l) => { out.push(...l); },
    filtered: () => io,
    confirm: async () => confirm(),
    ask: async () => '',
    promptWidth: 0,
    session: { id: 0, pagerLines: 0, width: 80, history: () => [], wizard: async () => {} },
  };
  for (const l of ENTRY[mode]) {
    const r = sh.line(l, io);
    if (r instanceof Promise) await r;
  }
  if (sh.mode !== mode) throw new Error(`could not enter ${mode}: ${out.join(' | ')}`);
  out.length = 0;
  return { sh, mode, base: cloneFrames(sh.frames), baseLevel: sh.level, out, io };
}

// ---------------------------------------------------------------------------------------------
// Commands kept out of the random set: their effects reach outside the model (files, network,
// other sessions, the process). They are fuzzed separately in a temp state dir.

export const SIDE_EFFECT_KINDS = ['x.reload', 'x.copy', 'x.delete', 'x.vpn-logoff', 'x.setup', 'x.export-translation', 'x.import-translation'];

export function sideEffect(kind: string, kws: Kws): boolean {
  if (kind === 'x.write') return kws.has('erase');
  return SIDE_EFFECT_KINDS.includes(kind);
}

/** would this line (as the interpreter reads it) run a side-effect command? */
export function isSideEffectLine(raw: string): boolean {
  let text = raw.replace(/^[ \t]*/, '').replace(/\s+$/, '');
  if (text.endsWith('?')) return false;
  const f = splitFilter(text);
  if (f && 'command' in f) text = f.command;
  for (const m of ['priv', 'user'] as Mode[]) {
    const a = matchLine(text, m);
    if (a.res.ok && sideEffect(a.res.cmd.kind, a.res.cmd.kws)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Generators

const NAMES: Record<NameSource, string[]> = {
  'group-policy': ['gp1', 'gp2', 'DfltGrpPolicy', 'gpnew'],
  'tunnel-group': ['tg1', 'DefaultRAGroup', 'DefaultWEBVPNGroup', 'DefaultL2LGroup', 'tgnew'],
  'ip-pool': ['pool1', 'pool2', 'poolnew'],
  'ipv6-pool': ['v6pool', 'v6new'],
  profile: ['prof1', 'profnew'],
  'interface-name': ['outside', 'inside', 'dmz'],
  'custom-attr': ['attr1', 'attrnew'],
  'custom-data': ['data1', 'datanew'],
  username: ['alice', 'bob', 'carol'],
  'access-list': ['split1', 'aclnew'],
  flash: [IMAGE, 'disk0:/prof1.xml'],
  'aaa-server': ['RAD', 'LDAP1', 'radnew'],
  'ldap-attribute-map': ['MAP1', 'mapnew'],
};

const oneOfW = <T>(...xs: [number, fc.Arbitrary<T>][]) => fc.oneof(...xs.map(([weight, arbitrary]) => ({ weight, arbitrary })));

const octet = fc.integer({ min: 0, max: 255 });
const ipv4Valid = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));
const maskValid = fc.integer({ min: 0, max: 32 }).map((b) => {
  const n = b === 0 ? 0 : (0xffffffff << (32 - b)) >>> 0;
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
});
const hex4 = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16));
const ipv6Valid = oneOfW<string>(
  [3, fc.constantFrom('2001:db8::1', '::', '::1', 'fe80::1', '2001:db8:0:1::', '::ffff:10.0.0.1')],
  [2, fc.array(hex4, { minLength: 8, maxLength: 8 }).map((h) => h.join(':'))],
  [1, fc.tuple(hex4, hex4).map(([a, b]) => `2001:${a}::${b}`)],
);
const hugeNum = fc.constantFrom('99999999999999999999999999', '2147483648', '4294967296', '-1', '1e309', '0x10', '00000000000000000000042',
  '9'.repeat(400), 'NaN', 'Infinity', '1.5', '-0', '+7');
const junkWord = fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }).map((s) => s.replace(/[\s"]/g, 'x') || 'x');

function argArb(spec: ArgSpec): fc.Arbitrary<string> {
  const names = spec.source ? NAMES[spec.source] : [];
  switch (spec.type) {
    case 'int': {
      const lo = spec.lo ?? 0, hi = spec.hi ?? 100;
      return oneOfW<string>(
        [6, fc.integer({ min: lo, max: hi }).map(String)],
        [2, fc.constantFrom(String(lo), String(hi), String(lo - 1), String(hi + 1))],
        [1, hugeNum],
        [1, junkWord],
      );
    }
    case 'ipv4': return oneOfW<string>([8, ipv4Valid], [1, fc.constantFrom('256.1.1.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', 'a.b.c.d', '0')], [1, junkWord]);
    case 'mask': return oneOfW<string>([8, maskValid], [1, fc.constantFrom('255.0.255.0', '0.0.0.255', '255.255.255.256')], [1, ipv4Valid]);
    case 'ipv6': return oneOfW<string>([8, ipv6Valid], [1, fc.constantFrom(':::', '2001:db8::1::2', 'fe80::1%eth0', 'g::1')], [1, junkWord]);
    case 'ipv6prefix': return oneOfW<string>(
      [8, fc.tuple(ipv6Valid, fc.integer({ min: 0, max: 128 })).map(([a, l]) => `${a}/${l}`)],
      [2, fc.constantFrom('2001:db8::/129', '2001:db8::', '/64', '2001:db8::/', '2001:db8::/-1', '2001:db8::/0064', '1.2.3.4/24')],
    );
    case 'iprange': return oneOfW<string>(
      [5, fc.tuple(ipv4Valid, ipv4Valid).map(([a, b]) => `${a}-${b}`)],
      [3, fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 254 }), fc.integer({ min: 1, max: 254 }))
        .map(([c, a, b]) => `10.${[8, 9, 7][c % 3]}.0.${Math.min(a, b)}-10.${[8, 9, 7][c % 3]}.0.${Math.max(a, b)}`)],
      [1, ipv4Valid],
      [1, fc.constantFrom('10.0.0.9-10.0.0.1', '1.1.1.1-', '-1.1.1.1', '1.1.1.1-2.2.2.2-3.3.3.3', '1.1.1.1--2.2.2.2')],
    );
    case 'url': return oneOfW<string>(
      [4, fc.constantFrom('disk0:/prof1.xml', IMAGE, 'disk0:/', 'disk0:', 'flash:/sub/file.txt', 'disk0:/nope', 'disk0:/sub', 'disk0:/sub/',
        'running-config', 'startup-config', 'system:running-config', 'cache:/stc/profiles', 'disk0:/../../etc/passwd')],
      [2, fc.constantFrom('https://127.0.0.1:1/x', 'http://localhost:1/x', 'http://[::1]:1/x', 'tftp://1.2.3.4/f', 'ftp://u:p@h/f', 'x://')],
      [1, junkWord],
    );
    case 'flash': return oneOfW<string>(
      [5, fc.constantFrom(IMAGE, 'disk0:/prof1.xml', 'disk0:/bad.xml', 'flash:/prof1.xml', 'disk0:/sub/file.txt')],
      [3, fc.constantFrom('disk0:/nope.pkg', 'disk0:/sub/', 'disk0:/sub', 'disk0:/../x', 'disk0:/a/../b', 'disk0://x', 'flash:x', 'disk0:/\u00e9.pkg', 'disk0:/' + 'a'.repeat(300))],
      [1, junkWord],
    );
    case 'text': return oneOfW<string>(
      [5, fc.array(oneOfW<string>([3, fc.constantFrom('value', 'none', 'enable', 'disable', 'host', '10.0.0.1', 'any', 'permit', '"quoted text"', 'tcp', 'eq', '443')], [2, junkWord]), { minLength: 1, maxLength: 6 }).map((w) => w.join(' '))],
      [1, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 })],
    );
    case 'version': return oneOfW<string>([4, fc.constantFrom('4.10.07073', '5.0', '9', '1.2.3.4')], [1, fc.constantFrom('1.2.3.4.5', 'v5', '1..2')]);
    case 'hex': return oneOfW<string>([4, fc.integer({ min: 0, max: 0xffffffff }).map((n) => n.toString(16))], [1, junkWord]);
    case 'word':
    default: {
      const long = fc.integer({ min: 1, max: 3 }).map((k) => 'n'.repeat((spec.max ?? 64) + k));
      if (spec.label === '(IFNAME)') return oneOfW<string>([6, fc.constantFrom('(outside)', '(inside)', '(dmz)')], [2, fc.constantFrom('(outside', '()', '(a b)', 'outside', '((x))')]);
      return oneOfW<string>(
        ...(names.length ? [[8, fc.constantFrom(...names)] as [number, fc.Arbitrary<string>]] : []),
        [3, fc.constantFrom('LOCAL', 'value', 'none', 'x', 'GigabitEthernet0/2', 'Gi0/1', 'gi', 'Management0/0', 'vpngina,dart', 'bad module', '-', '"a b"')],
        [3, junkWord],
        [1, long],
      );
    }
  }
}

const kwArb = (w: string): fc.Arbitrary<string> => oneOfW<string>(
  [10, fc.constant(w)],
  [2, fc.integer({ min: 1, max: w.length }).map((n) => w.slice(0, n))],
  [1, fc.constant(w.toUpperCase())],
);

function nodeArb(n: Node, d: Decl): fc.Arbitrary<string[]> {
  switch (n.k) {
    case 'kw': return kwArb(n.word).map((w) => [w]);
    case 'arg': return argArb(d.args[n.name] as ArgSpec).map((w) => [w]);
    case 'seq': return fc.tuple(...n.items.map((x) => nodeArb(x, d))).map((parts) => parts.flat());
    case 'alt': return fc.oneof(...n.items.map((x) => nodeArb(x, d)));
    case 'opt': return fc.option(nodeArb(n.item, d), { nil: undefined, freq: 2 }).map((x) => x ?? []);
    case 'rep': return fc.array(nodeArb(n.item, d), { minLength: 1, maxLength: 4 }).map((x) => x.flat());
  }
}

const declArbs = new Map<Decl, fc.Arbitrary<string>>();

/** one line of a declaration: sometimes its `no` form, sometimes cut to the words a `no` needs */
function declArb(d: Decl): fc.Arbitrary<string> {
  let a = declArbs.get(d);
  if (!a) {
    const body = nodeArb(d.node, d);
    const noOk = d.no !== false;
    const mustNo = d.no === 'only';
    a = fc.tuple(body, fc.integer({ min: 0, max: 9 })).map(([words, r]) => {
      if (mustNo || (noOk && r < 2)) return ['no', ...(r === 0 ? words.slice(0, Math.max(1, d.noMin)) : words)].join(' ');
      return words.join(' ');
    });
    declArbs.set(d, a);
  }
  return a;
}

/** every keyword and configured name: the vocabulary of random word salads */
const VOCAB = [...new Set([
  ...allDecls.flatMap((d) => kwsOf(d.node)), 'no', 'do', 'end', 'exit', '|', 'include', 'begin', 'grep', '-v', '?',
  ...Object.values(NAMES).flat(), '0', '1', '65535', '10.0.0.1', '255.255.255.0', '2001:db8::/64',
])];

function kwsOf(n: Node): string[] {
  if (n.k === 'kw') return [n.word];
  if (n.k === 'arg') return [];
  if (n.k === 'seq' || n.k === 'alt') return n.items.flatMap(kwsOf);
  return kwsOf(n.item);
}

/** valid lines of a mode: mostly its own declarations, also its parents' (which run there) */
export function validLineArb(mode: Mode): fc.Arbitrary<string> {
  const chain = modeChain(mode);
  const parts: [number, fc.Arbitrary<string>][] = [];
  chain.forEach((m, depth) => {
    const ds = modeDecls(m).filter((d) => !SIDE_EFFECT_KINDS.includes(d.kind));
    if (!ds.length) return;
    parts.push([depth === 0 ? 8 : Math.max(1, 3 - depth), fc.oneof(...ds.map(declArb))]);
  });
  return oneOfW(...parts);
}

const CONTROL = ['\x00', '\x01', '\x03', '\x07', '\b', '\x0b', '\x0c', '\r', '\n', '\x1b', '\x1b[A', '\x7f', '\u0085', '\u00a0', '\u2028', '\u200b', '\ufeff'];
const UNICODE = ['é', 'ü', 'ß', '中文', 'Ω', '🔥', '👨‍👩‍👧', '\u0301', '\ud800', 'Ａ', 'ǅ', 'İ', 'ﬁ'];

type Mutation =
  | { t: 'truncate'; at: number }
  | { t: 'drop' | 'dup'; i: number }
  | { t: 'swap'; i: number; j: number }
  | { t: 'flip'; at: number; ch: string }
  | { t: 'insert'; at: number; s: string }
  | { t: 'number'; i: number; s: string }
  | { t: 'long'; s: string; n: number }
  | { t: 'qmark'; at: number }
  | { t: 'pipe'; s: string }
  | { t: 'quote'; at: number }
  | { t: 'tabs' }
  | { t: 'indent'; s: string }
  | { t: 'case'; i: number };

const pos = fc.double({ min: 0, max: 1, noNaN: true });
const garbage = oneOfW<string>(
  [3, fc.constantFrom(...CONTROL, ...UNICODE)],
  [2, fc.string({ unit: 'binary', minLength: 1, maxLength: 8 })],
  [2, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 })],
  [2, fc.constantFrom('"', '""', '|', '!', ':', '?', '??', ' ', '\t', '  ', '\\', '$(', '%s%n', '{', '[', '/', '#', ';', 'no', 'value', 'none')],
);

const mutationArb: fc.Arbitrary<Mutation> = oneOfW<Mutation>(
  [3, pos.map((at) => ({ t: 'truncate' as const, at }))],
  [3, pos.map((i) => ({ t: 'drop' as const, i }))],
  [2, pos.map((i) => ({ t: 'dup' as const, i }))],
  [2, fc.tuple(pos, pos).map(([i, j]) => ({ t: 'swap' as const, i, j }))],
  [3, fc.tuple(pos, garbage).map(([at, ch]) => ({ t: 'flip' as const, at, ch }))],
  [3, fc.tuple(pos, garbage).map(([at, s]) => ({ t: 'insert' as const, at, s }))],
  [2, fc.tuple(pos, hugeNum).map(([i, s]) => ({ t: 'number' as const, i, s }))],
  [1, fc.tuple(fc.constantFrom('a', 'x ', 'value ', '9', 'é', '"', '? '), fc.integer({ min: 200, max: 6000 })).map(([s, n]) => ({ t: 'long' as const, s, n }))],
  [2, pos.map((at) => ({ t: 'qmark' as const, at }))],
  [2, fc.constantFrom(' | include value', ' | i ssl', ' | grep -v none', ' | begin group', ' | exclude (', ' |', ' | ', ' | bogus x', '|inc a', ' | include', ' || x', ' | grep -v').map((s) => ({ t: 'pipe' as const, s }))],
  [2, pos.map((at) => ({ t: 'quote' as const, at }))],
  [1, fc.constant({ t: 'tabs' as const })],
  [2, fc.constantFrom(' ', '  ', '   ', '\t', ' \t ', '        ', ' '.repeat(40)).map((s) => ({ t: 'indent' as const, s }))],
  [1, pos.map((i) => ({ t: 'case' as const, i }))],
);

const idx = (p: number, n: number) => Math.min(n - 1, Math.floor(p * n));

export function mutate(line: string, m: Mutation): string {
  const words = line.split(' ');
  const at = (p: number) => Math.round(p * line.length);
  switch (m.t) {
    case 'truncate': return line.slice(0, at(m.at));
    case 'drop': words.splice(idx(m.i, words.length), 1); return words.join(' ');
    case 'dup': { const k = idx(m.i, words.length); words.splice(k, 0, words[k]); return words.join(' '); }
    case 'swap': { const a = idx(m.i, words.length), b = idx(m.j, words.length); [words[a], words[b]] = [words[b], words[a]]; return words.join(' '); }
    case 'flip': { const k = Math.min(at(m.at), Math.max(0, line.length - 1)); return line.slice(0, k) + m.ch + line.slice(k + 1); }
    case 'insert': return line.slice(0, at(m.at)) + m.s + line.slice(at(m.at));
    case 'number': words[idx(m.i, words.length)] = m.s; return words.join(' ');
    case 'long': return m.n % 2 ? line + ' ' + m.s.repeat(m.n) : m.s.repeat(m.n) + line;
    case 'qmark': return line.slice(0, at(m.at)) + '?' + line.slice(at(m.at));
    case 'pipe': return line + m.s;
    case 'quote': return line.slice(0, at(m.at)) + '"' + line.slice(at(m.at));
    case 'tabs': return line.replace(/ /g, '\t');
    case 'indent': return m.s + line;
    case 'case': { const k = idx(m.i, words.length); words[k] = words[k] === words[k].toUpperCase() ? words[k].toLowerCase() : words[k].toUpperCase(); return words.join(' '); }
  }
}

const lineArbs = new Map<Mode, fc.Arbitrary<string>>();

/** the fuzzer's lines for a mode: valid, mutated valid, word salad, raw noise */
export function lineArb(mode: Mode): fc.Arbitrary<string> {
  let a = lineArbs.get(mode);
  if (!a) {
    const valid = validLineArb(mode);
    const mutated = fc.tuple(valid, fc.array(mutationArb, { minLength: 1, maxLength: 3 }))
      .map(([l, ms]) => ms.reduce(mutate, l));
    const salad = fc.array(fc.constantFrom(...VOCAB), { minLength: 1, maxLength: 8 }).map((w) => w.join(' '));
    const noise = oneOfW<string>(
      [3, fc.string({ unit: 'grapheme-ascii', maxLength: 60 })],
      [2, fc.string({ unit: 'grapheme', maxLength: 40 })],
      [1, fc.string({ unit: 'binary', maxLength: 40 })],
      [1, fc.constantFrom('', ' ', '?', ' ?', '??', '!', ':', '|', '"', '""', 'no', 'no ?', 'do', 'exit', 'end', '\t', '\x00', 'ASA Version 9.8', 'Cryptochecksum:0')],
    );
    a = oneOfW<string>([3, valid], [5, mutated], [1, salad], [1, noise]).filter((l) => !isSideEffectLine(l));
    lineArbs.set(mode, a);
  }
  return a;
}

/** the commands kept out of lineArb, valid or lightly mutated, for a world on a temp state dir */
export function sideEffectLineArb(): fc.Arbitrary<string> {
  const ds = modeDecls('priv').filter((d) => SIDE_EFFECT_KINDS.includes(d.kind) || d.kind === 'x.write');
  const valid = fc.oneof(...ds.map(declArb));
  return oneOfW<string>([3, valid], [1, fc.tuple(valid, mutationArb).map(([l, m]) => mutate(l, m))]);
}

// ---------------------------------------------------------------------------------------------
// The properties of one line

const ASA_MESSAGE = [/^ERROR: /, /^WARNING: /, /^INFO: /, /^Removing .* not allowed/, /^Command authorization failed$/, /^Invalid password$/];

export interface LineReport { rejected: boolean; violation?: string }

/** run one line; returns whether it was rejected and the first property it broke */
/**
 * `relaxed`: only "nothing escapes, the model still renders" (side-effect commands, whose
 * rejections may follow changes made outside the apply path, e.g. a partial `copy … running-config`)
 */
export async function probeLine(w: World, p: Probe, raw: string, lastRender: { text?: string }, opts: { renderAll?: boolean; relaxed?: boolean } = {}): Promise<LineReport> {
  const { sh } = p;
  if (sh.mode !== p.mode || sh.frames.length !== p.base.length) sh.restore({ frames: p.base, level: p.baseLevel });
  const model = () => w.app.config.model;
  const before = lastRender.text ?? renderBody(model(), { secrets: true }).join('\n');
  // Tab on the same text, as typed so far (the cursor at its end): it reads the model only
  try {
    complete(sh, raw);
  } catch (e) {
    return { rejected: false, violation: `Tab completion threw: ${(e as Error)?.stack ?? e}` };
  }
  p.out.length = 0;
  p.io.promptWidth = sh.prompt().length + 1;
  const promptWidth = p.io.promptWidth;
  let outcome;
  try {
    const r = sh.line(raw, p.io);
    outcome = r instanceof Promise ? await r : r;
  } catch (e) {
    lastRender.text = undefined;
    return { rejected: true, violation: `exception escaped Interpreter.line: ${(e as Error)?.stack ?? e}` };
  }
  const errorShown = p.out.some((l) => typeof l === 'string' && l.startsWith('ERROR:'));
  const rejected = !!outcome?.error || errorShown;
  let after: string;
  try {
    after = renderBody(model(), { secrets: true }).join('\n');
    if (opts.renderAll) { renderBody(model(), { all: true }); renderFull(model(), w.app.identity(), {}); }
  } catch (e) {
    lastRender.text = undefined;
    return { rejected, violation: `render threw after ${rejected ? 'a rejected' : 'an accepted'} line: ${(e as Error)?.stack ?? e}` };
  }
  lastRender.text = after;
  if (opts.relaxed) return { rejected };
  if (/undefined|object|NaN/i.test(raw)) p.tainted = true;
  for (const l of p.out) {
    if (typeof l !== 'string') return { rejected, violation: `printed a non-string: ${String(l)}` };
    if (/\bundefined\b|\[object Object\]|\bNaN\b/.test(l) && !p.tainted) return { rejected, violation: `printed a line with a programming artefact: ${JSON.stringify(l)}` };
  }
  if (rejected) {
    for (const l of p.out) {
      const caret = /^( *)\^$/.exec(l);
      if (caret) {
        const k = caret[1].length - promptWidth;
        if (k < 0 || k > raw.length) return { rejected, violation: `caret at column ${caret[1].length} is not under the input (prompt width ${promptWidth}, ${raw.length} chars)` };
        if (k < raw.length && /[ \t]/.test(raw[k])) return { rejected, violation: `caret at column ${caret[1].length} points at white space (input index ${k})` };
        continue;
      }
      if (!ASA_MESSAGE.some((re) => re.test(l))) return { rejected, violation: `rejected line printed a non-ASA message: ${JSON.stringify(l)}` };
    }
    if (after !== before) return { rejected, violation: `rejected line changed the model:\n${diff(before, after)}` };
  }
  return { rejected };
}

function diff(a: string, b: string): string {
  const x = a.split('\n'), y = b.split('\n');
  const out: string[] = [];
  for (const l of x) if (!y.includes(l)) out.push(`- ${l}`);
  for (const l of y) if (!x.includes(l)) out.push(`+ ${l}`);
  return out.slice(0, 20).join('\n') || '(order changed)';
}
