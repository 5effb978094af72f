// The load generator as its own process, for benchmarks whose server runs in the calling process
// (bench/sessiondb.ts): 10,000 client sockets and 10,000 server sockets do not fit one fd limit.
//
//   node --import tsx bench/loadgen/cli.ts --port P [--host 127.0.0.1] --sessions N [--from 0]
//        [--concurrency 64] [--password PW] [--group LABEL] [--keepalive S]
//
// Users are lg00000, lg00001, … (servers.ts userName). Prints one JSON object per line on stdout:
// {"event":"established",…RunResult,"live":N} once the sessions are up, then answers commands read
// from stdin, one per line: `status` → {"event":"status","live":N,"ended":{…},"counters":{…}},
// `wait-empty MS` → {"event":"empty","ms":…} when every tunnel has ended (or {"event":"timeout"}),
// `logoff` → {"event":"logged-off","n":N}, `exit` → exits (dropping whatever is left).
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { LoadGen } from './index.ts';
import { userName } from './servers.ts';

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string' },
    sessions: { type: 'string', default: '100' },
    from: { type: 'string', default: '0' },
    concurrency: { type: 'string', default: '64' },
    password: { type: 'string', default: 'bench-pass' },
    group: { type: 'string' },
    keepalive: { type: 'string', default: '0' },
  },
});

const say = (o: object): void => { process.stdout.write(JSON.stringify(o) + '\n'); };

const lg = new LoadGen({
  host: values.host!, port: Number(values.port), group: values.group,
  concurrency: Number(values.concurrency), keepaliveSec: Number(values.keepalive),
  credentials: (i) => ({ user: userName(i), password: values.password! }),
});
const r = await lg.establish(Number(values.sessions), Number(values.from));
say({ event: 'established', ...r, live: lg.live.size });

const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const [cmd, arg] = line.trim().split(/\s+/);
  if (cmd === 'status') say({ event: 'status', live: lg.live.size, ended: lg.ended, counters: lg.counters() });
  else if (cmd === 'wait-empty') {
    const t0 = performance.now();
    const limit = Number(arg ?? 60_000);
    const poll = setInterval(() => {
      const ms = performance.now() - t0;
      if (lg.live.size === 0) { clearInterval(poll); say({ event: 'empty', ms }); } else if (ms > limit) { clearInterval(poll); say({ event: 'timeout', live: lg.live.size }); }
    }, 5);
  } else if (cmd === 'logoff') void lg.logoffAll().then((n) => say({ event: 'logged-off', n }));
  else if (cmd === 'exit') { lg.close(); process.exit(0); }
});
rl.on('close', () => { lg.close(); process.exit(0); });
