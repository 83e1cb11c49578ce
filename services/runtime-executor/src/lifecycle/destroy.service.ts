/**
 * lxc-destroy: refuses a container with snapshots unless -s and a running one unless -f (then kills it),
 * removes the directory, publishes `destroyed`.
 */
import { Inject, Injectable } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { HasSnapshotsError, IsRunningError, NotFoundError, type DestroyReply, type DestroyRequest } from '@lxcbus/contracts';
import { EXECUTOR_SETTINGS, type ExecutorSettings } from '../executor.settings';
import { locate, refOf, type ContainerLocation } from '../containers/container-ref';
import { ShimRegistry } from '../supervision/shim-registry.service';
import { hasClones, originsOf, removeClone } from '../toolbox/overlay-clones';
import { hasSnapshots, listSnapshots, snapsDir } from '../toolbox/snapshot-store';
import { removeSnapshotsOf } from '../toolbox/snapshot-removal';
import { StatePublisher } from './state-publisher';
import { runDestroyHooksOf } from '../toolbox/clone-hooks';
import { idmapsOfFile, isRootless, removeContainerDir } from '../rootless/rootless-mode';
import { removeUserContainer } from '../ownership/user-tree';

@Injectable()
export class DestroyService {
  constructor(
    @Inject(EXECUTOR_SETTINGS) private readonly settings: ExecutorSettings,
    private readonly registry: ShimRegistry,
    private readonly publisher: StatePublisher,
  ) {}

  async destroy(host: string, owner: string, req: DestroyRequest): Promise<DestroyReply> {
    const loc = locate(this.settings, host, owner, req.name, req.lxcpath);
    if (!existsSync(loc.configFile) && !existsSync(loc.dir)) throw new NotFoundError('Container is not defined', { name: req.name });
    // An overlay-clone origin is refused first (lxc_destroy.c checks lxc_snapshots before snaps/).
    if (hasClones(loc.dir)) {
      throw new HasSnapshotsError(`Destroying ${req.name} failed: ${req.name} has clones`, { name: req.name, clones: true });
    }
    // LXC checks this before the running state; -s removes snaps/ with the directory.
    if (!req.snapshots && hasSnapshots(loc.dir)) {
      throw new HasSnapshotsError(`Destroying ${req.name} failed: ${req.name} has snapshots`, { name: req.name });
    }
    const live = this.registry.get(loc.runDir);
    if (live) {
      if (!req.force) throw new IsRunningError(`${req.name} is running`, { name: req.name });
      await live.handle.kill(9);
      await live.stopped;
    }
    if (req.snapshots) await this.removeSnapshots(loc, req.name);
    // LXC's container_destroy: the destroy hooks first; a failing one leaves everything in place.
    await runDestroyHooksOf(loc);
    const origins = await originsOf(loc.dir);
    if (isRootless()) await removeContainerDir(loc.dir, idmapsOfFile(loc.configFile));
    else if (loc.owner !== 'root') await removeUserContainer(loc.lxcpath, loc.name, loc.owner);
    else await rm(loc.dir, { recursive: true, force: true });
    // A snapshot clone leaves the lxc_snapshots of every container it depends on (a clone of a clone: two).
    for (const o of origins) await removeClone(join(o.lxcpath, o.name), { lxcpath: loc.lxcpath, name: loc.name });
    await this.publisher.destroyed(refOf(loc));
    return { name: req.name };
  }

  /**
   * -s: the snapshots go first, each leaving the lists of what it depends on; one
   * that containers were restored from is kept, and then the container too (LXC's
   * do_lxcapi_destroy_with_snapshots fails after removing the others).
   */
  private async removeSnapshots(loc: ContainerLocation, name: string): Promise<void> {
    const dir = loc.dir;
    const { blocked } = await removeSnapshotsOf(loc, await listSnapshots(dir, false));
    if (blocked.length > 0) {
      throw new HasSnapshotsError(`container ${blocked[0]} has snapshots on its rootfs`, {
        name, snapshot: 'ALL', snapshotClones: blocked, snaps: snapsDir(dir),
      });
    }
  }
}
