import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { destroyEphemeral, isEphemeral } from './ephemeral';
import { addClone, writeOrigin } from './overlay-clones';

describe('lxc.ephemeral', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'ephemeral-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is read from the config on disk', () => {
    const f = join(dir, 'config');
    expect(isEphemeral(f)).toBe(false);
    writeFileSync(f, 'lxc.uts.name = e\nlxc.ephemeral = 1\n');
    expect(isEphemeral(f)).toBe(true);
    writeFileSync(f, 'lxc.ephemeral = 0\n');
    expect(isEphemeral(f)).toBe(false);
  });

  it('destroying an ephemeral clone takes it off its origin\'s list', async () => {
    mkdirSync(join(dir, 'o'));
    mkdirSync(join(dir, 'e'));
    mkdirSync(join(dir, 'k'));
    await writeOrigin(join(dir, 'e'), { lxcpath: dir, name: 'o' });
    await addClone(join(dir, 'o'), { lxcpath: dir, name: 'k' });
    await addClone(join(dir, 'o'), { lxcpath: dir, name: 'e' });
    await destroyEphemeral(join(dir, 'e'), dir, 'e');
    expect(existsSync(join(dir, 'e'))).toBe(false);
    expect(readFileSync(join(dir, 'o', 'lxc_snapshots'), 'utf8')).toBe(`${dir}\nk\n`);
  });
});
