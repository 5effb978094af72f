// ASA shows the MD5 of the saved configuration in two spellings: `write
// memory` prints "Cryptochecksum: 3c845d0f b6b8839a f9e43be0 33feb4ef " (four
// groups, trailing space included), while `show running-config` ends with the
// bare 32-hex form on a "Cryptochecksum:" line.

import { createHash } from 'node:crypto';

/** MD5 of the text's UTF-8 bytes, lower-case hex. */
export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

function checkHex(hex: string): string {
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`not a 32-hex-digit checksum: ${JSON.stringify(hex)}`);
  return hex.toLowerCase();
}

/** "3c845d0f b6b8839a f9e43be0 33feb4ef " — the `write memory` form. */
export function formatChecksum(hex: string): string {
  return checkHex(hex).replace(/(.{8})/g, '$1 ');
}

/** "Cryptochecksum:3c845d0fb6b8839af9e43be033feb4ef" — the config trailer line. */
export function checksumTrailer(hex: string): string {
  return `Cryptochecksum:${checkHex(hex)}`;
}
