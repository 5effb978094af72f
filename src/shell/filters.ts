// Output filters on show/more/dir/write: `| include|exclude|begin|grep [-v] REGEX`.
export interface OutputFilter { kind: 'include' | 'exclude' | 'begin' | 'grep'; invert: boolean; re: RegExp }

const verbs = ['include', 'exclude', 'begin', 'grep'] as const;

export function splitFilter(text: string): { command: string; filter: OutputFilter } | { error: string } | undefined {
  if (!/^\s*(sh|sho|show|mo|mor|more|di|dir|wr|wri|writ|write)\b/i.test(text)) return undefined;
  const i = text.indexOf('|');
  if (i < 0) return undefined;
  const command = text.slice(0, i).trimEnd();
  const rest = text.slice(i + 1).trim();
  const m = /^(\S+)\s*(.*)$/.exec(rest);
  if (!m) return { error: '% Incomplete command' };
  const verb = verbs.filter((v) => v.startsWith(m[1].toLowerCase()));
  if (verb.length !== 1) return { error: `% Invalid input detected at '^' marker.` };
  let pattern = m[2];
  let invert = false;
  if (verb[0] === 'grep' && /^-v\s+/.test(pattern)) { invert = true; pattern = pattern.replace(/^-v\s+/, ''); }
  if (!pattern) return { error: '% Incomplete command' };
  let re: RegExp;
  try { re = new RegExp(pattern); } catch { return { error: `% Invalid regular expression "${pattern}"` }; }
  return { command, filter: { kind: verb[0], invert: verb[0] === 'exclude' ? true : invert, re } };
}

/** a stateful line predicate: `begin` passes everything from the first match on */
export function lineFilter(f: OutputFilter): (line: string) => boolean {
  let begun = false;
  return (line) => {
    if (f.kind === 'begin') {
      if (!begun && f.re.test(line)) begun = true;
      return begun;
    }
    return f.re.test(line) !== f.invert;
  };
}
