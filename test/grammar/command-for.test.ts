// commandFor: a declaration plus typed values gives the command its canonical line would have
// parsed to, so objects held as typed fields (pools, users, tunnel-groups) print from the grammar.
import { describe, expect, it } from 'vitest';
import { config as G } from '../../grammar/config.ts';
import { commandFor } from '../../grammar/threads.ts';
import { matchLine, type Command } from '../../grammar/matcher.ts';
import { commandText } from '../../src/config/command-text.ts';

const text = (c: Command | undefined): string | undefined => c && commandText(c);

/** the printed line parses back to a command that prints the same and carries the same arguments */
function parsesBack(c: Command | undefined): void {
  expect(c).toBeDefined();
  const r = matchLine(commandText(c!), 'config').res;
  expect(r.ok && r.cmd.decl).toBe(c!.decl);
  if (r.ok) {
    expect(commandText(r.cmd)).toBe(commandText(c!));
    expect(r.cmd.args).toEqual(c!.args);
  }
}

describe('commandFor', () => {
  it('prints a pool with and without its mask, the range as one address when it is one', () => {
    const p = commandFor(G.ipPool, { NAME: 'vpn', RANGE: { from: '10.0.0.1', to: '10.0.0.9' }, MASK: '255.255.255.0' }, ['mask']);
    expect(text(p)).toBe('ip local pool vpn 10.0.0.1-10.0.0.9 mask 255.255.255.0');
    parsesBack(p);
    expect(text(commandFor(G.ipPool, { NAME: 'one', RANGE: { from: '10.0.0.1', to: '10.0.0.1' } }))).toBe('ip local pool one 10.0.0.1');
    expect(text(commandFor(G.ipv6Pool, { NAME: 'v6', PREFIX: { addr: '2001:db8::1', len: 64 }, COUNT: 100 }))).toBe('ipv6 local pool v6 2001:db8::1/64 100');
  });

  it('takes the alternative its arguments or keywords name (username password or nopassword, privilege)', () => {
    const u = commandFor(G.username, { NAME: 'alice', PW: 'HASH', PRIV: 15 }, ['pbkdf2', 'privilege']);
    expect(text(u)).toBe('username alice password HASH pbkdf2 privilege 15');
    parsesBack(u);
    expect(text(commandFor(G.username, { NAME: 'bob' }, ['nopassword']))).toBe('username bob nopassword');
    expect(text(commandFor(G.tunnelGroup, { NAME: 'tg' }, ['ipsec-l2l']))).toBe('tunnel-group tg type ipsec-l2l');
    expect(text(commandFor(G.groupPolicy, { NAME: 'gp' }, ['internal']))).toBe('group-policy gp internal');
  });

  it('keywords are taken in line order: cmd as the form is not cmd as the mode', () => {
    expect(text(commandFor(G.privilege, { LEVEL: 5, CMD: 'copy' }, ['cmd']))).toBe('privilege cmd level 5 command copy');
    const both = commandFor(G.privilege, { LEVEL: 3, CMD: 'write' }, ['show', 'mode', 'cmd']);
    expect(text(both)).toBe('privilege show level 3 mode cmd command write');
    parsesBack(both);
  });

  it('gives nothing for values no line of the declaration carries', () => {
    expect(commandFor(G.username, { NAME: 'carol' })).toBeUndefined(); // neither password nor nopassword
    expect(commandFor(G.tunnelGroup, { NAME: 'tg' }, ['bogus' as 'webvpn'])).toBeUndefined();
    expect(commandFor(G.tunnelGroup, { NAME: 'tg' })).toBeUndefined(); // a type is required
  });
});
