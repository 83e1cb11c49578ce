/**
 * Snapshots of overlay containers (an `lxc-copy -s` clone, `lxc-create -B
 * overlay`), laid out and recorded as LXC 5.0.2 does (checked side by side,
 * docs/decisions/snapshot-overlay.md):
 * - the snapshot `<c>/snaps/snapN` is an overlay on the same lower layer with
 *   a copy of the container's delta; its lxc_rdepends is a copy of the
 *   container's (no entry for the container itself: ovl_clonepaths records no
 *   dependency inside snaps/), and every container listed there gains the
 *   snapshot (`<c>/snaps`, `snapN`) in its lxc_snapshots;
 * - restoring in place keeps the container's directory and lxc_rdepends,
 *   replaces its config and delta; the container leaves its origins' lists and
 *   comes back at their end;
 * - restoring under a new name makes an overlay clone of the snapshot that
 *   depends on the snapshot's origins and on the snapshot itself.
 * Restores regenerate the MACs (LXC's overlay restore clones without KEEPMACADDR).
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { SnapshotRow } from '@lxcbus/contracts';
import type { ContainerConfig } from '@lxcbus/lxc-config';
import { cloneContainer, isOverlay } from './container-cloner';
import { addClone, hasClones, originsOf, RDEPENDS_FILE, removeClone, writeOrigins, type ContainerPath } from './overlay-clones';

export function isOverlayConfig(config: ContainerConfig): boolean {
  return isOverlay(config.rootfs()?.type);
}

/** The directory of a container at `p`. */
const dirOf = (p: ContainerPath) => join(p.lxcpath, p.name);

/**
 * LXC's copy_rdepends + mod_all_rdeps(c2, true): the new container's lxc_rdepends
 * is `deps` (written only when the source had the file, or `extra` is given),
 * and it joins the lxc_snapshots of each container listed there.
 */
async function recordDependencies(fromDir: string, to: ContainerPath, extra?: ContainerPath): Promise<ContainerPath[]> {
  const had = existsSync(join(fromDir, RDEPENDS_FILE));
  const deps = [...await originsOf(fromDir), ...(extra ? [extra] : [])];
  if (had || extra) await writeOrigins(dirOf(to), deps);
  for (const d of deps) await addClone(dirOf(d), to);
  return deps;
}

async function forget(deps: readonly ContainerPath[], who: ContainerPath): Promise<void> {
  for (const d of deps) await removeClone(dirOf(d), who).catch(() => undefined);
}

export interface OverlaySource {
  dir: string;
  configFile: string;
  config: ContainerConfig;
}

/** lxc-snapshot of an overlay container into `<snapsDir>/<name>`; undone if anything fails. */
export async function createOverlaySnapshot(src: OverlaySource, snapsDir: string, name: string): Promise<void> {
  const snap = { lxcpath: snapsDir, name };
  await cloneContainer(src, { dir: dirOf(snap), name }, { keepName: true, keepMac: true, overlay: true });
  let deps: ContainerPath[] = [];
  try {
    deps = await originsOf(src.dir);
    await recordDependencies(src.dir, snap);
  } catch (err) {
    await forget(deps, snap);
    throw err;
  }
}

/**
 * The part of an in-place restore before the clone: the container leaves its
 * origins' lists (LXC's container_destroy under OVERLAY_RESTORE), and its
 * config and delta go; lxc_rdepends, snaps/ and the rest of the directory stay.
 */
export async function clearForRestore(target: ContainerPath, config: ContainerConfig, configFile: string): Promise<void> {
  await forget(await originsOf(dirOf(target)), target);
  await rm(configFile, { force: true });
  const upper = config.rootfs()?.path.split(':')[1];
  // Only the container's own delta: a foreign upper path is left alone.
  if (upper && upper.startsWith(`${dirOf(target)}/`)) await rm(upper, { recursive: true, force: true });
}

/**
 * After the clone of a restore: in place, the container depends on what the
 * snapshot depends on; under a new name, on that and on the snapshot too.
 */
export async function recordRestore(snap: ContainerPath, target: ContainerPath, inPlace: boolean): Promise<void> {
  await recordDependencies(dirOf(snap), target, inPlace ? undefined : snap);
}

/** Before a snapshot goes: it leaves the lxc_snapshots of what it depends on. */
export async function forgetSnapshot(snap: ContainerPath): Promise<void> {
  await forget(await originsOf(dirOf(snap)), snap);
}

export interface SnapshotRemoval {
  removed: SnapshotRow[];
  /** Snapshots kept because containers were restored from them (their lxc_snapshots is not empty). */
  blocked: string[];
}

/**
 * Removes snapshots as LXC's do_snapshot_destroy / remove_all_snapshots: one
 * that others depend on is refused ("has snapshots on its rootfs") and the
 * others still go; each leaves the lists of the containers it depended on.
 */
export interface SnapshotRemover {
  /** Its destroy hooks: a failing one keeps it and ends the removal. */
  beforeRemove?: (s: SnapshotRow) => Promise<void>;
  /** Its directory (snapshot-removal.ts: by held fds for another owner); `rm -rf` by path without. */
  remove?: (s: SnapshotRow) => Promise<void>;
}

export async function removeSnapshots(rows: readonly SnapshotRow[], how: SnapshotRemover = {}): Promise<SnapshotRemoval> {
  const out: SnapshotRemoval = { removed: [], blocked: [] };
  for (const s of rows) {
    if (hasClones(dirOf(s))) {
      out.blocked.push(s.name);
      continue;
    }
    await how.beforeRemove?.(s);
    await forgetSnapshot(s);
    await (how.remove ? how.remove(s) : rm(dirOf(s), { recursive: true, force: true }));
    out.removed.push(s);
  }
  return out;
}
