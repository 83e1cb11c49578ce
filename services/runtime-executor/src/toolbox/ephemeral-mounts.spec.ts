import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bindEntry, mountEntries } from './ephemeral-mounts';

describe('bindEntry (lxc-copy -e -m bind=)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'binds-'));
    writeFileSync(join(dir, 'f'), '');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes LXC\'s line: create=dir for a directory, create=file for anything else', () => {
    expect(bindEntry({ type: 'bind', source: dir, dest: 'mnt/b', readOnly: true })).toBe(`lxc.mount.entry = ${dir} mnt/b none bind,optional,ro,create=dir 0 0`);
    expect(bindEntry({ type: 'bind', source: join(dir, 'f'), dest: 'etc/f', readOnly: false }))
      .toBe(`lxc.mount.entry = ${dir}/f etc/f none bind,optional,rw,create=file 0 0`);
    expect(bindEntry({ type: 'bind', source: join(dir, 'missing'), dest: 'x', readOnly: false })).toMatch(/,create=file 0 0$/);
  });

  it('gives an overlay= mount its own upper and work directories in the clone, 0700, as LXC', async () => {
    const clone = mkdtempSync(join(tmpdir(), 'clone-'));
    try {
      const lines = await mountEntries([{ type: 'overlay', source: dir, dest: 'mnt/o', readOnly: false },
        { type: 'bind', source: dir, dest: 'b', readOnly: false }], clone);
      const made = readdirSync(clone).sort();
      expect(made).toEqual([expect.stringMatching(/^delta#[A-Za-z0-9]{6}$/), expect.stringMatching(/^work#[A-Za-z0-9]{6}$/)]);
      expect(made.map((d) => statSync(join(clone, d)).mode & 0o777)).toEqual([0o700, 0o700]);
      expect(lines).toEqual([
        `lxc.mount.entry = ${dir} mnt/o overlay lowerdir=${dir},upperdir=${clone}/${made[0]},workdir=${clone}/${made[1]},create=dir`,
        `lxc.mount.entry = ${dir} b none bind,optional,rw,create=dir 0 0`,
      ]);
    } finally {
      rmSync(clone, { recursive: true, force: true });
    }
  });
});
