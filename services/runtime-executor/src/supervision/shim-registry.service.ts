/**
 * The containers this executor supervises. Each live container has one
 * watch connection to its shim; when init exits the registry releases its
 * network leases, publishes the exit, STOPPING and STOPPED, and clears the run dir. On boot it scans the run
 * dirs: live shims are re-adopted, exits that happened while no executor
 * watched are published as missed exits. When init died the way a reboot kills it
 * (reboot-exit.ts) the leases and an ephemeral container are kept and the restarter
 * (lifecycle/reboot.service.ts) starts the container again.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { ContainerRef } from '@lxcbus/contracts';
import { containersRunRoot, EXECUTOR_SETTINGS, type ExecutorSettings } from '../executor.settings';
import { KERNEL_PORT, type ExitStatus, type KernelPort, type ShimHandle } from '../kernel/kernel.port';
import { StatePublisher } from '../lifecycle/state-publisher';
import { NetLeaseClient } from '../network/net-lease.client';
import { readNetRecord } from '../network/net-record';
import { readRunRecord, type RunRecord } from './run-record';
import { locate } from '../containers/container-ref';
import { destroyEphemeral, isEphemeral } from '../toolbox/ephemeral';
import { isRebootExit, launchOf, type LaunchContext } from './reboot-exit';

export interface Supervised {
  ref: ContainerRef;
  record: RunRecord;
  runDir: string;
  handle: ShimHandle;
  initPid: number;
  /** Resolves after STOPPED has been published. */
  stopped: Promise<ExitStatus>;
  launch: LaunchContext;
  /** After the exit: the restarted container when it was a reboot and the restart succeeded, else null. */
  next: Promise<Supervised | null>;
}

/**
 * Starts a rebooted container again. Called before the old entry is dropped so it can queue
 * behind the container's lock at once; `finished` resolves once STOPPED has been published.
 */
export type Restarter = (ref: ContainerRef, launch: LaunchContext, finished: Promise<void>) => Promise<Supervised | null>;

@Injectable()
export class ShimRegistry implements OnApplicationBootstrap {
  private readonly logger = new Logger(ShimRegistry.name);
  private readonly live = new Map<string, Supervised>();
  private restarter?: Restarter;

  constructor(
    @Inject(KERNEL_PORT) private readonly kernel: KernelPort,
    @Inject(EXECUTOR_SETTINGS) private readonly settings: ExecutorSettings,
    private readonly publisher: StatePublisher,
    private readonly net: NetLeaseClient,
  ) {}

  get(runDir: string): Supervised | undefined {
    return this.live.get(runDir);
  }

  all(): Supervised[] {
    return [...this.live.values()];
  }

  /** Set once by the reboot service; without it a reboot is a halt. */
  onReboot(restarter: Restarter): void {
    this.restarter = restarter;
  }

  supervise(record: RunRecord, runDir: string, initPid: number, launch?: LaunchContext): Supervised {
    const handle = this.kernel.connect(runDir);
    const ref: ContainerRef = { host: record.host, owner: record.owner, name: record.name, lxcpath: record.lxcpath };
    let settle: (next: Supervised | null) => void = () => undefined;
    const next = new Promise<Supervised | null>((r) => { settle = r; });
    const exited = handle.watch().catch((err: unknown) => {
      this.logger.error({ err, container: record.name }, 'lost the shim without an exit record');
      return { status: 0, code: null, signal: null } as ExitStatus;
    });
    const stopped = exited.then(async (exit) => {
      const { restarted } = await this.finishOrReboot(ref, runDir, exit, entry.launch, false);
      if (restarted) restarted.then(settle, () => settle(null));
      else settle(null);
      return exit;
    });
    const entry: Supervised = { ref, record, runDir, handle, initPid, stopped, next, launch: launch ?? launchOf(record) };
    this.live.set(runDir, entry);
    return entry;
  }

  /**
   * finish(), and for a reboot the restart, queued before the entry goes. Resolves after finish()
   * with the restart's outcome still pending (wrapped: an async function would wait for it).
   */
  private async finishOrReboot(
    ref: ContainerRef, runDir: string, exit: ExitStatus, launch: LaunchContext, missed: boolean,
  ): Promise<{ restarted: Promise<Supervised | null> | null }> {
    const reboot = this.restarter !== undefined && isRebootExit(exit, launch);
    let finished: () => void = () => undefined;
    const restarted = reboot ? this.restarter!(ref, launch, new Promise<void>((r) => { finished = r; })) : null;
    try {
      await this.finish(ref, runDir, exit, missed, reboot);
    } finally {
      finished();
    }
    return { restarted };
  }

  private async finish(ref: ContainerRef, runDir: string, exit: ExitStatus, missed: boolean, reboot = false): Promise<void> {
    // Before STOPPED is published, so whoever sees STOPPED finds the addresses free again. A reboot
    // keeps them: the restart's allocation replaces the record, so no other container takes them meanwhile.
    if (!reboot) await this.net.release(ref);
    // lxc.ephemeral = 1: gone before STOPPED is seen, `destroyed` published after it; kept over a reboot as in LXC.
    const ephemeral = !reboot && await this.destroyEphemeral(ref);
    try {
      await this.publisher.exited(ref, exit, missed);
    } catch (err) {
      this.logger.error({ err, container: ref.name }, 'could not publish the exit');
    } finally {
      this.live.delete(runDir);
      await this.kernel.clearRunDir(runDir).catch(() => undefined);
    }
    if (ephemeral) await this.publisher.destroyed(ref).catch((err: unknown) => this.logger.error({ err, container: ref.name }, 'could not publish destroyed'));
  }

  private async destroyEphemeral(ref: ContainerRef): Promise<boolean> {
    try {
      const loc = locate(this.settings, ref.host, ref.owner, ref.name, ref.lxcpath);
      if (!isEphemeral(loc.configFile)) return false;
      await destroyEphemeral(loc.dir, loc.lxcpath, loc.name);
      return true;
    } catch (err) {
      this.logger.error({ err, container: ref.name }, 'could not destroy an ephemeral container');
      return false;
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    const found = await this.kernel.scan(containersRunRoot(this.settings));
    for (const s of found) {
      const record = await readRunRecord(s.runDir);
      if (!record) {
        this.logger.warn({ runDir: s.runDir }, 'run dir without ref.json; leaving it alone');
        continue;
      }
      const ref: ContainerRef = { host: record.host, owner: record.owner, name: record.name, lxcpath: record.lxcpath };
      if (s.live && s.initPid) {
        const live = this.supervise(record, s.runDir, s.initPid);
        const ips = (await readNetRecord(s.runDir))?.ips ?? [];
        // A container frozen while no executor ran is still frozen: say so, not RUNNING.
        const frozen = (await live.handle.freezerState().catch(() => 'NONE')) === 'FROZEN';
        await this.publisher.state(ref, frozen ? 'FROZEN' : 'RUNNING', s.initPid, { ips }).catch(() => undefined);
        this.logger.log({ container: record.name, pid: s.initPid }, 're-adopted a running container');
      } else if (s.exit) {
        // A reboot while no executor watched: started again now, as LXC's monitor would have.
        await this.finishOrReboot(ref, s.runDir, s.exit, launchOf(record), true);
        this.logger.log({ container: record.name, status: s.exit.status }, 'published an exit that happened while no executor watched');
      }
    }
  }
}
