import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bindEntry } from './ephemeral-mounts';

describe('bindEntry (lxc-copy -e -m bind=)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'binds-'));
    writeFileSync(join(dir, 'f'), '');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes LXC\'s line: create=dir for a directory, create=file for anything else', () => {
    expect(bindEntry({ source: dir, dest: 'mnt/b', readOnly: true })).toBe(`lxc.mount.entry = ${dir} mnt/b none bind,optional,ro,create=dir 0 0`);
    expect(bindEntry({ source: join(dir, 'f'), dest: 'etc/f', readOnly: false }))
      .toBe(`lxc.mount.entry = ${dir}/f etc/f none bind,optional,rw,create=file 0 0`);
    expect(bindEntry({ source: join(dir, 'missing'), dest: 'x', readOnly: false })).toMatch(/,create=file 0 0$/);
  });
});
