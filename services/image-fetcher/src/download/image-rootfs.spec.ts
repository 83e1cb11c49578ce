import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImageUnsafeError } from '@lxcbus/contracts';
import { materializeRootfs } from './image-rootfs';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lxcbus-rootfs-'));
  mkdirSync(join(dir, 'tree', 'etc'), { recursive: true });
  writeFileSync(join(dir, 'tree', 'etc', 'hostname'), 'x\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('materializeRootfs', () => {
  it('refuses, before copying, a device node a user-mode target cannot have', async () => {
    const run = materializeRootfs({ tree: join(dir, 'tree'), rootfs: join(dir, 'c', 'rootfs'), mode: 'user', devices: ['dev/null', 'dev/sda'], excludes: ['./dev/null'] });
    await expect(run).rejects.toBeInstanceOf(ImageUnsafeError);
    await expect(materializeRootfs({ tree: join(dir, 'tree'), rootfs: join(dir, 'c', 'rootfs'), mode: 'user', devices: ['dev/sda'], excludes: [] })).rejects.toThrow(/dev\/sda/);
    expect(existsSync(join(dir, 'c', 'rootfs'))).toBe(false);
  });

  it('copies the tree and adds dev/pts; the same devices are fine for a system target', async () => {
    const rootfs = join(dir, 'c', 'rootfs');
    await materializeRootfs({ tree: join(dir, 'tree'), rootfs, mode: 'system', devices: ['dev/sda'], excludes: [] });
    expect(existsSync(join(rootfs, 'dev', 'pts'))).toBe(true);
    expect(readFileSync(join(rootfs, 'etc', 'hostname'), 'utf8')).toBe('x\n');
  });
});
