// `show access-list [NAME]` in ASA 9.x's layout: the log-flow header, then per access-list a line
// with its element count and name hash, each entry numbered with `(hitcnt=N)` and a hash, and under
// an entry that names objects or object-groups its concrete elements, indented two spaces. Layout
// from real ASA output in networktocode/ntc-templates, tests/cisco_asa/show_access-list/*.raw.
// An ASA's hashes come from an internal function Cisco does not publish: headend prints a stable
// FNV-1a hash of the same text instead, so a hash changes exactly when its entry does.
import type { ShownEntry } from '../../config/access-list.ts';

export interface ShownList { name: string; entries: ShownEntry[] }

export const hash32 = (s: string): string => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
  return '0x' + h.toString(16).padStart(8, '0');
};

export const LOG_FLOWS_HEADER = [
  'access-list cached ACL log flows: total 0, denied 0 (deny-flow-max 4096)',
  '            alert-interval 300',
];

/** `hits(name)`: the gateway's counters of that list, by rule key */
export function formatShowAccessList(lists: ShownList[], hits: (name: string) => ReadonlyMap<string, number>): string[] {
  const out = [...LOG_FLOWS_HEADER];
  for (const l of lists) {
    const h = hits(l.name);
    const count = (key: string) => h.get(key) ?? 0;
    const elements = l.entries.reduce((n, e) => n + e.elements.length, 0);
    out.push(`access-list ${l.name}; ${elements} elements; name hash: ${hash32(l.name)}`);
    l.entries.forEach((e, i) => {
      const head = `access-list ${l.name} line ${i + 1} ${e.text}`;
      if (e.remark) { out.push(head); return; }
      const total = e.elements.reduce((n, x) => n + count(x.key), 0);
      out.push(`${head} (hitcnt=${total})${e.inactive ? ' (inactive)' : ''} ${hash32(`${l.name} ${e.text}`)}`);
      if (!e.expanded) return;
      for (const x of e.elements) {
        const counter = x.rule ? `(hitcnt=${count(x.key)})${x.inactive ? ' (inactive)' : ''}` : '(inactive)';
        out.push(`  access-list ${l.name} line ${i + 1} extended ${x.text} ${counter} ${hash32(`${l.name} ${e.text}\u0000${x.text}`)}`);
      }
    });
  }
  return out;
}
