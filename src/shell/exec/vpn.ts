// vpn-sessiondb and webvpn show commands. Session data comes from the gateway's narrow VpnService
// as records; the texts are made in src/shell/show/.
import { exec as X } from '../../../grammar/exec.ts';
import { webvpn as W } from '../../../grammar/webvpn.ts';
import { run, type ExecBinding, type ExecContext } from '../commands/binding.ts';
import { printAll } from './index.ts';
import { dirDate } from './files.ts';
import { formatLogoff, formatVpnSessiondb, LOGOFF_CONFIRM } from '../show/vpn-sessiondb.ts';
import { formatWebvpnCertificate } from '../show/webvpn-certificate.ts';
import { formatVpnLoadBalancing } from '../show/vpn-load-balancing.ts';
import { tunnelGroup as TG } from '../../../grammar/tunnel-group.ts';
import { sessionLimits } from '../../config/session-limits.ts';

const NONE = 'INFO: There are presently no active sessions of the type specified';

export function sslVpnEnabled(ctx: ExecContext): boolean {
  const w = ctx.app.config.model.webvpn;
  return !!w.get(W.anyconnectEnable) && w.all(W.enable).length > 0;
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

export const vpnExec: ExecBinding[] = [
  run(X.showVpnSessiondb, async (c, ctx, io) => {
    const view = c.kws.has('summary') ? 'summary' : c.kws.has('detail') ? 'detail' : c.kws.has('ratio') ? 'ratio' : c.kws.has('anyconnect') ? 'anyconnect' : 'all';
    const vpn = ctx.app.vpn;
    if (!vpn) { io.print(NONE); return; }
    // in a cluster, every member's sessions (the local ones alone when Redis does not answer in time)
    const clustered = await ctx.app.cluster?.sessions();
    const sessions = clustered ?? vpn.sessions();
    // and the cluster's counters beside them (an ASA's are its own: its session database is too)
    const stats = (clustered && ctx.app.cluster?.stats()) || vpn.stats();
    // the device's platform limit; the cluster's is its members' capacities together
    const capacity = clustered && ctx.app.cluster ? ctx.app.cluster.status().members.reduce((a, m) => a + m.capacity, 0)
      : sessionLimits(ctx.app.config.model).platform;
    await printAll(io, formatVpnSessiondb(view, sessions, stats, { now: new Date(), capacity }, c.args.USER));
  }),
  run(X.showVpnLoadBalancing, (_c, ctx, io) => {
    io.print(...formatVpnLoadBalancing(ctx.app.cluster?.status()));
  }),
  run(X.vpnLogoff, async (c, ctx, io) => {
    if (!c.kws.has('noconfirm') && !(await io.confirm(LOGOFF_CONFIRM))) return;
    const { USER: name, INDEX: index, TG: tunnelGroup } = c.args;
    const filter = name !== undefined ? { name } : index !== undefined ? { index }
      : tunnelGroup !== undefined ? { tunnelGroup } : { all: true as const };
    // in a cluster, the member holding a session ends it, wherever the command was typed
    const n = ctx.app.cluster ? await ctx.app.cluster.logoff(filter, 'Administrator Reset')
      : ctx.app.vpn ? ctx.app.vpn.logoff(filter, 'Administrator Reset') : 0;
    // none matched (a name not logged in, an index no member holds): the count line with 0, not the
    // "no active sessions" line of `show`. Cisco's own automation sample reads it so: CiscoDevNet/
    // nso-wrangler, poller/poller.py, logoffUser(), takes `"USER" logged off : 0` as "No session active"
    io.print(formatLogoff(filter, n));
  }),
  run(X.showWebvpnAnyconnect, (_c, ctx, io) => {
    if (!sslVpnEnabled(ctx)) { io.print('SSL VPN is not enabled'); return; }
    const images = ctx.app.config.model.webvpn.all(W.image).sort((a, b) => (a.args.ORDER ?? 0) - (b.args.ORDER ?? 0));
    images.forEach((img, i) => {
      const path = String(img.args.PATH);
      const info = imageInfo(path);
      const dir = ctx.app.flash.list(path.replace(/[^/]*$/, ''));
      const entry = dir.find((e) => path.endsWith('/' + e.name));
      io.print(`${i + 1}. ${path} ${img.args.ORDER} dyn-regex=${img.args.REGEX ?? info.regex}`, `  CISCO STC ${info.platform}`, `  ${info.version}`,
        `  ${entry ? dirDate(entry.mtime) : ''}`, '');
    });
    io.print(`${images.length} AnyConnect Client(s) installed`);
  }),
  run(X.showWebvpnGroupAlias, (c, ctx, io) => {
    for (const t of ctx.app.config.model.tunnelGroups.values()) {
      if (c.args.TG && t.name !== c.args.TG) continue;
      for (const a of t.webvpn.all(TG.webvpnGroupAlias)) {
        io.print(`Tunnel Group: ${t.name}   Group Alias: ${a.args.ALIAS} ${a.kws.has('enable') ? 'enabled' : 'disabled'}`);
      }
    }
  }),
  run(X.showWebvpnCertificate, (_c, ctx, io) => {
    if (!ctx.app.vpn) { io.print('SSL VPN is not enabled'); return; }
    io.print(...formatWebvpnCertificate(ctx.app.vpn.certificate()));
  }),
  run(X.showTranslation, (_c, ctx, io) => {
    const t = ctx.app.translations?.list() ?? { templates: [], tables: [] };
    io.print("Translation Tables' Templates:", ...t.templates.map((x) => `  ${x}`), '', 'Translation Tables:', ...t.tables.map((x) => `  ${x.lang.padEnd(8)} ${x.domain}`));
  }),
  run(X.exportTranslation, async (c, ctx, io) => {
    if (!ctx.app.translations) { io.print('ERROR: Translation tables are not available'); return 'error'; }
    const n = await ctx.app.translations.exportTable(c.args.DOMAIN, c.kws.has('template') ? undefined : c.args.LANG, c.args.URL);
    io.print('!'.repeat(Math.max(1, Math.ceil(n / 4096))));
  }),
  run(X.importTranslation, async (c, ctx, io) => {
    if (!ctx.app.translations) { io.print('ERROR: Translation tables are not available'); return 'error'; }
    await ctx.app.translations.importTable(c.args.DOMAIN, c.args.LANG, c.args.URL);
    io.print('!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!');
  }),
  run(X.revertTranslation, (c, ctx, io) => {
    if (!ctx.app.translations?.revert(c.args.DOMAIN, c.args.LANG)) {
      io.print(`ERROR: Translation table ${c.args.DOMAIN} language ${c.args.LANG} does not exist`);
      return 'error';
    }
  }),
];
