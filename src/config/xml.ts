// Profiles must be well-formed XML before they are loaded (fast-xml-parser's validator).
import { XMLValidator } from 'fast-xml-parser';

export function xmlWellFormed(text: string): string | undefined {
  const r = XMLValidator.validate(text);
  return r === true ? undefined : `${r.err.msg} (line ${r.err.line})`;
}
