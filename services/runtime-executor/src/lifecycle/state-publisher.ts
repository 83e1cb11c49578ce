/** Container lifecycle events, in LXC's order (exit status, STOPPING, STOPPED; STARTING, RUNNING or ABORTING...). */
import { Injectable } from '@nestjs/common';
import { EventPublisher } from '@lxcbus/bus';
import type { ConfigSummary, ContainerRef, ContainerState } from '@lxcbus/contracts';
import type { ExitStatus } from '../kernel/kernel.port';

/** The exit/STOPPED reason when the kernel's OOM killer struck in the container's memory cgroup. */
export const OOM_REASON = 'oom: killed by the OOM killer at the container memory limit';

@Injectable()
export class StatePublisher {
  constructor(private readonly events: EventPublisher) {}

  async state(
    ref: ContainerRef, state: ContainerState, pid: number | null, extra: { config?: ConfigSummary; reason?: string; ips?: string[] } = {},
  ): Promise<void> {
    await this.events.publish('state', { ...ref, state, pid, ...extra });
  }

  async exited(ref: ContainerRef, exit: ExitStatus, missed: boolean): Promise<void> {
    const reason = exit.oom && exit.signal === 9 ? OOM_REASON : undefined;
    await this.events.publish('exit', { ...ref, status: exit.status, code: exit.code, signal: exit.signal, missed, ...(reason && { reason }) });
    await this.state(ref, 'STOPPING', null);
    await this.state(ref, 'STOPPED', null, reason ? { reason } : {});
  }

  /** A start that failed after STARTING: ABORTING twice as LXC shows it, then STOPPING, STOPPED. */
  async aborted(ref: ContainerRef, reason: string): Promise<void> {
    await this.state(ref, 'ABORTING', null, { reason });
    await this.state(ref, 'STOPPING', null);
    await this.state(ref, 'STOPPED', null);
  }

  async created(ref: ContainerRef, config: ConfigSummary): Promise<void> {
    await this.events.publish('created', { ...ref, config });
  }

  async destroyed(ref: ContainerRef): Promise<void> {
    await this.events.publish('destroyed', ref);
  }
}
