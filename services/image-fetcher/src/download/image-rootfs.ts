/**
 * A container rootfs from a cached image tree: `cp -a --reflink=auto`, so on btrfs/XFS
 * the copy shares extents (near-instant) and elsewhere it is a plain copy, which still
 * beats decompressing again (docs/decisions/image-cache.md). cp -a keeps owners, modes,
 * hard links and xattrs such as security.capability. For a user-mode target the
 * image's excludes (device nodes a user namespace cannot make) are removed after, as
 * lxc-download leaves them out with `tar --exclude`.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ImageUnsafeError } from '@lxcbus/contracts';
import { describeExit, runCapture } from '../templates/child-process.runner';
import { devicesLeft, normalMember } from './archive-safety';

export interface RootfsFromImage {
  readonly tree: string;
  readonly rootfs: string;
  readonly mode: 'system' | 'user';
  readonly devices: readonly string[];
  readonly excludes: readonly string[];
}

export async function materializeRootfs(o: RootfsFromImage): Promise<void> {
  if (o.mode === 'user') {
    const left = devicesLeft(o.devices, o.excludes);
    if (left.length > 0) {
      throw new ImageUnsafeError(`refusing device node "${left[0]}" for an unprivileged container (not in excludes-user)`, {
        member: left[0], devices: left,
      });
    }
  }
  await fs.mkdir(path.dirname(o.rootfs), { recursive: true });
  const r = await runCapture('cp', ['-a', '--reflink=auto', '--', o.tree, o.rootfs]);
  if (r.code !== 0) throw new Error(describeExit('cp -a', r));
  if (o.mode === 'user') await removeExcluded(o.rootfs, o.excludes);
  await fs.mkdir(path.join(o.rootfs, 'dev', 'pts'), { recursive: true });
}

/** Exact excludes (what distrobuilder writes: `./dev/<node>`); a glob removes nothing here. */
async function removeExcluded(rootfs: string, excludes: readonly string[]): Promise<void> {
  const realRoot = await fs.realpath(rootfs);
  for (const e of excludes) {
    const member = normalMember(e);
    if (member === '' || member.includes('*') || member.split('/').includes('..')) continue;
    const target = path.join(rootfs, member);
    // An image's `dev -> /dev` symlink must not turn this into a removal on the host.
    const parent = await fs.realpath(path.dirname(target)).catch(() => undefined);
    if (parent === undefined || (parent !== realRoot && !parent.startsWith(`${realRoot}/`))) continue;
    await fs.rm(target, { recursive: true, force: true });
  }
}
