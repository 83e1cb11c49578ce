/**
 * lxc-stop semantics (LXC-REFERENCE 3.4, lxc_stop.c + lxccontainer.c 5.0.2): -k sends
 * lxc.signal.stop of the running container (the `stop` command to its monitor); otherwise
 * shutdown: the halt signal chosen from the config on disk now (stop-signals.ts), wait up to
 * -t seconds (-1 forever) for STOPPED; -t 0 and -W return without waiting. When the wait
 * runs out, --nokill fails (rc 1, still running), else the hard stop follows as with -k.
 * The reply comes after STOPPED was published.
 */
import { Inject, Injectable } from '@nestjs/common';
import { NotRunningError, StopFailedError, type StopReply, type StopRequest } from '@lxcbus/contracts';
import { EXECUTOR_SETTINGS, type ExecutorSettings } from '../executor.settings';
import { locate } from '../containers/container-ref';
import { shutdownSignal } from '../containers/stop-signals';
import { ShimRegistry, type Supervised } from '../supervision/shim-registry.service';

@Injectable()
export class StopService {
  constructor(
    @Inject(EXECUTOR_SETTINGS) private readonly settings: ExecutorSettings,
    private readonly registry: ShimRegistry,
  ) {}

  async stop(host: string, owner: string, req: StopRequest): Promise<StopReply> {
    const loc = locate(this.settings, host, owner, req.name, req.lxcpath);
    const live = this.registry.get(loc.runDir);
    if (!live) throw new NotRunningError(`${req.name} is not running`, { name: req.name });
    if (req.kill) return this.hardStop(live, req);
    const halt = shutdownSignal(loc.configFile, live.initPid);
    const waitMs = req.timeout < 0 ? -1 : req.timeout * 1000;
    if (req.nowait || waitMs === 0) {
      await live.handle.stop(halt, 0, false);
      return { name: req.name, state: 'RUNNING', killed: false };
    }
    if (await live.handle.stop(halt, waitMs, false)) return this.afterStop(live, req, false);
    if (req.nokill) throw new StopFailedError(`${req.name} did not stop within ${req.timeout} seconds`, { name: req.name });
    return this.hardStop(live, req);
  }

  private async hardStop(live: Supervised, req: StopRequest): Promise<StopReply> {
    await live.handle.kill(live.record.stopSignal);
    return this.afterStop(live, req, true);
  }

  private async afterStop(live: Supervised, req: StopRequest, killed: boolean): Promise<StopReply> {
    await live.stopped;
    return { name: req.name, state: 'STOPPED', killed };
  }
}
