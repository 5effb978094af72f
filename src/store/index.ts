// Persistence for headend: startup-config, the disk0: flash, key material and
// the URL transfers behind `copy`. Import from here, not from the files.

export { openStore, DEFAULT_STATE_DIR, type Store, type StartupWrite, type StartupInfo } from './store.ts';
export { md5Hex, formatChecksum, checksumTrailer } from './checksum.ts';
export { Flash, FlashError, parseFlashPath, canonicalFlashPath, type FlashEntry } from './flash.ts';
export { formatDir, formatDirTime, dirLabel, type DirRow, type DirFormatOptions } from './dir-format.ts';
export { type Keys } from './keys.ts';
export { fetchUrl, putUrl, isLoopbackHost, UrlError, type UrlOptions } from './url.ts';
export { writeFileAtomicSync, fsyncDir, AtomicJSONFile } from './atomic.ts';
