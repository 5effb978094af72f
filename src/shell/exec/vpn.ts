// vpn-sessiondb and webvpn show commands. Session data comes from the gateway's narrow VpnService
// as records; the texts are made in src/shell/show/.
import { printAll, type ExecFn } from './index.ts';
import type { Interpreter } from '../interpreter.ts';
import { dirDate } from './files.ts';
import { formatVpnSessiondb } from '../show/vpn-sessiondb.ts';
import { formatWebvpnCertificate } from '../show/webvpn-certificate.ts';

const NONE = 'INFO: There are presently no active sessions of the type specified';

export function sslVpnEnabled(sh: Interpreter): boolean {
  const w = sh.app.config.model.webvpn;
  return !!w.get('w.anyconnect-enable') && w.all('w.enable').length > 0;
}

function imageInfo(path: string): { platform: string; regex: string; version: string } {
  const f = path.toLowerCase();
  const v = /(\d+)\.(\d+)\.(\d+)/.exec(f);
  const version = v ? `${v[1]},${v[2]},${v[3]}` : 'unknown';
  if (/win/.test(f)) return { platform: 'win2k+', regex: '/Windows/', version };
  if (/mac|darwin/.test(f)) return { platform: 'Darwin_i386', regex: '/Mac OS X/', version };
  if (/linux/.test(f)) return { platform: /64/.test(f) ? 'linux-64' : 'linux', regex: '/Linux/', version };
  return { platform: 'unknown', regex: '/.*/', version };
}

export const vpnExec: Record<string, ExecFn> = {
  'x.show-vpn-sessiondb': (c, sh, io) => {
    const view = c.kws.has('summary') ? 'summary' : c.kws.has('detail') ? 'detail' : c.kws.has('ratio') ? 'ratio' : c.kws.has('anyconnect') ? 'anyconnect' : 'all';
    const vpn = sh.app.vpn;
    if (!vpn) { io.print(NONE); return; }
    printAll(io, formatVpnSessiondb(view, vpn.sessions(), vpn.stats(), { now: new Date() }, c.args.USER));
  },
  'x.vpn-logoff': async (c, sh, io) => {
    if (!c.kws.has('noconfirm') && !(await io.confirm('Do you want to logoff the VPN session(s)? [confirm]'))) return;
    const filter = c.kws.has('name') ? { name: c.args.USER as string }
      : c.kws.has('index') ? { index: c.args.INDEX as number }
        : c.kws.has('tunnel-group') ? { tunnelGroup: c.args.TG as string } : { all: true as const };
    const n = sh.app.vpn ? sh.app.vpn.logoff(filter, 'Administrator Reset') : 0;
    if (n === 0) { io.print(NONE); return; }
    if ('name' in filter) io.print(`INFO: Number of sessions with name "${filter.name}" logged off : ${n}`);
    else io.print(`INFO: Number of sessions logged off : ${n}`);
  },
  'x.show-webvpn-anyconnect': (_c, sh, io) => {
    if (!sslVpnEnabled(sh)) { io.print('SSL VPN is not enabled'); return; }
    const images = sh.app.config.model.webvpn.all('w.image').sort((a, b) => a.args.ORDER - b.args.ORDER);
    images.forEach((img, i) => {
      const path = String(img.args.PATH);
      const info = imageInfo(path);
      const dir = sh.app.flash.list(path.replace(/[^/]*$/, ''));
      const entry = dir.find((e) => path.endsWith('/' + e.name));
      io.print(`${i + 1}. ${path} ${img.args.ORDER} dyn-regex=${img.args.REGEX ?? info.regex}`, `  CISCO STC ${info.platform}`, `  ${info.version}`,
        `  ${entry ? dirDate(entry.mtime) : ''}`, '');
    });
    io.print(`${images.length} AnyConnect Client(s) installed`);
  },
  'x.show-webvpn-group-alias': (c, sh, io) => {
    for (const t of sh.app.config.model.tunnelGroups.values()) {
      if (c.args.TG && t.name !== c.args.TG) continue;
      for (const a of t.webvpn.all('tw.group-alias')) {
        io.print(`Tunnel Group: ${t.name}   Group Alias: ${a.args.ALIAS} ${a.kws.has('enable') ? 'enabled' : 'disabled'}`);
      }
    }
  },
  'x.show-webvpn-certificate': (_c, sh, io) => {
    if (!sh.app.vpn) { io.print('SSL VPN is not enabled'); return; }
    io.print(...formatWebvpnCertificate(sh.app.vpn.certificate()));
  },
  'x.show-translation': (_c, sh, io) => {
    const t = sh.app.translations?.list() ?? { templates: [], tables: [] };
    io.print("Translation Tables' Templates:", ...t.templates.map((x) => `  ${x}`), '', 'Translation Tables:', ...t.tables.map((x) => `  ${x.lang.padEnd(8)} ${x.domain}`));
  },
  'x.export-translation': async (c, sh, io) => {
    if (!sh.app.translations) { io.print('ERROR: Translation tables are not available'); return 'error'; }
    const n = await sh.app.translations.exportTable(c.args.DOMAIN, c.kws.has('template') ? undefined : c.args.LANG, c.args.URL);
    io.print('!'.repeat(Math.max(1, Math.ceil(n / 4096))));
  },
  'x.import-translation': async (c, sh, io) => {
    if (!sh.app.translations) { io.print('ERROR: Translation tables are not available'); return 'error'; }
    await sh.app.translations.importTable(c.args.DOMAIN, c.args.LANG, c.args.URL);
    io.print('!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!');
  },
  'x.revert-translation': (c, sh, io) => {
    if (!sh.app.translations?.revert(c.args.DOMAIN, c.args.LANG)) {
      io.print(`ERROR: Translation table ${c.args.DOMAIN} language ${c.args.LANG} does not exist`);
      return 'error';
    }
  },
};
