import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { parseBody, SERVICE_IDENTITY, type ServiceIdentity } from '@lxcbus/bus';
import { ok, ServiceName, ServiceVerb, subjects, UsageRequest, type UsageEntry } from '@lxcbus/contracts';
import { EXECUTOR_SETTINGS, type ExecutorSettings } from '../executor.settings';
import { locate } from '../containers/container-ref';
import { KERNEL_PORT, type KernelPort } from '../kernel/kernel.port';
import { linkCounters } from '../network/link-counters';
import { readNetRecord } from '../network/net-record';
import { ShimRegistry } from '../supervision/shim-registry.service';

/** Usage figures of running containers on this host, for state-reporter (lxc-info, lxc-ls -F RAM), and link counters. */
@Controller()
export class UsageController {
  constructor(
    @Inject(EXECUTOR_SETTINGS) private readonly settings: ExecutorSettings,
    @Inject(SERVICE_IDENTITY) private readonly id: ServiceIdentity,
    @Inject(KERNEL_PORT) private readonly kernel: KernelPort,
    private readonly registry: ShimRegistry,
  ) {}

  @MessagePattern(subjects.servicePattern(ServiceName.runtimeExecutor, ServiceVerb.usage))
  async usage(@Payload() body: unknown) {
    const req = parseBody(UsageRequest, body);
    const usage: UsageEntry[] = [];
    for (const c of req.containers) {
      const loc = locate(this.settings, this.id.host, c.owner, c.name, c.lxcpath);
      const live = this.registry.get(loc.runDir);
      if (!live) continue;
      const net = await readNetRecord(live.runDir);
      const links = net ? await linkCounters(net) : [];
      usage.push({ ...c, ...(await this.kernel.usage(live.record.cgroupRoot, live.record.cgroupName)), ...(links.length ? { links } : {}) });
    }
    return ok({ usage });
  }
}
