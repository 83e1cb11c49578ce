/**
 * lxc-snapshot on the dir backend. A snapshot is a full clone into
 * `<container>/snaps/snapN` that keeps the hostname and MACs (LXC makes a
 * "copy-clone" of dir containers too); restore clones it back, in place or
 * under a new name; destroy removes one or ALL. Running containers cannot be
 * snapshotted or restored over, as in LXC.
 */
import { Inject, Injectable } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { rm, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  IsRunningError, NotFoundError, type SnapshotReply, type SnapshotRequest, type SnapshotRow,
} from '@lxcbus/contracts';
import { EXECUTOR_SETTINGS, type ExecutorSettings } from '../executor.settings';
import { loadContainerConfig, parseConfigText } from '../containers/config-loader';
import { locate, type ContainerLocation } from '../containers/container-ref';
import { ShimRegistry } from '../supervision/shim-registry.service';
import { runCloneHooks, runDestroyHooks, runDestroyHooksOf } from './clone-hooks';
import { cloneContainer } from './container-cloner';
import { CopyService } from './copy.service';
import { listSnapshots, nextSnapshotName, snapshotTimestamp, snapsDir } from './snapshot-store';

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

  private refuseRunning(loc: ContainerLocation): void {
    if (this.registry.get(loc.runDir)) throw new IsRunningError(`${loc.name} is running`, { name: loc.name });
  }

  private async create(loc: ContainerLocation, req: Req<'create'>): Promise<SnapshotReply> {
    this.refuseRunning(loc);
    const config = loadContainerConfig(loc.configFile, loc.name);
    const name = nextSnapshotName(loc.dir);
    const dir = join(snapsDir(loc.dir), name);
    const snap = { ...loc, name, dir, configFile: join(dir, 'config') };
    try {
      const text = await cloneContainer({ dir: loc.dir, configFile: loc.configFile, config }, { dir, name }, { keepName: true, keepMac: true });
      // LXC's snapshot is a clone named snapN in <c>/snaps: its clone hooks run; a failure removes it.
      await runCloneHooks(parseConfigText(text, snap.configFile), snap, loc.name, []).catch(async (err: unknown) => {
        await runDestroyHooks(parseConfigText(text, snap.configFile), snap).catch(() => undefined);
        throw err;
      });
      const timestamp = snapshotTimestamp();
      await writeFile(join(dir, 'ts'), timestamp, { mode: 0o644 });
      if (req.comment !== undefined) await writeFile(join(dir, 'comment'), req.comment, { mode: 0o644 });
      return { snapshots: [{ name, lxcpath: snapsDir(loc.dir), timestamp }] };
    } catch (err) {
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
    if (inPlace) {
      this.refuseRunning(loc);
      // LXC destroys the container's storage and config but keeps its snapshots.
      await rm(join(loc.dir, 'rootfs'), { recursive: true, force: true });
      await rm(loc.configFile, { force: true });
    }
    await this.copier.cloneTo(from, dst, config, { keepName: false, keepMac: true }, inPlace, { srcName: req.snapshot, args: [] });
    return { snapshots: [] };
  }

  private async destroy(loc: ContainerLocation, req: Req<'destroy'>): Promise<SnapshotReply> {
    const all = await listSnapshots(loc.dir, false);
    const doomed: SnapshotRow[] = req.snapshot === 'ALL' ? all : all.filter((s) => s.name === req.snapshot);
    if (doomed.length === 0) {
      throw new NotFoundError(`Could not destroy snapshot ${req.snapshot}`, { snapshot: req.snapshot });
    }
    for (const s of doomed) {
      // LXC destroys a snapshot as a container: its destroy hooks first; a failing one keeps it.
      const dir = join(s.lxcpath, s.name);
      const snap = { ...loc, name: s.name, dir, configFile: join(dir, 'config') };
      await runDestroyHooksOf(snap);
      await rm(dir, { recursive: true, force: true });
    }
    await rmdir(snapsDir(loc.dir)).catch(() => undefined);
    return { snapshots: doomed };
  }
}
