// `show aaa-server [GROUP]` and `test aaa-server authentication`, in ASA 9.x's words and layout
// (Cisco ASA command reference, show aaa-server and test aaa-server).
import { exec as X } from '../../../grammar/exec.ts';
import type { AaaServerRecord } from '../../app-types.ts';
import { run, type ExecBinding } from '../commands/binding.ts';
import { escapeText } from '../../text/escape.ts';
import { asaTime } from './info.ts';

/** 10:12:45 UTC Tue Dec 1 2026: ASA's clock without the milliseconds */
const when = (d: Date) => asaTime(d).replace(/\.\d{3} /, ' ');

function statusLine(r: AaaServerRecord): string {
  if (r.status === 'FAILED') return `FAILED, Server disabled at ${r.since ? when(r.since) : 'unknown'}`;
  return `ACTIVE, Last transaction at ${r.since ? when(r.since) : 'unknown'}`;
}

export function aaaServerLines(r: AaaServerRecord): string[] {
  const n = (label: string, v: number | string) => `${label.padEnd(40)}${v}`;
  return [
    `Server Group:    ${r.group}`,
    `Server Protocol: ${r.protocol}`,
    ...(r.hostname !== undefined ? [`Server Hostname: ${r.hostname}`] : []),
    `Server Address:  ${r.address}`,
    `Server port:     ${r.port}`,
    `Server status:   ${statusLine(r)}`,
    n('Number of pending requests', r.pending),
    n('Average round trip time', `${r.averageRttMs}ms`),
    n('Number of authentication requests', r.authRequests),
    n('Number of authorization requests', r.authzRequests),
    n('Number of accounting requests', r.acctRequests),
    n('Number of retransmissions', r.retransmissions),
    n('Number of accepts', r.accepts),
    n('Number of rejects', r.rejects),
    n('Number of challenges', r.challenges),
    n('Number of malformed responses', r.malformed),
    n('Number of bad authenticators', r.badAuthenticators),
    n('Number of timeouts', r.timeouts),
    n('Number of unrecognized responses', r.unrecognized),
  ];
}

export const aaaServerExec: ExecBinding[] = [
  run(X.showAaaServer, async (c, ctx, io) => {
    const group = c.args.GROUP;
    if (group !== undefined && !ctx.app.config.model.aaaServers.has(group)) {
      io.print(`ERROR: Server group ${escapeText(group)} does not exist`);
      return 'error';
    }
    await ctx.app.aaaServers.resolveNames(group);
    const rows = ctx.app.aaaServers.records(group);
    rows.forEach((r, i) => io.print(...(i ? [''] : []), ...aaaServerLines(r)));
  }),
  run(X.testAaaServer, async (c, ctx, io) => {
    const { GROUP: group, ADDR: host, USER: user, PW: password } = c.args;
    const timeout = ctx.app.aaaServers.hostTimeoutSec(group!, host!);
    // a host configured by name is shown by its address (CalebSargeant/docs, source/networking/cisco/asa.rst)
    const address = timeout !== undefined ? await ctx.app.aaaServers.hostAddress(group!, host!) ?? host! : host!;
    if (timeout !== undefined) io.print(`INFO: Attempting Authentication test to IP address <${escapeText(address)}> (timeout: ${timeout + 2} seconds)`);
    const r = await ctx.app.aaaServers.test(group!, host!, user!, password!);
    switch (r.result) {
      case 'accepted': io.print('INFO: Authentication Successful'); return;
      case 'rejected': io.print(`ERROR: Authentication Rejected: ${r.message ? escapeText(r.message) : 'AAA failure'}`); return 'error';
      case 'challenged': io.print(`ERROR: Authentication Challenged: ${escapeText(r.message)}`); return 'error';
      case 'timeout': io.print('ERROR: Authentication Server not responding: No error'); return 'error';
      case 'removed': io.print('ERROR: Authentication Server not responding: AAA Server has been removed'); return 'error';
      case 'no-group': io.print(`ERROR: Server group ${escapeText(group!)} does not exist`); return 'error';
      case 'no-host': io.print(`ERROR: Server ${escapeText(host!)} is not in server group ${escapeText(group!)}`); return 'error';
      case 'unsupported': io.print(`ERROR: The ${r.protocol} protocol cannot be tested`); return 'error';
    }
  }),
];
