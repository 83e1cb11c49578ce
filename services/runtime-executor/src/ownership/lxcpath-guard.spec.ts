import { ForbiddenError } from '@lxcbus/contracts';
import { assertOwnsLxcpath } from './lxcpath-guard';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('assertOwnsLxcpath', () => {
  let dir: string;
  let passwdFile: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lxcbus-guard-'));
    passwdFile = join(dir, 'passwd');
    writeFileSync(passwdFile, 'alice:x:1001:1001::/home/alice:/bin/sh\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const fs = { realpath: (p: string) => p, uidOf: (p: string) => (p.startsWith('/home/alice') ? 1001 : 0) };

  it('throws FORBIDDEN naming the owner and the lxcpath', () => {
    expect(() => assertOwnsLxcpath('alice', '/var/lib/lxc', { rootLxcpath: '/var/lib/lxc', passwdFile, fs })).toThrow(ForbiddenError);
    expect(() => assertOwnsLxcpath('alice', '/var/lib/lxc', { rootLxcpath: '/var/lib/lxc', passwdFile, fs }))
      .toThrow('alice may not use lxcpath /var/lib/lxc: lxcpath /var/lib/lxc does not belong to alice');
  });

  it('lets alice use her own and root anything', () => {
    expect(() => assertOwnsLxcpath('alice', '/home/alice/.local/share/lxc', { rootLxcpath: '/var/lib/lxc', passwdFile, fs })).not.toThrow();
    expect(() => assertOwnsLxcpath('root', '/home/alice/x', { rootLxcpath: '/var/lib/lxc', passwdFile, fs })).not.toThrow();
  });
});
