// Which `anyconnect image` a client gets. The ASA walks the images in `order` and offers the first
// whose platform matches the client's OS; the platform of an image comes from its package file name
// (anyconnect-win-…, anyconnect-macosx-i386-…, anyconnect-linux-…, cisco-secure-client-win-…,
// cisco-secure-client-macos-…, cisco-secure-client-linux64-…), or from its `regex` against the
// browser's User-Agent when one is configured.
import type { ImageSpec } from '../view.ts';

export type Platform = 'windows' | 'macos' | 'linux';

export const PLATFORM_NAMES: Record<Platform, string> = { windows: 'Windows', macos: 'macOS', linux: 'Linux' };

/** the platform of a package, from its file name; undefined when the name says none */
export function imagePlatform(path: string): Platform | undefined {
  const f = (path.split('/').pop() ?? path).toLowerCase();
  if (/(^|[-_.])win(dows)?([-_.0-9]|64|32|arm)/.test(f)) return 'windows';
  if (/(^|[-_.])(macos|macosx|mac|darwin|osx)([-_.0-9]|$)/.test(f)) return 'macos';
  if (/(^|[-_.])linux(64|-64|_64|32)?([-_.0-9]|$)/.test(f)) return 'linux';
  return undefined;
}

/** the browser's OS from its User-Agent; mobile systems are none of the three */
export function browserPlatform(userAgent: string | undefined): Platform | undefined {
  const ua = userAgent ?? '';
  if (/Android|iPhone|iPad|iPod|CrOS/i.test(ua)) return undefined;
  if (/Windows/i.test(ua)) return 'windows';
  if (/Macintosh|Mac OS X/i.test(ua)) return 'macos';
  if (/Linux|X11/i.test(ua)) return 'linux';
  return undefined;
}

/** the OS an AnyConnect client states in <device-id> (openconnect --os) or its User-Agent */
export function clientPlatform(deviceId: string | undefined, userAgent: string | undefined): Platform | undefined {
  const d = (deviceId ?? '').toLowerCase();
  if (/^win/.test(d)) return 'windows';
  if (/^mac|darwin/.test(d)) return 'macos';
  if (/^linux/.test(d)) return 'linux';
  const ua = userAgent ?? '';
  if (/AnyConnect Windows/i.test(ua)) return 'windows';
  if (/AnyConnect Darwin/i.test(ua)) return 'macos';
  if (/AnyConnect Linux/i.test(ua)) return 'linux';
  return undefined;
}

function regexMatches(regex: string, userAgent: string): boolean {
  // `regex "Windows NT"` is stored with its quotes; it is a search, not a full match
  const src = regex.replace(/^"(.*)"$/, '$1');
  try { return new RegExp(src).test(userAgent); } catch { return userAgent.includes(src); }
}

/**
 * The first image, in `order`, for `platform`. An image with a regex is chosen by the regex alone
 * (against `userAgent`), as the ASA's `anyconnect image … regex` does.
 */
export function pickImage(images: ImageSpec[], platform: Platform | undefined, userAgent = ''): ImageSpec | undefined {
  const sorted = [...images].sort((a, b) => a.order - b.order);
  for (const img of sorted) {
    if (img.regex) { if (regexMatches(img.regex, userAgent)) return img; continue; }
    if (platform && imagePlatform(img.path) === platform) return img;
  }
  return undefined;
}

/** the version in a package name (cisco-secure-client-win-5.1.2.42-webdeploy-k9.pkg → 5.1.2.42) */
export function imageVersion(path: string): string | undefined {
  return /(\d+\.\d+\.\d+(?:\.\d+)?)/.exec(path.split('/').pop() ?? '')?.[1];
}

export const baseName = (path: string): string => path.split('/').pop() ?? path;

/** openconnect's --os names, as the core manifest's `os` attribute */
const MANIFEST_OS: Record<Platform, string> = { windows: 'win', macos: 'mac-intel', linux: 'linux-64' };

/** The image the auth reply advertises to an AnyConnect client, from its <device-id> or User-Agent. */
export function clientPackage(images: ImageSpec[], deviceId: string | undefined, userAgent: string | undefined): { order: number; file: string; version: string; os: string } | undefined {
  const platform = clientPlatform(deviceId, userAgent);
  const img = pickImage(images, platform, userAgent ?? '');
  if (!img) return undefined;
  const os = platform ?? imagePlatform(img.path);
  return { order: img.order, file: baseName(img.path), version: imageVersion(img.path) ?? '0.0.0', os: os ? MANIFEST_OS[os] : 'unknown' };
}
