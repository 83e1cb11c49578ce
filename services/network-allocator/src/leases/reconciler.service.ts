/**
 * Leases of containers that no longer run: the executor releases on every exit it sees, but an
 * executor that died with its containers, or a release lost on the way, would leak them. At boot
 * and then periodically the allocator asks the host's runtime-executor which of the containers
 * holding leases are alive (its `usage` call answers only for live ones) and releases the rest.
 * A silent executor means no answer, and nothing is released.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { BusClient } from '@lxcbus/bus-client';
import { ServiceName, ServiceVerb, type UsageReply } from '@lxcbus/contracts';
import { ALLOCATOR_SETTINGS, type AllocatorSettings } from '../allocator.settings';
import { DhcpService } from '../dhcp/dhcp.service';
import { AllocationService } from './allocation.service';

const RECONCILE_EVERY_MS = 60_000;
const USAGE_TIMEOUT_MS = 3_000;

@Injectable()
export class Reconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(Reconciler.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(ALLOCATOR_SETTINGS) private readonly settings: AllocatorSettings,
    private readonly allocations: AllocationService,
    private readonly dhcp: DhcpService,
    private readonly bus: BusClient,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const records = await this.allocations.records();
    this.dhcp.load(records.flatMap((r) => r.record.nics));
    const tick = () => void this.reconcile().catch((err: unknown) => this.logger.warn({ err }, 'reconcile failed'));
    setTimeout(tick, 1_000).unref();
    this.timer = setInterval(tick, RECONCILE_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Returns how many containers' leases were released. */
  async reconcile(now = Date.now()): Promise<number> {
    const old = (await this.allocations.records()).filter((r) => now - r.record.allocatedAt >= this.settings.reconcileGraceMs);
    if (old.length === 0) return 0;
    const containers = old.map(({ record: r }) => ({ owner: r.owner, name: r.name, lxcpath: r.lxcpath }));
    let reply: UsageReply;
    try {
      reply = await this.bus.service<UsageReply>(ServiceName.runtimeExecutor, ServiceVerb.usage, { containers }, { timeoutMs: USAGE_TIMEOUT_MS });
    } catch {
      return 0;
    }
    const alive = new Set(reply.usage.map((u) => `${u.owner}/${u.lxcpath}/${u.name}`));
    let released = 0;
    for (const c of containers) {
      if (alive.has(`${c.owner}/${c.lxcpath}/${c.name}`)) continue;
      await this.allocations.release(c);
      this.logger.log({ container: c.name, owner: c.owner }, 'released the leases of a container that no longer runs');
      released++;
    }
    return released;
  }
}
