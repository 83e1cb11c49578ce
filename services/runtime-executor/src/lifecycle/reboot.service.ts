/**
 * Reboots: lxc-stop -r (and lxc-autostart -r) and a reboot(2) inside the container.
 * lxc-stop -r sends lxc.signal.reboot (default SIGINT) to init under the container's lock,
 * then, outside it, waits up to -t seconds for the container to be RUNNING again
 * (liblxc reboot2() waits for RUNNING on a state client). The restart itself happens when
 * the registry sees init die of SIGHUP, whoever caused it: it queues on the container's
 * lock and starts the container again with the config it ran with.
 */
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { NotRunningError, StopFailedError, type ContainerRef, type StopReply, type StopRequest } from '@lxcbus/contracts';
import { EXECUTOR_SETTINGS, type ExecutorSettings } from '../executor.settings';
import { locate } from '../containers/container-ref';
import { ContainerLocks } from '../containers/container-locks';
import { rebootSignal } from '../containers/stop-signals';
import { ShimRegistry, type Supervised } from '../supervision/shim-registry.service';
import type { LaunchContext } from '../supervision/reboot-exit';
import { StartService } from './start.service';
import { TIMED_OUT, withTimeout } from './with-timeout';

/** A reboot signal sent: the container it went to and what became of it. */
export interface PendingReboot {
  live: Supervised;
  next: Promise<Supervised | null>;
}

@Injectable()
export class RebootService implements OnModuleInit {
  private readonly logger = new Logger(RebootService.name);

  constructor(
    @Inject(EXECUTOR_SETTINGS) private readonly settings: ExecutorSettings,
    private readonly registry: ShimRegistry,
    private readonly starter: StartService,
    private readonly locks: ContainerLocks,
  ) {}

  onModuleInit(): void {
    this.registry.onReboot((ref, launch, finished) => this.restartAfter(ref, launch, finished));
  }

  /** lxc-stop -r, under the container's lock. */
  async signal(host: string, owner: string, req: StopRequest): Promise<PendingReboot> {
    const loc = locate(this.settings, host, owner, req.name, req.lxcpath);
    const live = this.registry.get(loc.runDir);
    if (!live) throw new NotRunningError(`${req.name} is not running`, { name: req.name });
    // Taken before the signal: a fast init cannot reboot before anyone listens.
    const next = live.next;
    await live.handle.signal(rebootSignal(loc.configFile));
    return { live, next };
  }

  /** Outside the lock, which the restart needs: -t 0 (and -W) do not wait, -1 waits forever. */
  async awaitRestart(req: StopRequest, pending: PendingReboot): Promise<StopReply> {
    if (req.nowait || req.timeout === 0) return { name: req.name, state: 'RUNNING', killed: false, pid: pending.live.initPid };
    const next = await withTimeout(pending.next, req.timeout < 0 ? -1 : req.timeout * 1000);
    if (next === TIMED_OUT) {
      throw new StopFailedError(`${req.name} was not running again within ${req.timeout} seconds`, { name: req.name, reboot: 'timeout' });
    }
    if (!next) throw new StopFailedError(`${req.name} stopped instead of rebooting`, { name: req.name, reboot: 'stopped' });
    return { name: req.name, state: 'RUNNING', killed: false, pid: next.initPid };
  }

  private restartAfter(ref: ContainerRef, launch: LaunchContext, finished: Promise<void>): Promise<Supervised | null> {
    // Same key as the lifecycle controller, so a start, stop or destroy arriving meanwhile waits for the restart.
    return this.locks.run(`${ref.owner}/${ref.name}`, async () => {
      await finished;
      this.logger.log({ container: ref.name }, 'init rebooted; starting the container again');
      return this.starter.restart(ref, launch);
    }).catch((err: unknown) => {
      this.logger.error({ err, container: ref.name }, 'could not restart a rebooted container');
      return null;
    });
  }
}
