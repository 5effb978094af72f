// Text a peer chose reaches `show` output and the console log: usernames typed at a VPN, portal or
// SSH login (before anyone has authenticated), the VPN client's User-Agent, its <version> and
// <device-id>. Printed byte for byte, an escape sequence in it moves the cursor or clears the
// admin's screen, and a newline starts a forged log line ("%ASA-6-113012: ... Successful").
// Every place that prints such text passes it through escapeText.
//
// What is escaped: the C0 controls (tab, newline and carriage return included), DEL, the C1
// controls (U+0080–U+009F: 8-bit CSI and friends, which a latin1-decoded header can carry), the
// Unicode line and paragraph separators, and the bidirectional overrides and isolates (text that
// displays in another order than it reads). They are shown as `\n`, `\r`, `\t`, `\x1b`, `\x9b`,
// `\u202e`. An escape sequence is harmless once its ESC is shown: `\x1b[2J` is plain text.
//
// What is not: everything else, the backslash included. So ordinary names (`DOMAIN\user` as well)
// print unchanged, the result never holds a control character, and escaping twice is escaping
// once: a log sink may escape whole lines that already carry escaped fields.
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeChar(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with its control characters shown as visible escapes (see above); unchanged when it has none */
export function escapeText(text: string): string {
  return UNSAFE.test(text) ? text.replace(UNSAFE_ALL, escapeChar) : text;
}
