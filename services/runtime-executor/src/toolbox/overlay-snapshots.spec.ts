import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContainerConfig } from '../containers/config-loader';
import { addClone, writeOrigins } from './overlay-clones';
import { clearForRestore, createOverlaySnapshot, recordRestore, removeSnapshots } from './overlay-snapshots';

/**
 * The bookkeeping of LXC 5.0.2's overlay snapshots (observed with real
 * lxc-snapshot; the system test compares it side by side): base <- cl (lxc-copy -s),
 * then cl's snapshot and a container restored from it.
 */
describe('overlay snapshots', () => {
  let p: string;
  const file = (...rel: string[]) => readFileSync(join(p, ...rel), 'utf8');
  const snaps = () => join(p, 'cl', 'snaps');

  beforeEach(async () => {
    p = mkdtempSync(join(tmpdir(), 'ovl-snaps-'));
    mkdirSync(join(p, 'base', 'rootfs', 'bin'), { recursive: true });
    mkdirSync(join(p, 'cl', 'overlay', 'delta'), { recursive: true });
    mkdirSync(join(p, 'cl', 'rootfs'));
    writeFileSync(join(p, 'cl', 'overlay', 'delta', 'then'), 'v1');
    writeFileSync(join(p, 'cl', 'config'), `lxc.uts.name = cl\nlxc.net.0.hwaddr = 00:16:3e:11:22:33\nlxc.rootfs.path = overlay:${p}/base/rootfs:${p}/cl/overlay/delta\n`);
    await writeOrigins(join(p, 'cl'), [{ lxcpath: p, name: 'base' }]);
    await addClone(join(p, 'base'), { lxcpath: p, name: 'cl' });
  });
  afterEach(() => rmSync(p, { recursive: true, force: true }));

  const cl = () => ({ dir: join(p, 'cl'), configFile: join(p, 'cl', 'config'), config: loadContainerConfig(join(p, 'cl', 'config'), 'cl') });

  it('a snapshot shares the lower, copies the delta, copies lxc_rdepends and joins the origin\'s list', async () => {
    await createOverlaySnapshot(cl(), snaps(), 'snap0');
    expect(readdirSync(join(snaps(), 'snap0')).sort()).toEqual(['config', 'lxc_rdepends', 'overlay', 'rootfs']);
    expect(file('cl', 'snaps', 'snap0', 'overlay', 'delta', 'then')).toBe('v1');
    expect(file('cl', 'snaps', 'snap0', 'config')).toBe(
      `lxc.uts.name = cl\nlxc.net.0.hwaddr = 00:16:3e:11:22:33\nlxc.rootfs.path = overlay:${p}/base/rootfs:${snaps()}/snap0/overlay/delta\n`);
    expect(file('cl', 'snaps', 'snap0', 'lxc_rdepends')).toBe(`${p}\nbase\n`);
    expect(file('base', 'lxc_snapshots')).toBe(`${p}\ncl\n${snaps()}\nsnap0\n`);
  });

  it('restore under a new name depends on the snapshot too; in place the clone moves to the end of the list', async () => {
    await createOverlaySnapshot(cl(), snaps(), 'snap0');
    mkdirSync(join(p, 'rest'));
    await recordRestore({ lxcpath: snaps(), name: 'snap0' }, { lxcpath: p, name: 'rest' }, false);
    expect(file('rest', 'lxc_rdepends')).toBe(`${p}\nbase\n${snaps()}\nsnap0\n`);
    expect(file('cl', 'snaps', 'snap0', 'lxc_snapshots')).toBe(`${p}\nrest\n`);
    writeFileSync(join(p, 'cl', 'overlay', 'delta', 'later'), 'v2');
    await clearForRestore({ lxcpath: p, name: 'cl' }, cl().config, join(p, 'cl', 'config'));
    expect(existsSync(join(p, 'cl', 'config')) || existsSync(join(p, 'cl', 'overlay', 'delta'))).toBe(false);
    expect(existsSync(join(p, 'cl', 'lxc_rdepends')) && existsSync(join(snaps(), 'snap0'))).toBe(true);
    expect(file('base', 'lxc_snapshots')).toBe(`${snaps()}\nsnap0\n${p}\nrest\n`);
    await recordRestore({ lxcpath: snaps(), name: 'snap0' }, { lxcpath: p, name: 'cl' }, true);
    expect(file('cl', 'lxc_rdepends')).toBe(`${p}\nbase\n`);
    expect(file('base', 'lxc_snapshots')).toBe(`${snaps()}\nsnap0\n${p}\nrest\n${p}\ncl\n`);
  });

  it('a snapshot others were restored from is kept; the rest go and leave their origins\' lists', async () => {
    await createOverlaySnapshot(cl(), snaps(), 'snap0');
    await createOverlaySnapshot(cl(), snaps(), 'snap1');
    mkdirSync(join(p, 'rest'));
    await recordRestore({ lxcpath: snaps(), name: 'snap0' }, { lxcpath: p, name: 'rest' }, false);
    const rows = ['snap0', 'snap1'].map((name) => ({ name, lxcpath: snaps(), timestamp: '' }));
    const out = await removeSnapshots(rows);
    expect({ removed: out.removed.map((r) => r.name), blocked: out.blocked }).toEqual({ removed: ['snap1'], blocked: ['snap0'] });
    expect(readdirSync(snaps())).toEqual(['snap0']);
    expect(file('base', 'lxc_snapshots')).toBe(`${p}\ncl\n${snaps()}\nsnap0\n${p}\nrest\n`);
  });
});
