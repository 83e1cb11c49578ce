import { mkdtempSync, mkdirSync, rmSync, statSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkStorage, placeRootfs, planStorage, savedWithStorage } from './create-storage';

describe('create storage (lxc-create -B, --dir)', () => {
  const dir = '/var/lib/lxc/c1';

  it('lays out overlay as LXC: rootfs is the lower, overlay/delta the upper; --dir ignored', () => {
    const s = planStorage(dir, { bdev: 'overlay', rootfsDir: '/elsewhere' });
    expect(s).toEqual({
      rootfs: `${dir}/rootfs`, inside: ['overlay', 'overlay/delta'],
      rootfsLine: `lxc.rootfs.path = overlay:${dir}/rootfs:${dir}/overlay/delta`,
    });
    expect(planStorage(dir, { bdev: 'overlayfs' }).rootfsLine).toBe(s.rootfsLine);
  });

  it('dir with --dir: filled in the container, then moved; the line says dir:PATH', () => {
    expect(planStorage(dir, { bdev: 'best', rootfsDir: '/srv/r' })).toEqual({
      rootfs: `${dir}/rootfs`, moveTo: '/srv/r', rootfsLine: 'lxc.rootfs.path = dir:/srv/r', inside: [],
    });
    expect(planStorage(dir, { bdev: 'dir' })).toEqual({ rootfs: `${dir}/rootfs`, inside: [] });
  });

  it('saves the storage line after the default config, replacing an earlier one', () => {
    const s = planStorage(dir, { bdev: 'overlay' });
    expect(savedWithStorage(['lxc.net.0.type = empty', 'lxc.rootfs.path = dir:/x', 'lxc.tty.max = 1'], s))
      .toEqual(['lxc.net.0.type = empty', 'lxc.tty.max = 1', s.rootfsLine]);
    expect(savedWithStorage(['a = 1'], planStorage(dir, { bdev: 'dir' }))).toEqual(['a = 1']);
  });

  describe('on disk', () => {
    let tmp: string;
    beforeEach(() => { tmp = mkdtempSync(join(tmpdir(), 'create-storage-')); });
    afterEach(() => rmSync(tmp, { recursive: true, force: true }));

    it('refuses --dir for other owners and over a non-empty directory', async () => {
      const s = planStorage(join(tmp, 'c'), { bdev: 'dir', rootfsDir: join(tmp, 'r') });
      await expect(checkStorage(s, 'alice')).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(checkStorage(s, 'root')).resolves.toBeUndefined();
      mkdirSync(join(tmp, 'r'));
      await expect(checkStorage(s, 'root')).resolves.toBeUndefined();
      writeFileSync(join(tmp, 'r', 'f'), '');
      await expect(checkStorage(s, 'root')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    });

    it('moves the populated rootfs to --dir and leaves an empty rootfs behind', async () => {
      const c = join(tmp, 'c');
      mkdirSync(join(c, 'rootfs', 'etc'), { recursive: true });
      writeFileSync(join(c, 'rootfs', 'etc', 'hostname'), 'c\n');
      const s = planStorage(c, { bdev: 'dir', rootfsDir: join(tmp, 'deep', 'r') });
      await placeRootfs(s);
      expect(existsSync(join(tmp, 'deep', 'r', 'etc', 'hostname'))).toBe(true);
      expect(readdirSync(join(c, 'rootfs'))).toEqual([]);
    });
  });
});
