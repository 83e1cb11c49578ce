/**
 * The backing store lxc-create makes before the template runs (lxc-create -B,
 * --dir), laid out as LXC 5.0.2 does (checked with the real tool on a temp
 * lxcpath):
 * - dir (and best, which falls back to dir where there is no btrfs/zfs/lvm):
 *   the rootfs at <container>/rootfs, or at --dir PATH, with an empty
 *   <container>/rootfs left beside the config as LXC leaves one. The template
 *   still fills <container>/rootfs (image-fetcher only writes inside the
 *   container directory, see its container-paths.ts) and the tree is then
 *   moved to PATH (rename, or copy and remove across filesystems). PATH must
 *   not exist or be empty, and only root's containers take --dir: the
 *   executor runs as root and must not write where the owner could not;
 * - overlay / overlayfs: the template fills <container>/rootfs, the lower
 *   layer, and an empty <container>/overlay/delta (0755) is the upper; the
 *   workdir <container>/overlay/work appears at the first start. --dir is
 *   ignored, as LXC does.
 * LXC saves `lxc.rootfs.path = <type>:<path>` after the default config lines,
 * before the template's own. Without -B or --dir lxcbus keeps the line the
 * template writes (unchanged from before).
 */
import { existsSync } from 'node:fs';
import { chown, mkdir, readdir, rename, rm, rmdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { BadRequestError, ForbiddenError, type CreateRequest } from '@lxcbus/contracts';
import { copyTree } from '../toolbox/tree-copy';

export interface CreateStorage {
  /** Where the template writes the rootfs (always inside the container directory). */
  rootfs: string;
  /** --dir: where the rootfs is moved once the template ran. */
  moveTo?: string;
  /** The `lxc.rootfs.path` line saved before the template's lines, if any. */
  rootfsLine?: string;
  /** Directories to make inside the container directory (0755), through its ContainerDirWriter. */
  inside: string[];
}

export function planStorage(containerDir: string, req: Pick<CreateRequest, 'bdev' | 'rootfsDir'>): CreateStorage {
  const own = join(containerDir, 'rootfs');
  if (req.bdev === 'overlay' || req.bdev === 'overlayfs') {
    const delta = join(containerDir, 'overlay', 'delta');
    return { rootfs: own, rootfsLine: `lxc.rootfs.path = overlay:${own}:${delta}`, inside: ['overlay', 'overlay/delta'] };
  }
  if (req.rootfsDir !== undefined && req.rootfsDir !== own) {
    return { rootfs: own, moveTo: req.rootfsDir, rootfsLine: `lxc.rootfs.path = dir:${req.rootfsDir}`, inside: [] };
  }
  return { rootfs: own, inside: [] };
}

/** Refuses a --dir the executor must not fill: another owner's request, or a path in use. */
export async function checkStorage(s: CreateStorage, owner: string): Promise<void> {
  if (!s.moveTo) return;
  if (owner !== 'root') throw new ForbiddenError('lxc-create --dir is only supported for root\'s containers', { dir: s.moveTo });
  if (existsSync(s.moveTo) && (await readdir(s.moveTo)).length > 0) {
    throw new BadRequestError(`--dir ${s.moveTo} exists and is not empty`, { dir: s.moveTo });
  }
}

/** --dir: the populated rootfs goes to its place; an empty <container>/rootfs stays, as with LXC. */
export async function placeRootfs(s: CreateStorage): Promise<void> {
  if (!s.moveTo) return;
  await mkdir(dirname(s.moveTo), { recursive: true, mode: 0o755 });
  if (existsSync(s.moveTo)) await rmdir(s.moveTo);
  try {
    await rename(s.rootfs, s.moveTo);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await copyTree(s.rootfs, s.moveTo);
    await rm(s.rootfs, { recursive: true, force: true });
  }
  await mkdir(s.rootfs, { mode: 0o755 });
}

/** Removes a rootfs already moved to --dir when a later step fails (the caller removes the container directory). */
export async function discardStorage(s: CreateStorage, placed: boolean): Promise<void> {
  if (s.moveTo && placed) await rm(s.moveTo, { recursive: true, force: true });
}

/** The config saved before the template: the storage's lxc.rootfs.path replaces any from the default config. */
export function savedWithStorage(lines: readonly string[], s: CreateStorage): string[] {
  if (!s.rootfsLine) return [...lines];
  return [...lines.filter((l) => !/^\s*lxc\.rootfs\.path\s*=/.test(l)), s.rootfsLine];
}
