import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { openStore, md5Hex, formatChecksum, checksumTrailer, writeFileAtomicSync } from '../../src/store/index.ts';
import { tempDir } from './helpers.ts';

describe('openStore layout', () => {
  it('creates state.json on first write, disk0/ and a 0700 keys/', () => {
    const dir = path.join(tempDir(), 'nested', 'state');
    const store = openStore(dir);
    expect(store.stateDir).toBe(dir);
    expect(fs.statSync(path.join(dir, 'disk0')).isDirectory()).toBe(true);
    expect(fs.statSync(path.join(dir, 'keys')).mode & 0o777).toBe(0o700);
    expect(store.readStartup()).toBeNull();
    store.writeStartup('hostname asa\n');
    expect(fs.statSync(path.join(dir, 'state.json')).mode & 0o777).toBe(0o600);
  });
});

describe('startup-config', () => {
  it('round-trips through a fresh open, with size and MD5', () => {
    const dir = tempDir();
    const text = ': Saved\nhostname ciscoasa\ninterface GigabitEthernet0/0\n nameif outside\n';
    const res = openStore(dir).writeStartup(text);
    expect(res.bytes).toBe(Buffer.byteLength(text));
    expect(res.checksum).toBe(md5Hex(text));
    expect(res.checksum).toMatch(/^[0-9a-f]{32}$/);
    expect(res.seconds).toBeGreaterThanOrEqual(0);

    const again = openStore(dir);
    expect(again.readStartup()).toBe(text);
    const info = again.startupInfo();
    expect(info?.bytes).toBe(res.bytes);
    expect(info?.checksum).toBe(res.checksum);
    expect(info?.writtenAt).toBeInstanceOf(Date);
  });

  it('counts bytes as UTF-8', () => {
    expect(openStore(tempDir()).writeStartup('banner motd café\n').bytes).toBe(18);
  });

  it('sees a write made through another handle on the same folder', () => {
    const dir = tempDir();
    const a = openStore(dir);
    const b = openStore(dir);
    a.writeStartup('one\n');
    expect(b.readStartup()).toBe('one\n');
  });

  it('erase leaves no startup-config but keeps other state', () => {
    const dir = tempDir();
    const store = openStore(dir);
    store.writeStartup('hostname x\n');
    store.setValue('serial', 'JMX1234');
    store.eraseStartup();
    expect(store.readStartup()).toBeNull();
    expect(store.startupInfo()).toBeNull();
    expect(openStore(dir).readStartup()).toBeNull();
    expect(openStore(dir).getValue('serial')).toBe('JMX1234');
  });

  it('refuses to treat a corrupt state.json as empty', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'state.json'), '{"startup": {"text": "hostn');
    expect(() => openStore(dir)).toThrow(/not valid JSON/);
  });
});

describe('small state', () => {
  it('keeps a boot counter and values across opens', () => {
    const dir = tempDir();
    expect(openStore(dir).bootCount()).toBe(0);
    expect(openStore(dir).recordBoot()).toBe(1);
    expect(openStore(dir).recordBoot()).toBe(2);
    const s = openStore(dir);
    expect(s.bootCount()).toBe(2);
    s.setValue('x', { a: [1, 2] });
    expect(openStore(dir).getValue('x')).toEqual({ a: [1, 2] });
    s.setValue('x', undefined);
    expect(openStore(dir).getValue('x')).toBeUndefined();
  });
});

describe('checksum helpers', () => {
  const hex = '3c845d0fb6b8839af9e43be033feb4ef';
  it('formats the write-memory and trailer spellings', () => {
    expect(formatChecksum(hex)).toBe('3c845d0f b6b8839a f9e43be0 33feb4ef ');
    expect(formatChecksum(hex.toUpperCase())).toBe('3c845d0f b6b8839a f9e43be0 33feb4ef ');
    expect(checksumTrailer(hex)).toBe('Cryptochecksum:3c845d0fb6b8839af9e43be033feb4ef');
    expect(() => formatChecksum('abc')).toThrow();
  });
  it('is the MD5 of the text', () => {
    expect(md5Hex('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
  });
});

describe('writeFileAtomicSync', () => {
  it('fsyncs the temp file before the rename and the directory after', () => {
    const dir = tempDir();
    const calls: string[] = [];
    const fsync = vi.spyOn(fs, 'fsyncSync').mockImplementation(function (this: unknown, fd) {
      calls.push(`fsync:${fs.fstatSync(fd).isDirectory() ? 'dir' : 'file'}`);
    });
    const rename = vi.spyOn(fs, 'renameSync');
    rename.mockImplementation((a, b) => {
      calls.push('rename');
      rename.mockRestore();
      fs.renameSync(a, b);
    });
    try {
      writeFileAtomicSync(path.join(dir, 'f'), 'data');
    } finally {
      fsync.mockRestore();
      rename.mockRestore();
    }
    expect(calls).toEqual(['fsync:file', 'rename', 'fsync:dir']);
    expect(fs.readFileSync(path.join(dir, 'f'), 'utf8')).toBe('data');
    expect(fs.readdirSync(dir)).toEqual(['f']);
  });

  it('leaves the old file and no temp file when the write fails', () => {
    const dir = tempDir();
    const target = path.join(dir, 'f');
    fs.writeFileSync(target, 'old');
    const fsync = vi.spyOn(fs, 'fsyncSync').mockImplementation(() => {
      throw Object.assign(new Error('EIO'), { code: 'EIO' });
    });
    try {
      expect(() => writeFileAtomicSync(target, 'new')).toThrow('EIO');
    } finally {
      fsync.mockRestore();
    }
    expect(fs.readFileSync(target, 'utf8')).toBe('old');
    expect(fs.readdirSync(dir)).toEqual(['f']);
  });

  it('openStore sweeps temp files of dead writers only', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'disk0'));
    const dead = path.join(dir, '.state.json.999999999.0badf00d.tmp');
    const live = path.join(dir, 'disk0', `.x.pkg.${process.pid}.0badf00d.tmp`);
    fs.writeFileSync(dead, 'x');
    fs.writeFileSync(live, 'x');
    const store = openStore(dir);
    expect(fs.existsSync(dead)).toBe(false);
    expect(fs.existsSync(live)).toBe(true);
    expect(store.flash.list().map((e) => e.name)).toEqual([]);
  });
});
