// `aaa-server` groups with their hosts, and `ldap attribute-map`s, in ASA's layout: each group's
// protocol line and attributes, then each of its hosts with its attributes, in entry order.
import { commandText } from '../command-text.ts';
import type { RunningConfig } from '../model.ts';
import { aaaServer as AS } from '../../../grammar/aaa-server.ts';
import { indent, lineOf } from './blocks.ts';

export function aaaServerBlocks(c: RunningConfig): { name: string; lines: string[] }[] {
  return [...c.aaaServers.values()].map((g) => ({
    name: g.name,
    lines: [
      commandText(g.create), ...indent(1, g.attrs.ordered().map(commandText)),
      ...[...g.hosts.values()].flatMap((h) => [lineOf(AS.host, { NAME: g.name, IFC: h.ifc, ADDR: h.addr }), ...indent(1, h.attrs.ordered().map(commandText))]),
    ],
  }));
}

/**
 * ASA prints an attribute map's lines indented by two, and `map-name` with two spaces after it
 * (`  map-name  memberOf Group-Policy`), as in the show-run excerpts of Cisco's LDAP authorization
 * TechNotes; whitespace means nothing to the parser, so the lines paste back as they are
 */
export function ldapMapBlocks(c: RunningConfig): { name: string; lines: string[] }[] {
  return [...c.ldapMaps.values()].map((m) => ({
    name: m.name,
    lines: [lineOf(AS.attributeMap, { NAME: m.name }), ...indent(2, m.attrs.ordered().map((x) => commandText(x).replace(/^map-name /, 'map-name  ')))],
  }));
}
