// A member record comes from Redis, written by another member (or by whoever reaches Redis): the
// director puts its address or name into a Location header, so anything but an address and a host
// name is refused as a whole record, never sent to a client.
import { describe, expect, it } from 'vitest';
import { decodeMember } from '../../src/cluster/records.ts';
import { isHostName } from '../../src/cluster/reverse-name.ts';

const good = { id: 'a1', name: 'lb2', priority: 5, publicIp: '192.0.2.7', port: 443, fqdn: 'lb2.example.com', sessions: 3, capacity: 10000, at: 1 };
const enc = (o: object): string => JSON.stringify(o);

describe('member records read from Redis', () => {
  it('keeps a well-formed record', () => {
    expect(decodeMember(enc(good))).toMatchObject({ publicIp: '192.0.2.7', fqdn: 'lb2.example.com' });
    expect(decodeMember(enc({ ...good, fqdn: null, publicIp: '2001:db8::7' }))).toMatchObject({ publicIp: '2001:db8::7', fqdn: null });
  });

  it('refuses a record whose address or name could smuggle text into a redirect', () => {
    for (const bad of ['lb2.example.com\r\nSet-Cookie: x=1', 'lb2 example', 'evil.com/path', 'a..b', '-lb2.example.com', '192.0.2.7', 'x'.repeat(254)]) {
      expect(decodeMember(enc({ ...good, fqdn: bad })), bad).toBeNull();
    }
    for (const bad of ['lb2.example.com', '192.0.2.7\r\nX: y', '']) expect(decodeMember(enc({ ...good, publicIp: bad })), bad).toBeNull();
  });

  it('names a host name as DNS does', () => {
    expect(isHostName('localhost')).toBe(true);
    expect(isHostName('vpn-1.example.com.')).toBe(true);
    expect(isHostName('127.0.0.1')).toBe(false);
    expect(isHostName('')).toBe(false);
  });
});
