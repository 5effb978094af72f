// `logging` in global configuration mode: the commands headend interprets (the master switch, the
// timestamp, the buffer and its size, the console and trap levels). The other `logging` words an ASA
// has (asdm, host, facility, class, message, list, ...) are kept verbatim (grammar/passthrough.ts).
// Severity names and numbers as ASA's `logging trap ?` lists them.
import { decl, int, type Mode } from './syntax.ts';

const C: Mode[] = ['config'];

/** syslog severities 0–7, by ASA's name */
export const SEVERITIES = ['emergencies', 'alerts', 'critical', 'errors', 'warnings', 'notifications', 'informational', 'debugging'] as const;
export type Severity = typeof SEVERITIES[number];

const levelHelp = {
  emergencies: 'System is unusable (severity=0)', alerts: 'Immediate action needed (severity=1)', critical: 'Critical conditions (severity=2)',
  errors: 'Error conditions (severity=3)', warnings: 'Warning conditions (severity=4)', notifications: 'Normal but significant conditions (severity=5)',
  informational: 'Informational messages (severity=6)', debugging: 'Debugging messages (severity=7)',
};
const LEVEL = int(0, 7, 'Enter syslog level (0 - 7)');
const level = `{${SEVERITIES.join(' | ')} | LEVEL}` as const;
const logging_ = 'Configure logging levels, recipients and other options';

export const logging = {
  enable: decl({ kind: 'lg.enable', syntax: 'logging enable', modes: C,
    help: { logging: logging_, enable: 'Enable logging to all configured output locations' } }),
  timestamp: decl({ kind: 'lg.timestamp', syntax: 'logging timestamp', modes: C,
    help: { logging: logging_, timestamp: 'Enable logging timestamps on syslog messages' } }),
  bufferSize: decl({ kind: 'lg.buffer-size', syntax: 'logging buffer-size BYTES', modes: C, noUpTo: 2, dflt: 'logging buffer-size 4096',
    args: { BYTES: int(4096, 1048576, 'Enter the size of the internal log buffer in bytes') },
    help: { logging: logging_, 'buffer-size': 'Specify the size of the circular buffer for logging to the internal buffer' } }),
  console: decl({ kind: 'lg.console', syntax: `logging console ${level}`, modes: C, noUpTo: 2, args: { LEVEL },
    help: { logging: logging_, console: 'Set the logging level for the console', ...levelHelp } }),
  buffered: decl({ kind: 'lg.buffered', syntax: `logging buffered ${level}`, modes: C, noUpTo: 2, args: { LEVEL },
    help: { logging: logging_, buffered: 'Set the logging level for the internal buffer', ...levelHelp } }),
  trap: decl({ kind: 'lg.trap', syntax: `logging trap ${level}`, modes: C, noUpTo: 2, args: { LEVEL },
    help: { logging: logging_, trap: 'Set the logging level for syslog servers', ...levelHelp } }),
};

export const loggingDecls = Object.values(logging);
