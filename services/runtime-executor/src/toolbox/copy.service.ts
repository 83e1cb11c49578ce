/**
 * lxc-copy on the dir backend: a full copy (optionally to another lxcpath,
 * keeping the hostname or MACs) or a rename (copy, then the source removed).
 * A running source is refused unless -a; the new container is announced
 * with `created`, a renamed source with `destroyed`.
 */
import { Inject, Injectable } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AlreadyExistsError, HasSnapshotsError, HookFailedError, IsRunningError, UnsupportedError, type CopyReply, type CopyRequest,
} from '@lxcbus/contracts';
import { nativeXattrs } from '@lxcbus/native';
import { EXECUTOR_SETTINGS, type ExecutorSettings } from '../executor.settings';
import { configSummary, loadContainerConfig, parseConfigText } from '../containers/config-loader';
import { locate, refOf, type ContainerLocation } from '../containers/container-ref';
import { StatePublisher } from '../lifecycle/state-publisher';
import { ShimRegistry } from '../supervision/shim-registry.service';
import { runCloneHooks, runDestroyHooksOf } from './clone-hooks';
import { IdmapGuard } from '../containers/idmap-guard';
import { isRootless } from '../rootless/rootless-mode';
import type { ContainerConfig } from '@lxcbus/lxc-config';
import { cloneContainer, isOverlay, type CloneOptions } from './container-cloner';
import { addClone, hasClones, originsOf, writeOrigins } from './overlay-clones';
import { hasSnapshots } from './snapshot-store';


/**
 * A full copy keeps the source's store unless -B names another, as LXC's clone
 * does; but a full copy into another lxcpath without -B is a dir copy
 * (storage_copy: `!snap && oldpath != lxcpath` picks dir), so it is not refused as overlay.
 */
export function fullCopyOnOverlay(sourceType: string | undefined, bdev: string | undefined, otherLxcpath = false): boolean {
  return isOverlay(bdev ?? (otherLxcpath ? 'dir' : sourceType ?? 'dir'));
}

@Injectable()
export class CopyService {
  constructor(
    @Inject(EXECUTOR_SETTINGS) private readonly settings: ExecutorSettings,
    private readonly registry: ShimRegistry,
    private readonly publisher: StatePublisher,
    private readonly idmapGuard: IdmapGuard,
  ) {}

  /**
   * The clone hooks of a container, checked first when root runs them for another owner: they run as
   * the host ids of her container's root, read from her own config, so her maps must be ones
   * /etc/subuid and /etc/subgid delegate to her (the id-mapper says), as at create and start.
   */
  async runCloneHooks(config: ContainerConfig, loc: ContainerLocation, srcName: string, args: string[]): Promise<void> {
    if (config.hooks('clone').length === 0) return;
    if (loc.owner !== 'root' && !isRootless()) await this.idmapGuard.check(loc.owner, config);
    await runCloneHooks(config, loc, srcName, args);
  }

  /** Where the copy goes: -R keeps the lxcpath, -p names another. */
  target(host: string, owner: string, req: CopyRequest): ContainerLocation {
    const src = locate(this.settings, host, owner, req.name, req.lxcpath);
    return locate(this.settings, host, owner, req.newName, req.rename ? src.lxcpath : req.newLxcpath ?? src.lxcpath);
  }

  async copy(host: string, owner: string, req: CopyRequest): Promise<CopyReply> {
    const src = locate(this.settings, host, owner, req.name, req.lxcpath);
    const dst = this.target(host, owner, req);
    const config = loadContainerConfig(src.configFile, req.name);
    if (this.registry.get(src.runDir) && (req.rename || !req.allowRunning)) {
      throw new IsRunningError(`Original container (${req.name}) is running`, { name: req.name });
    }
    if (req.rename && hasSnapshots(src.dir)) {
      throw new HasSnapshotsError(`Renaming a container with snapshots is not supported`, { name: req.name });
    }
    if (req.rename && hasClones(src.dir)) {
      throw new UnsupportedError(`Renaming a container with overlay clones is not supported`, { name: req.name });
    }
    if (!req.snapshot && !req.ephemeral && fullCopyOnOverlay(config.rootfs()?.type, req.bdev, dst.lxcpath !== src.lxcpath)) {
      // LXC's ovl_clonepaths: a full copy onto overlay (asked for, or kept from an overlay source) is refused.
      throw new UnsupportedError('The overlay storage driver can only be used for snapshots', {
        name: req.name, rootfs: config.rootfs()?.path || `${src.dir}/rootfs`, overlayFullCopy: true,
      });
    }
    if (req.snapshot || req.ephemeral) {
      if (req.rename) throw new UnsupportedError('-R and -s together', { name: req.name });
      await this.snapshotClone(src, dst, config, req);
      return { name: dst.name, lxcpath: dst.lxcpath };
    }
    // The merge removes, chmods and links by path inside the new tree, which another owner's mapped
    // root can race from her container: root does not do it for her (docs/decisions/snapshot-overlay.md).
    if (src.owner !== 'root' && !isRootless() && isOverlay(config.rootfs()?.type)) {
      throw new UnsupportedError(`a dir copy of ${src.owner}'s overlay clone is not supported in a root-run stack`, { name: req.name });
    }
    // xattrs: a dir copy of an overlay clone copies its merged view (LXC rsyncs the mounted overlay).
    await this.cloneTo(src, dst, config, { keepName: req.keepName && !req.rename, keepMac: req.keepMac || req.rename, xattrs: nativeXattrs() }, false,
      { srcName: src.name, args: req.hookArgs });
    if (req.rename) {
      // LXC's rename destroys the original as lxc-destroy does: its destroy hooks first. A failing
      // one leaves both (measured: lxc-copy -R exits 1 silently, the new container stays).
      await runDestroyHooksOf(src);
      await rm(src.dir, { recursive: true, force: true });
      await this.publisher.destroyed(refOf(src));
    }
    return { name: dst.name, lxcpath: dst.lxcpath };
  }

  /**
   * lxc-copy -s on a dir origin or an overlay clone, as LXC 5.0.2: the clone
   * mounts an overlay over the origin's rootfs (a clone of a clone: over the
   * same lower, with a copy of the source's delta); its lxc_rdepends names the
   * source and the source's lxc_snapshots gains the clone (written after the clone's config,
   * so a failed clone is never listed).
   */
  private async snapshotClone(src: ContainerLocation, dst: ContainerLocation,
    config: ReturnType<typeof loadContainerConfig>, req: CopyRequest): Promise<void> {
    const rootfs = config.rootfs();
    if (rootfs && !['dir', 'overlay', 'overlayfs'].includes(rootfs.type)) {
      throw new UnsupportedError(`snapshot clones of a ${rootfs.type} rootfs are not supported yet (dir and overlay only)`, { name: req.name });
    }
    // -e -D: no lxc.ephemeral line, so the clone stays when it stops (lxc_copy.c's keepdata).
    await this.cloneTo(src, dst, config, {
      keepName: req.keepName, keepMac: req.keepMac, overlay: true, ephemeral: req.ephemeral && !req.keepData,
      tmpfs: req.ephemeral && req.tmpfs,
      mounts: req.ephemeral ? req.mounts : [],
    }, false, { srcName: src.name, args: req.hookArgs ?? [] }); // -e -- COMMAND: its words too, as LXC (measured)
    try {
      const origins = [...await originsOf(src.dir), { lxcpath: src.lxcpath, name: src.name }];
      await writeOrigins(dst.dir, origins);
      for (const o of origins) await addClone(join(o.lxcpath, o.name), { lxcpath: dst.lxcpath, name: dst.name });
    } catch (err) {
      await rm(dst.dir, { recursive: true, force: true });
      await this.publisher.destroyed(refOf(dst));
      throw err;
    }
  }

  /**
   * Shared with snapshot restore: refuses an existing target, removes a half-made one. With `hooks`
   * (lxc-copy), the clone's lxc.hook.clone run last; a failing one removes the clone as LXC does,
   * through lxc-destroy's path (its destroy hooks run, their failure ignored).
   */
  async cloneTo(src: { dir: string; configFile: string }, dst: ContainerLocation,
    config: ReturnType<typeof loadContainerConfig>, opts: CloneOptions, inPlace = false,
    hooks?: { srcName: string; args: string[] }): Promise<void> {
    if (!inPlace && (existsSync(dst.configFile) || existsSync(dst.dir))) {
      throw new AlreadyExistsError(`clone: ${dst.configFile} exists`, { name: dst.name });
    }
    let text: string;
    try {
      text = await cloneContainer({ dir: src.dir, configFile: src.configFile, config }, { dir: dst.dir, name: dst.name, exists: inPlace }, opts);
      if (hooks) await this.runCloneHooks(parseConfigText(text, dst.configFile), dst, hooks.srcName, hooks.args);
    } catch (err) {
      // A clone that is not kept is destroyed as LXC destroys a failed clone: its destroy hooks, whatever
      // state the failed hook left its config in, then the directory. An in-place restore is not destroyed.
      if (err instanceof HookFailedError && !inPlace) await runDestroyHooksOf(dst).catch(() => undefined);
      if (!inPlace) await rm(dst.dir, { recursive: true, force: true });
      throw err;
    }
    await this.publisher.created(refOf(dst), configSummary(parseConfigText(text, dst.configFile)));
  }
}
