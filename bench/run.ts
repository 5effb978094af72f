// npm run bench: every benchmark, each with its figures and a ratio against a baseline measured in
// the same run. The default prints every figure of the issue (sessiondb and held sessions up to
// 10,000); `--quick` runs small sizes, `--long` also the 1,000,000-line fuzz.
import { benchPaste } from './paste.ts';

const long = process.argv.includes('--long');
const quick = process.argv.includes('--quick');
console.log(`headend benchmarks, ${new Date().toISOString()}${long ? ' (long)' : ''}`);
await benchPaste(100_000);
// issue 12.6: the same kind of paste through the console of a whole process and through OpenSSH
{
  const { benchPasteTransports } = await import('./paste-transports.ts');
  await benchPasteTransports(quick ? 20_000 : 110_000, 3);
}
// reliability benches (bench/README.md): dynamic imports keep this list append-only
{
  const { benchFuzz } = await import('./fuzz.ts');
  const { benchHelpLatency } = await import('./help-latency.ts');
  const { benchColdStart } = await import('./cold-start.ts');
  await benchFuzz(long ? 1_000_000 : 100_000);
  await benchHelpLatency(long ? 1000 : 300);
  await benchColdStart(long ? 9 : 5);
}
// SSH: a 100,000-line paste and keystroke echo, beside the same work in-process
{
  const { benchSsh } = await import('./ssh.ts');
  await benchSsh(100_000, long ? 2000 : 500);
}
// abuse bench (issue 11): RSS of a headend child under hostile peers, loop stall under hostile filters
{
  const { benchAbuse } = await import('./abuse.ts');
  await benchAbuse(quick);
}
// gateway benches last: ocserv at 10,000 sessions loads the machine for a while (bench/README.md): vpn-sessiondb at scale, and the gateway against ocserv
{
  const { benchSessiondb } = await import('./sessiondb.ts');
  const { benchGatewayVsOcserv } = await import('./gateway-vs-ocserv.ts');
  await benchSessiondb(quick ? 2000 : 10_000, 100);
  // `--budget-min N` bounds the gateway bench (default 100 min): ocserv may need longer than that for 10,000
  const b = process.argv.indexOf('--budget-min');
  const budget = b > 0 ? { budgetMin: Number(process.argv[b + 1]) } : {};
  await benchGatewayVsOcserv(quick ? { steps: [1000], holdSec: 10, rateSessions: 300, ...budget } : budget);
}
// traffic through the tunnel (issue 13): headend's forwarding plane against ocserv, iperf3 in namespaces
{
  const { benchThroughput } = await import('./throughput.ts');
  await benchThroughput(quick ? { sec: 3, tunnels: [1, 3], held: 20 } : {});
}
// AAA servers (issue 14): logins/s through RADIUS (FreeRADIUS) and LDAP (slapd) beside LOCAL
{
  const { benchAaaServers } = await import('./aaa-servers.ts');
  await benchAaaServers(quick ? 500 : 2000);
}
// the vpn-filter packet filter on raw packets (issue 13 item 2)
{
  const { benchAclFilter } = await import('./acl-filter.ts');
  await benchAclFilter(quick ? 500_000 : 2_000_000);
}
// VPN load balancing (issue 15): three members on one Redis against one standalone headend
{
  const { benchCluster } = await import('./cluster.ts');
  await benchCluster(quick ? 150 : 600);
}
process.exit(0);
