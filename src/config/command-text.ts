// A parsed command back to its canonical text: full keywords, normalised arguments. This is how
// every attribute line of `show running-config` is produced, so render → parse → render holds.
import type { Command } from '../../grammar/matcher.ts';

export function commandText(cmd: Command): string {
  let s = cmd.no ? 'no' : '';
  for (const p of cmd.path) {
    const w = 'kw' in p ? p.kw : p.text;
    s = s ? `${s} ${w}` : w;
  }
  return s;
}
