// A malformed PBKDF2 hash typed or pasted (`username U password H pbkdf2`, `enable password H
// pbkdf2`) is refused with an ASA-style error and changes nothing (issue 11, deliver 3).
import { describe, expect, it } from 'vitest';
import { Shell, body, bootApp, tempState } from '../shell/helpers.ts';

describe('hashes refused on entry', () => {
  it('a zero-length hash, an iteration count of 0 or a huge one is refused; a good one is kept', async () => {
    const app = await bootApp(tempState(), { empty: true });
    const sh = new Shell(app);
    await sh.feed('configure terminal');
    const before = body(app);
    for (const h of ['$sha512$5000$c2FsdHNhbHRzYWx0c2FsdA==$', '$sha512$0$c2FsdHNhbHRzYWx0c2FsdA==$AAAAAAAAAAAAAAAAAAAAAA==',
      '$sha512$999999999$c2FsdHNhbHRzYWx0c2FsdA==$AAAAAAAAAAAAAAAAAAAAAA==']) {
      const out = await sh.run(`username mallory password ${h} pbkdf2 privilege 15`);
      expect(out.join('\n')).toMatch(/^ERROR: /);
      const en = await sh.run(`enable password ${h} pbkdf2`);
      expect(en.join('\n')).toMatch(/^ERROR: /);
    }
    expect(body(app)).toEqual(before);
    expect(await sh.run('username good password $sha512$5000$c2FsdHNhbHRzYWx0c2FsdA==$AAAAAAAAAAAAAAAAAAAAAA== pbkdf2')).toEqual([]);
    expect(app.config.model.usernames.has('good')).toBe(true);
  });
});
