import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addClone, formatPairs, hasClones, originOf, parsePairs, readClones, removeClone, writeOrigin } from './overlay-clones';

describe('overlay clone bookkeeping (lxc_snapshots / lxc_rdepends as LXC 5.0.2 writes them)', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'ovl-clones-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('two lines per clone, each ending in a newline', () => {
    const pairs = [{ lxcpath: '/l', name: 'a' }, { lxcpath: '/m', name: 'b' }];
    expect(formatPairs(pairs)).toBe('/l\na\n/m\nb\n');
    expect(parsePairs('/l\na\n/m\nb\n')).toEqual(pairs);
  });

  it('adds in order, removes one, and drops the file with the last (concurrent updates serialised)', async () => {
    expect(hasClones(dir)).toBe(false);
    await Promise.all(['c0', 'c1', 'c2'].map((name) => addClone(dir, { lxcpath: '/l', name })));
    expect(readFileSync(join(dir, 'lxc_snapshots'), 'utf8')).toBe('/l\nc0\n/l\nc1\n/l\nc2\n');
    expect(statSync(join(dir, 'lxc_snapshots')).mode & 0o777).toBe(0o644);
    expect(hasClones(dir)).toBe(true);
    await removeClone(dir, { lxcpath: '/l', name: 'c1' });
    expect(await readClones(dir)).toEqual([{ lxcpath: '/l', name: 'c0' }, { lxcpath: '/l', name: 'c2' }]);
    await Promise.all(['c0', 'c2'].map((name) => removeClone(dir, { lxcpath: '/l', name })));
    expect(existsSync(join(dir, 'lxc_snapshots'))).toBe(false);
  });

  it('the clone names its origin in lxc_rdepends', async () => {
    await writeOrigin(dir, { lxcpath: '/var/lib/lxc', name: 'o' });
    expect(readFileSync(join(dir, 'lxc_rdepends'), 'utf8')).toBe('/var/lib/lxc\no\n');
    expect(await originOf(dir)).toEqual({ lxcpath: '/var/lib/lxc', name: 'o' });
  });
});
