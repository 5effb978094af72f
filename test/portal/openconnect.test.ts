// What the real openconnect (9.01) receives from a CLI-configured product: the profile manifest in
// the auth `complete` reply and the profile at the path it names (openconnect -x), the custom
// attributes (deferred update, DSCP, the ZTA dynamic-split-exclude-domains of seed 002) in
// X-CSTP-Post-Auth-XML, which openconnect hands its script as CISCO_CSTP_OPTIONS, and the group's
// modules, in the reply's core manifest and in `show vpn-sessiondb detail anyconnect`.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { killOpenConnects, startOpenConnect } from '../helpers/openconnect.ts';
import { FIXTURES, fakePackage, startProduct, uniqueListener, type Product } from './helpers.ts';

const L = uniqueListener(62);
const WIN = 'cisco-secure-client-win-5.1.2.42-webdeploy-k9.pkg';
const LINUX = 'cisco-secure-client-linux64-5.1.2.42-webdeploy-k9.pkg';
const PROFILE = fs.readFileSync(path.join(FIXTURES, 'sales_hosts.xml'));
const ZTA_DOMAINS = ['ztna.sse.cisco.com', 'acme.sse.cisco.com', 'devices.api.umbrella.com', 'zpc.sse.cisco.com',
  'sseposture-routing-commercial.k8s.5c10.org', 'sseposture-routing-commercial.posture.duosecurity.com'];
const MODULES = 'vpngina,dart,nam,posture,iseposture,nvm,umbrella,zta';

const config = `configure terminal
interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address ${L.address} 255.255.255.0
ip local pool sales_pool 198.51.100.60-198.51.100.70 mask 255.255.255.0
webvpn
 port ${L.port}
 enable outside
 anyconnect image disk0:/${WIN} 1
 anyconnect image disk0:/${LINUX} 2
 anyconnect profiles sales disk0:/sales_hosts.xml
 anyconnect enable
 anyconnect-custom-attr DeferredUpdateAllowed description Indicates if the deferred update feature is enabled or not
 anyconnect-custom-attr DeferredUpdateMinimumVersion
 anyconnect-custom-attr DeferredUpdateDismissTimeout
 anyconnect-custom-attr DeferredUpdateDismissResponse
 anyconnect-custom-attr DSCPPreservationAllowed description Set to control Differentiated Services Code Point (DSCP) on Windows or OS X platforms for DTLS connections only.
 anyconnect-custom-attr dynamic-split-exclude-domains description FQDN split tunneling exclude
anyconnect-custom-data DeferredUpdateAllowed def-allowed true
anyconnect-custom-data DeferredUpdateMinimumVersion def-min 4.10.0
anyconnect-custom-data DeferredUpdateDismissTimeout def-timeout 150
anyconnect-custom-data DeferredUpdateDismissResponse def-response defer
anyconnect-custom-data DSCPPreservationAllowed dscp-off false
anyconnect-custom-data dynamic-split-exclude-domains zta-sse ${ZTA_DOMAINS.slice(0, 3).join(',')},
anyconnect-custom-data dynamic-split-exclude-domains zta-sse ${ZTA_DOMAINS.slice(3).join(',')}
group-policy sales internal
group-policy sales attributes
 vpn-tunnel-protocol ssl-client
 address-pools value sales_pool
 anyconnect-custom DeferredUpdateAllowed value def-allowed
 anyconnect-custom DeferredUpdateMinimumVersion value def-min
 anyconnect-custom DeferredUpdateDismissTimeout value def-timeout
 anyconnect-custom DeferredUpdateDismissResponse value def-response
 anyconnect-custom DSCPPreservationAllowed value dscp-off
 anyconnect-custom dynamic-split-exclude-domains value zta-sse
 webvpn
  anyconnect profiles value sales type vpn
  anyconnect modules value ${MODULES}
username lee password LeePass-1
username lee attributes
 vpn-group-policy sales
end`;

let p: Product;
let pin: string;

beforeAll(async () => {
  p = await startProduct(config, { [WIN]: fakePackage(WIN), [LINUX]: fakePackage(LINUX), 'sales_hosts.xml': PROFILE, 'bad.xml': fs.readFileSync(path.join(FIXTURES, 'bad-profile.xml')) });
  pin = p.app.vpn!.certPin();
}, 60_000);

afterEach(async () => { await killOpenConnects(); });
afterAll(async () => { await p?.stop(); }, 30_000);

/** the body of the auth `complete` reply in openconnect's --dump-http-traffic output */
function completeReply(output: string): string {
  const lines = output.split('\n').filter((l) => l.startsWith('< '));
  const text = lines.map((l) => l.slice(2)).join('\n');
  const start = text.indexOf('<config-auth client="vpn" type="complete"');
  expect(start).toBeGreaterThanOrEqual(0);
  return text.slice(start, text.indexOf('</config-auth>', start));
}

describe('openconnect against the configured product', () => {
  it('gets the profile manifest and downloads the profile with -x; custom attributes and modules reach it', async () => {
    const file = path.join(p.dir, 'downloaded-profile.xml');
    const oc = await startOpenConnect({ url: `${p.url}/`, pin, user: 'lee', password: 'LeePass-1', extraArgs: ['-x', file, '--dump-http-traffic'] });
    await oc.waitFor(/Configured as 198\.51\.100\.6\d/, 30_000);
    const env = await oc.tun!.env;

    // the profile manifest, and the profile fetched at the path it names
    const reply = completeReply(oc.output);
    const sha1 = createHash('sha1').update(PROFILE).digest('hex').toUpperCase();
    expect(reply).toContain(`<vpn-profile-manifest><vpn rev="1.0">`);
    expect(reply).toContain(`<file type="profile" service-type="user"><uri>/CACHE/stc/profiles/sales.xml</uri><hash type="sha1">${sha1}</hash></file>`);
    expect(oc.output).toMatch(/GET \/CACHE\/stc\/profiles\/sales\.xml(:\d+)? HTTP\/1\.1/);
    expect(oc.output).toContain('Downloaded new XML profile');
    expect(fs.readFileSync(file).equals(PROFILE)).toBe(true);

    // the package for openconnect's OS (linux-64) and the group's modules in the core manifest
    expect(reply).toContain('<base-package-uri>/CACHE/stc/2</base-package-uri>');
    expect(reply).toContain('<vpn-client-pkg-version><pkgversion>5,1,2,42</pkgversion></vpn-client-pkg-version>');
    expect(reply).toContain(`<uri>binaries/${LINUX}</uri>`);
    for (const m of MODULES.split(',')) expect(reply).toContain(`id="${m}" is_core="no"`);

    // custom attributes: in the reply's opaque block, and in X-CSTP-Post-Auth-XML, which openconnect
    // exports to its script as part of CISCO_CSTP_OPTIONS
    const attrs = {
      DeferredUpdateAllowed: 'true',
      DeferredUpdateMinimumVersion: '4.10.0',
      DeferredUpdateDismissTimeout: '150',
      DeferredUpdateDismissResponse: 'defer',
      DSCPPreservationAllowed: 'false',
      // the two custom-data lines of one name are concatenated
      'dynamic-split-exclude-domains': ZTA_DOMAINS.join(','),
    };
    const opts = env.CISCO_CSTP_OPTIONS;
    const postAuth = opts.split('\n').find((l) => l.startsWith('X-CSTP-Post-Auth-XML='));
    expect(postAuth).toBeDefined();
    expect(postAuth).toContain('<config client="vpn" type="private"><opaque is-for="vpn-client"><custom-attr>');
    for (const [k, v] of Object.entries(attrs)) {
      const xml = `<${k}><![CDATA[${v}]]></${k}>`;
      expect(reply).toContain(xml);
      expect(postAuth).toContain(xml);
    }
    for (const m of MODULES.split(',')) expect(postAuth).toContain(`id="${m}" is_core="no"`);
    // openconnect logs that it received the header (its value elided: it may carry the cookie)
    expect(oc.output).toContain('X-CSTP-Post-Auth-XML: <elided>');

    const detail = (await p.shell.run('show vpn-sessiondb detail anyconnect filter name lee')).join('\n');
    expect(detail).toMatch(new RegExp(`^  Modules      : ${MODULES}$`, 'm'));
    expect(detail).toMatch(/^Group Policy : sales/m);
  }, 90_000);

  it('a Windows client (--os=win) is advertised the Windows image', async () => {
    const oc = await startOpenConnect({ url: `${p.url}/`, pin, user: 'lee', password: 'LeePass-1', authenticateOnly: true, extraArgs: ['--os=win', '--dump-http-traffic'] });
    expect((await oc.waitExit(30_000)).code).toBe(0);
    const reply = completeReply(oc.output);
    expect(reply).toContain('<base-package-uri>/CACHE/stc/1</base-package-uri>');
    expect(reply).toContain(`<file version="5.1.2.42" id="VPNCore" is_core="yes" type="pkg" action="install" os="win"><uri>binaries/${WIN}</uri>`);
  }, 60_000);

  it('dir cache:/stc/profiles lists the loaded profile; a profile that is not well-formed XML is refused', async () => {
    const dir = (await p.shell.run('dir cache:/stc/profiles')).filter((l) => l.trim());
    expect(dir[0], dir.join('\n')).toBe('Directory of cache:stc/profiles/');
    expect(dir.some((l) => new RegExp(`^\\s*0\\s+----\\s+${PROFILE.length}\\s+.*\\ssales\\.xml$`).test(l))).toBe(true);

    const out = await p.shell.feed('configure terminal\nwebvpn\nanyconnect profiles broken disk0:/bad.xml\nend');
    expect(out).toMatch(/^ERROR: disk0:\/bad\.xml is not a valid AnyConnect profile: /m);
    expect(p.app.config.model.webvpn.all('w.profile').map((x) => x.args.NAME)).toEqual(['sales']);
    expect((await p.shell.run('dir cache:/stc/profiles')).join('\n')).not.toContain('broken');
  }, 30_000);
});

describe('anyconnect-custom-data values', () => {
  const bad: [string, string][] = [
    ['DeferredUpdateAllowed', 'True'],
    ['DeferredUpdateAllowed', 'yes'],
    ['DeferredUpdateMinimumVersion', '4.10'],
    ['DeferredUpdateMinimumVersion', 'v4.10.0'],
    ['DeferredUpdateDismissTimeout', '301'],
    ['DeferredUpdateDismissTimeout', '-1'],
    ['DeferredUpdateDismissTimeout', 'none'],
    ['DeferredUpdateDismissResponse', 'Update'],
    ['DeferredUpdateDismissResponse', 'later'],
    ['DSCPPreservationAllowed', 'FALSE'],
  ];
  it.each(bad)('%s %s is refused with ERROR: and changes nothing', async (type, value) => {
    const before = p.app.config.model.customData.get(type)?.get('x1');
    const out = await p.shell.feed(`configure terminal\nanyconnect-custom-data ${type} x1 ${value}\nend`);
    expect(out).toContain(`ERROR: Invalid value "${value}" for custom attribute ${type}. Valid values: `);
    expect(p.app.config.model.customData.get(type)?.get('x1')).toEqual(before);
  }, 20_000);

  it('the documented values are accepted, case-sensitively, and show in the running-config', async () => {
    const good = ['DeferredUpdateAllowed x2 false', 'DeferredUpdateMinimumVersion x2 0.0.0', 'DeferredUpdateDismissTimeout x2 0',
      'DeferredUpdateDismissTimeout x3 300', 'DeferredUpdateDismissResponse x2 update', 'DSCPPreservationAllowed x2 true'];
    const out = await p.shell.feed(['configure terminal', ...good.map((g) => `anyconnect-custom-data ${g}`), 'end'].join('\n'));
    expect(out).not.toContain('ERROR');
    const run = (await p.shell.run('show running-config anyconnect-custom-data')).join('\n');
    for (const g of good) expect(run).toContain(`anyconnect-custom-data ${g}`);
  }, 20_000);
});
