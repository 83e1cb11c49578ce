/**
 * lxc-snapshot. On the dir backend a snapshot is a full clone into
 * `<container>/snaps/snapN` that keeps the hostname and MACs (LXC makes a
 * "copy-clone" of dir containers too); an overlay container's snapshot is an
 * overlay on the same lower layer (overlay-snapshots.ts). Restore clones it
 * back, in place or under a new name; destroy removes one or ALL. Running
 * containers cannot be snapshotted or restored over, as in LXC.
 */
import { Inject, Injectable } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  HasSnapshotsError, HookFailedError, IsRunningError, NotFoundError, type SnapshotReply, type SnapshotRequest, type SnapshotRow,
} from '@lxcbus/contracts';
import { EXECUTOR_SETTINGS, type ExecutorSettings } from '../executor.settings';
import { loadContainerConfig, parseConfigText } from '../containers/config-loader';
import { locate, type ContainerLocation } from '../containers/container-ref';
import { ShimRegistry } from '../supervision/shim-registry.service';
import { runDestroyHooksOf } from './clone-hooks';
import { cloneContainer } from './container-cloner';
import { CopyService } from './copy.service';
import { removeSnapshotsOf } from './snapshot-removal';
import { listSnapshots, nextSnapshotName, snapshotTimestamp, snapsDir } from './snapshot-store';
import {
  clearForRestore, createOverlaySnapshot, forgetSnapshot, isOverlayConfig, recordRestore,
} from './overlay-snapshots';

type Req<A extends SnapshotRequest['action']> = Extract<SnapshotRequest, { action: A }>;

@Injectable()
export class SnapshotService {
  constructor(
    @Inject(EXECUTOR_SETTINGS) private readonly settings: ExecutorSettings,
    private readonly registry: ShimRegistry,
    private readonly copier: CopyService,
  ) {}

  async run(host: string, owner: string, req: SnapshotRequest): Promise<SnapshotReply> {
    const loc = locate(this.settings, host, owner, req.name, req.lxcpath);
    if (!existsSync(loc.configFile)) throw new NotFoundError(`${req.name} doesn't exist`, { name: req.name });
    switch (req.action) {
      case 'create': return this.create(loc, req);
      case 'list': return { snapshots: await listSnapshots(loc.dir, req.comments) };
      case 'restore': return this.restore(host, owner, loc, req);
      case 'destroy': return this.destroy(loc, req);
    }
  }

  private refuseRunning(loc: ContainerLocation, details: Record<string, unknown> = {}): void {
    if (this.registry.get(loc.runDir)) throw new IsRunningError(`${loc.name} is running`, { name: loc.name, ...details });
  }

  private async create(loc: ContainerLocation, req: Req<'create'>): Promise<SnapshotReply> {
    const config = loadContainerConfig(loc.configFile, loc.name);
    const overlay = isOverlayConfig(config);
    // overlay: LXC's refusal has no copy-clone notice then.
    this.refuseRunning(loc, overlay ? { overlay: true } : {});
    const name = nextSnapshotName(loc.dir);
    const dir = join(snapsDir(loc.dir), name);
    const from = { dir: loc.dir, configFile: loc.configFile, config };
    const snap = { ...loc, name, dir, configFile: join(dir, 'config') };
    try {
      if (overlay) await createOverlaySnapshot(from, snapsDir(loc.dir), name);
      else await cloneContainer(from, { dir, name }, { keepName: true, keepMac: true });
      // LXC's snapshot is a clone named snapN in <c>/snaps: its clone hooks run; a failure removes it.
      const text = await readFile(snap.configFile, 'utf8');
      await this.copier.runCloneHooks(parseConfigText(text, snap.configFile), snap, loc.name, []).catch(async (err: unknown) => {
        if (err instanceof HookFailedError) await runDestroyHooksOf(snap).catch(() => undefined);
        throw err;
      });
      const timestamp = snapshotTimestamp();
      await writeFile(join(dir, 'ts'), timestamp, { mode: 0o644 });
      if (req.comment !== undefined) await writeFile(join(dir, 'comment'), req.comment, { mode: 0o644 });
      return { snapshots: [{ name, lxcpath: snapsDir(loc.dir), timestamp }], ...(overlay && { overlay: true }) };
    } catch (err) {
      if (overlay) await forgetSnapshot({ lxcpath: snapsDir(loc.dir), name }).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
  }

  private async restore(host: string, owner: string, loc: ContainerLocation, req: Req<'restore'>): Promise<SnapshotReply> {
    const from = { dir: join(snapsDir(loc.dir), req.snapshot), configFile: join(snapsDir(loc.dir), req.snapshot, 'config') };
    if (!existsSync(from.configFile)) throw new NotFoundError(`Could not open snapshot ${req.snapshot}`, { snapshot: req.snapshot });
    const config = loadContainerConfig(from.configFile, req.snapshot);
    const newName = req.newName ?? req.name;
    const inPlace = newName === req.name;
    const dst = inPlace ? loc : locate(this.settings, host, owner, newName, loc.lxcpath);
    const overlay = isOverlayConfig(config);
    if (inPlace) {
      this.refuseRunning(loc);
      const current = loadContainerConfig(loc.configFile, loc.name);
      if (overlay && isOverlayConfig(current)) {
        await clearForRestore({ lxcpath: loc.lxcpath, name: loc.name }, current, loc.configFile);
      } else {
        // LXC destroys the container's storage and config but keeps its snapshots.
        await rm(join(loc.dir, 'rootfs'), { recursive: true, force: true });
        await rm(loc.configFile, { force: true });
      }
    }
    // An overlay snapshot is restored as an overlay clone of it, with new MACs (LXC clones it without KEEPMACADDR).
    await this.copier.cloneTo(from, dst, config, { keepName: false, keepMac: !overlay, overlay }, inPlace, { srcName: req.snapshot, args: [] });
    if (overlay) await this.recordRestore(loc, req.snapshot, dst, inPlace);
    return { snapshots: [] };
  }

  private async recordRestore(loc: ContainerLocation, snapshot: string, dst: ContainerLocation, inPlace: boolean): Promise<void> {
    try {
      await recordRestore({ lxcpath: snapsDir(loc.dir), name: snapshot }, { lxcpath: dst.lxcpath, name: dst.name }, inPlace);
    } catch (err) {
      // A new container that could not be recorded is not left behind.
      if (!inPlace) await rm(dst.dir, { recursive: true, force: true });
      throw err;
    }
  }

  private async destroy(loc: ContainerLocation, req: Req<'destroy'>): Promise<SnapshotReply> {
    const all = await listSnapshots(loc.dir, false);
    const doomed: SnapshotRow[] = req.snapshot === 'ALL' ? all : all.filter((s) => s.name === req.snapshot);
    if (doomed.length === 0) {
      throw new NotFoundError(`Could not destroy snapshot ${req.snapshot}`, { snapshot: req.snapshot });
    }
    const { removed, blocked } = await removeSnapshotsOf(loc, doomed);
    await rmdir(snapsDir(loc.dir)).catch(() => undefined);
    if (blocked.length > 0) {
      throw new HasSnapshotsError(`container ${blocked[0]} has snapshots on its rootfs`, {
        name: req.name, snapshot: req.snapshot, snapshotClones: blocked, snaps: snapsDir(loc.dir),
      });
    }
    return { snapshots: removed };
  }
}
