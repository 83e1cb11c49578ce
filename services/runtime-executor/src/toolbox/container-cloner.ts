/**
 * One container directory cloned into another on the dir backend, as
 * LXC's do_lxcapi_clone does for lxc-copy, lxc-snapshot and snapshot
 * restore: the rootfs copied with everything preserved, the fstab and the
 * hook scripts that live in the old directory copied beside the new config,
 * the config rewritten (clone-config.ts) and written last, 0640, so a
 * half-made clone never has a config.
 */
import { chmod, chown, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UnsupportedError, type CopyMount } from '@lxcbus/contracts';
import { HOOK_TYPES, type ContainerConfig } from '@lxcbus/lxc-config';
import type { Xattrs } from '@lxcbus/native';
import { cloneConfigText, clonedFstabPath } from './clone-config';
import { mountEntries } from './ephemeral-mounts';
import { copyMergedView } from './overlay-merge';
import { writeTmpfsHook } from './tmpfs-hook';
import { copyTree } from './tree-copy';

export interface CloneFrom {
  dir: string;
  configFile: string;
  config: ContainerConfig;
}

export interface CloneTo {
  dir: string;
  name: string;
  /** The directory exists already (restoring a snapshot in place). */
  exists?: boolean;
}

export interface CloneOptions {
  keepName: boolean;
  keepMac: boolean;
  /**
   * lxc-copy -s on a dir origin: no copy of the rootfs but an empty
   * `rootfs/` mountpoint, `overlay/{delta,work}`, and
   * `lxc.rootfs.path = overlay:<origin rootfs>:<clone>/overlay/delta`.
   */
  overlay?: boolean;
  /** lxc-copy -e: `lxc.ephemeral = 1` after the name, as LXC writes it. */
  ephemeral?: boolean;
  /** lxc-copy -e -t: the overlay on a tmpfs through LXC's pre-mount hook script (tmpfs-hook.ts). */
  tmpfs?: boolean;
  /** lxc-copy -e -m: mount entries appended last (ephemeral-mounts.ts). */
  mounts?: CopyMount[];
  /**
   * A full (dir) copy of an overlay container: its merged view is copied into
   * `rootfs/` (overlay-merge.ts, which reads overlayfs's attributes with these).
   */
  xattrs?: Xattrs;
}

/** The new directory with the old one's owner (the mapped root of an unprivileged container). */
async function makeDir(from: string, to: CloneTo): Promise<void> {
  if (to.exists) return;
  const st = await stat(from);
  await mkdir(dirname(to.dir), { recursive: true, mode: 0o755 });
  await mkdir(to.dir);
  // LXC leaves container directories 0770 whatever the umask.
  await chmod(to.dir, 0o770);
  await chown(to.dir, st.uid, st.gid);
}

function hookFiles(from: CloneFrom): string[] {
  return HOOK_TYPES.flatMap((t) => from.config.hooks(t)).filter((h) => h.startsWith(`${from.dir}/`));
}

async function copyCompanions(from: CloneFrom, to: CloneTo): Promise<void> {
  const fstab = from.config.mountFstab();
  if (fstab !== undefined) await copyTree(fstab, clonedFstabPath(fstab, to.dir));
  for (const hook of new Set(hookFiles(from))) {
    const target = `${to.dir}${hook.slice(from.dir.length)}`;
    await mkdir(dirname(target), { recursive: true });
    await copyTree(hook, target);
  }
}

/** An overlay rootfs (`overlay:` or the older `overlayfs:` prefix), as LXC's storage driver names them. */
export const isOverlay = (type: string | undefined): boolean => type === 'overlay' || type === 'overlayfs';

/**
 * An overlay clone's layers: of a dir origin, its rootfs is the lower; of an
 * overlay clone (a clone of a clone), LXC 5.0.2 does not stack a third layer
 * but keeps the same lower and copies the source's delta into the new one
 * (its ovl_clonepaths rsyncs it).
 */
async function overlayLayers(from: CloneFrom, to: CloneTo): Promise<string> {
  const rootfs = from.config.rootfs();
  const delta = join(to.dir, 'overlay', 'delta');
  const overlay = rootfs !== undefined && isOverlay(rootfs.type);
  const [lower, upper] = overlay ? rootfs.path.split(':') : [rootfs && rootfs.path ? rootfs.path : join(from.dir, 'rootfs')];
  const made = ['rootfs', 'overlay', ...(overlay ? [] : ['overlay/delta']), 'overlay/work'];
  // recursive: an in-place snapshot restore finds rootfs/, overlay/ and overlay/work there already.
  for (const d of made.slice(0, 2)) await mkdir(join(to.dir, d), { mode: 0o755, recursive: true });
  if (overlay) await copyTree(upper, delta);
  for (const d of made.slice(2)) await mkdir(join(to.dir, d), { mode: 0o755, recursive: true });
  // The container's root mounts the overlay: in a user namespace it must own the upper and work
  // layers (LXC's chown_mapped_root), i.e. be the owner of the (shifted) lower layer's root.
  const owner = await stat(lower);
  if (owner.uid !== 0 || owner.gid !== 0) for (const d of made) await chown(join(to.dir, d), owner.uid, owner.gid);
  return `overlay:${lower}:${delta}`;
}

/** Returns the text written as the clone's config. */
export async function cloneContainer(from: CloneFrom, to: CloneTo, opts: CloneOptions): Promise<string> {
  const rootfs = from.config.rootfs();
  const merge = rootfs !== undefined && isOverlay(rootfs.type) && !opts.overlay && opts.xattrs !== undefined;
  if (rootfs && rootfs.type !== 'dir' && !(opts.overlay && isOverlay(rootfs.type)) && !merge) {
    throw new UnsupportedError(`copying a ${rootfs.type} rootfs is not supported yet (dir only)`);
  }
  await makeDir(from.dir, to);
  let newRootfs: string | undefined;
  if (opts.overlay) {
    newRootfs = await overlayLayers(from, to);
  } else if (merge && opts.xattrs) {
    newRootfs = `dir:${join(to.dir, 'rootfs')}`;
    const [lower, upper] = rootfs.path.split(':');
    await copyMergedView(lower, upper, join(to.dir, 'rootfs'), opts.xattrs);
  } else if (rootfs && rootfs.path) {
    newRootfs = `dir:${join(to.dir, 'rootfs')}`;
    await copyTree(rootfs.path, join(to.dir, 'rootfs'));
  }
  await copyCompanions(from, to);
  const head = cloneConfigText(await readFile(from.configFile, 'utf8'), {
    oldDir: from.dir, newDir: to.dir, newName: to.name, newRootfs, keepName: opts.keepName, keepMac: opts.keepMac,
  }, from.config.mountFstab());
  // LXC's order after the name: the tmpfs hook, lxc.ephemeral, then the -m mount entries.
  const tail = [...(opts.tmpfs ? [await writeTmpfsHook(to.dir, to.name, opts.keepName)] : []),
    ...(opts.ephemeral ? ['lxc.ephemeral = 1'] : []), ...await mountEntries(opts.mounts ?? [], to.dir)];
  const text = head + tail.map((l) => `${l}\n`).join('');
  const file = join(to.dir, 'config');
  await writeFile(`${file}.tmp`, text, { mode: 0o640 });
  await rename(`${file}.tmp`, file);
  return text;
}
