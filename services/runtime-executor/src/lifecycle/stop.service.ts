/**
 * lxc-stop semantics (LXC-REFERENCE 3.4): -k sends lxc.signal.stop; otherwise
 * the halt signal, wait up to -t seconds, then SIGKILL unless --nokill;
 * -t 0 and -W return without waiting. The reply comes after STOPPED was published.
 */
import { Inject, Injectable } from '@nestjs/common';
import { NotRunningError, StopFailedError, type StopReply, type StopRequest } from '@lxcbus/contracts';
import { EXECUTOR_SETTINGS, type ExecutorSettings } from '../executor.settings';
import { locate } from '../containers/container-ref';
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
    if (req.kill) {
      await live.handle.kill(live.record.stopSignal);
      return this.afterStop(live, req, true);
    }
    const waitMs = req.timeout < 0 ? -1 : req.timeout * 1000;
    if (req.nowait || waitMs === 0) {
      await live.handle.stop(live.record.haltSignal, 0, false);
      return { name: req.name, state: 'RUNNING', killed: false };
    }
    const gone = await live.handle.stop(live.record.haltSignal, waitMs, !req.nokill);
    if (!gone && req.nokill) throw new StopFailedError(`${req.name} did not stop within ${req.timeout} seconds`, { name: req.name });
    return this.afterStop(live, req, !gone);
  }

  private async afterStop(live: Supervised, req: StopRequest, killed: boolean): Promise<StopReply> {
    await live.stopped;
    return { name: req.name, state: 'STOPPED', killed };
  }
}
