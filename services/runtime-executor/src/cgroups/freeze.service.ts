/**
 * lxc-freeze / lxc-unfreeze. Events as LXC 5.0.2 emits them (measured with lxc-monitor):
 * freeze FREEZING, FROZEN, FROZEN; unfreeze THAWED, THAWED, RUNNING. A freeze that does not
 * settle within the bound is undone by the shim and reported as a TimeoutError after
 * RUNNING is published again. Unfreezing a stopped container that exists succeeds
 * silently, as in LXC; freezing one fails.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError, TimeoutError, type FreezeReply, type FreezeRequest } from '@lxcbus/contracts';
import { EXECUTOR_SETTINGS, type ExecutorSettings } from '../executor.settings';
import { locate } from '../containers/container-ref';
import { StatePublisher } from '../lifecycle/state-publisher';
import { ShimRegistry } from '../supervision/shim-registry.service';
import { liveContainer } from './cgroup.service';

export const FREEZE_DEFAULTS = { timeoutMs: 10_000 } as const;

@Injectable()
export class FreezeService {
  constructor(
    @Inject(EXECUTOR_SETTINGS) private readonly settings: ExecutorSettings,
    private readonly registry: ShimRegistry,
    private readonly publisher: StatePublisher,
  ) {}

  async freeze(host: string, owner: string, req: FreezeRequest): Promise<FreezeReply> {
    const loc = locate(this.settings, host, owner, req.name, req.lxcpath);
    if (!this.registry.get(loc.runDir) && !existsSync(join(loc.dir, 'config'))) {
      throw new NotFoundError(`${req.name} does not exist`, { name: req.name });
    }
    const live = liveContainer(this.registry, this.settings, host, owner, req);
    await this.publisher.state(live.ref, 'FREEZING', live.initPid);
    try {
      await live.handle.freeze(true, FREEZE_DEFAULTS.timeoutMs);
    } catch (err) {
      await this.publisher.state(live.ref, 'RUNNING', live.initPid, { reason: 'freeze did not complete' });
      throw new TimeoutError(`freezing ${req.name}: ${(err as Error).message}`, { name: req.name });
    }
    await this.publisher.state(live.ref, 'FROZEN', live.initPid);
    await this.publisher.state(live.ref, 'FROZEN', live.initPid);
    return { name: req.name, state: 'FROZEN' };
  }

  async unfreeze(host: string, owner: string, req: FreezeRequest): Promise<FreezeReply> {
    const loc = locate(this.settings, host, owner, req.name, req.lxcpath);
    const live = this.registry.get(loc.runDir);
    if (!live) {
      if (existsSync(join(loc.dir, 'config'))) return { name: req.name, state: 'STOPPED' };
      throw new NotFoundError(`${req.name} does not exist`, { name: req.name });
    }
    await live.handle.freeze(false, FREEZE_DEFAULTS.timeoutMs);
    await this.publisher.state(live.ref, 'THAWED', live.initPid);
    await this.publisher.state(live.ref, 'THAWED', live.initPid);
    await this.publisher.state(live.ref, 'RUNNING', live.initPid);
    return { name: req.name, state: 'RUNNING' };
  }
}
