/**
 * lxc-stop semantics (LXC-REFERENCE 3.4, lxc_stop.c + lxccontainer.c 5.0.2): -k sends
 * lxc.signal.stop of the running container (the `stop` command to its monitor); otherwise
 * shutdown: the halt signal chosen from the config on disk now (stop-signals.ts), wait up to
 * -t seconds (-1 forever) for STOPPED; -t 0 and -W return without waiting. When the wait
 * runs out, --nokill fails (rc 1, still running), else the hard stop follows as with -k.
 *
 * Two phases: signal() runs under the container's lock, settle() waits outside it. liblxc
 * holds no lock while shutdown() waits, so an `lxc-stop -k` from another shell ends a
 * `lxc-stop -t -1` that waits for an init that never halts; a lock held for the wait would
 * also outlive a client that gave up, and block the container for good.
 */
import { Inject, Injectable } from '@nestjs/common';
import { NotRunningError, StopFailedError, type StopReply, type StopRequest } from '@lxcbus/contracts';
import { EXECUTOR_SETTINGS, type ExecutorSettings } from '../executor.settings';
import { locate } from '../containers/container-ref';
import { shutdownSignal } from '../containers/stop-signals';
import { ShimRegistry, type Supervised } from '../supervision/shim-registry.service';
import { TIMED_OUT, withTimeout } from './with-timeout';

/** A stop whose signal went out: the container it went to, and whether it was the hard stop. */
export interface PendingStop {
  live: Supervised;
  killed: boolean;
}

@Injectable()
export class StopService {
  constructor(
    @Inject(EXECUTOR_SETTINGS) private readonly settings: ExecutorSettings,
    private readonly registry: ShimRegistry,
  ) {}

  /** Under the container's lock: NOT_RUNNING, or the signal sent. */
  async signal(host: string, owner: string, req: StopRequest): Promise<PendingStop> {
    const loc = locate(this.settings, host, owner, req.name, req.lxcpath);
    const live = this.registry.get(loc.runDir);
    if (!live) throw new NotRunningError(`${req.name} is not running`, { name: req.name });
    if (req.kill) {
      await live.handle.kill(live.record.stopSignal);
      return { live, killed: true };
    }
    await live.handle.signal(shutdownSignal(loc.configFile, live.initPid));
    return { live, killed: false };
  }

  /** Outside the lock: the reply once STOPPED was published, the wait ran out, or at once for -t 0 / -W. */
  async settle(req: StopRequest, pending: PendingStop): Promise<StopReply> {
    const { live } = pending;
    if (pending.killed) return this.afterStop(live, req, true);
    if (req.nowait || req.timeout === 0) return { name: req.name, state: 'RUNNING', killed: false };
    if ((await withTimeout(live.stopped, req.timeout < 0 ? -1 : req.timeout * 1000)) !== TIMED_OUT) {
      return this.afterStop(live, req, false);
    }
    if (req.nokill) throw new StopFailedError(`${req.name} did not stop within ${req.timeout} seconds`, { name: req.name });
    // Only this run's init: a container that stopped and was started again meanwhile is another run.
    if (this.registry.get(live.runDir) === live) await live.handle.kill(live.record.stopSignal).catch(() => undefined);
    return this.afterStop(live, req, true);
  }

  private async afterStop(live: Supervised, req: StopRequest, killed: boolean): Promise<StopReply> {
    await live.stopped;
    return { name: req.name, state: 'STOPPED', killed };
  }
}
