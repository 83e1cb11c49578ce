/**
 * GNU tar unpacking of a tarball that archive-safety.ts has already passed. As root it
 * keeps owners (`--numeric-owner`, `-p`), modes, hard links and, for a rootfs, every
 * xattr (`security.capability` on ping, newuidmap...), which LXC 6.0 also asks for.
 */
import { promises as fs } from 'node:fs';
import { ImageUnsafeError } from '@lxcbus/contracts';
import { describeExit, runCapture } from '../templates/child-process.runner';

export async function untar(archive: string, dest: string, xattrs: boolean): Promise<void> {
  await fs.mkdir(dest, { recursive: true, mode: 0o755 });
  const extra = xattrs ? ['--xattrs', '--xattrs-include=*'] : [];
  const r = await runCapture('tar', ['--numeric-owner', ...extra, '-xpf', archive, '-C', dest]);
  if (r.code !== 0) throw new ImageUnsafeError(`${archive}: cannot unpack: ${describeExit('tar -x', r)}`, { archive });
}
