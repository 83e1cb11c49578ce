/**
 * Removing a container's snapshots (lxc-snapshot -d, lxc-destroy -s) as LXC's
 * snapshot_destroy_all: each snapshot is destroyed as a container, its destroy hooks
 * first, and refused while containers were restored from it. How its directory goes
 * depends on who acts: root in another owner's tree never removes by a path she can
 * redirect (her lxcpath is held from `/` and `<c>/snaps` opened without following, so a
 * planted `snaps -> /var/lib/lxc` fails instead of removing root's containers); a rootless
 * executor removes her subordinate-owned files as the container's mapped root.
 */
import { lstat, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ForbiddenError, type SnapshotRow } from '@lxcbus/contracts';
import type { ContainerLocation } from '../containers/container-ref';
import { removeUserSnapshot } from '../ownership/user-tree';
import { idmapsOfFile, isRootless, removeContainerDir } from '../rootless/rootless-mode';
import { runDestroyHooksOf } from './clone-hooks';
import { removeSnapshots, type SnapshotRemoval } from './overlay-snapshots';

export async function removeSnapshotsOf(loc: ContainerLocation, rows: readonly SnapshotRow[]): Promise<SnapshotRemoval> {
  // Refused before any hook runs or any list is rewritten; the removal itself is held below anyway.
  if (loc.owner !== 'root' && (await lstat(join(loc.dir, 'snaps')).catch(() => null))?.isSymbolicLink()) {
    throw new ForbiddenError(`${join(loc.dir, 'snaps')} is a symbolic link`, { name: loc.name });
  }
  return removeSnapshots(rows, {
    beforeRemove: (s) => {
      const dir = join(s.lxcpath, s.name);
      return runDestroyHooksOf({ ...loc, name: s.name, dir, configFile: join(dir, 'config') });
    },
    remove: (s) => removeSnapshotDir(loc, s),
  });
}

async function removeSnapshotDir(loc: ContainerLocation, s: SnapshotRow): Promise<void> {
  const dir = join(s.lxcpath, s.name);
  if (isRootless()) return removeContainerDir(dir, idmapsOfFile(join(dir, 'config')));
  if (loc.owner !== 'root') return removeUserSnapshot(loc.lxcpath, loc.name, s.name, loc.owner);
  await rm(dir, { recursive: true, force: true });
}
