/** lxc-cgroup, lxc-freeze and lxc-unfreeze on the bus; serialised per container with the lifecycle verbs. */
import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, type NatsContext } from '@nestjs/microservices';
import { callerOf, parseBody } from '@lxcbus/bus';
import { CgroupRequest, CommandVerb, FreezeRequest, ok, subjects } from '@lxcbus/contracts';
import { ContainerLocks } from '../containers/container-locks';
import { CgroupService } from './cgroup.service';
import { FreezeService } from './freeze.service';

@Controller()
export class CgroupsController {
  constructor(
    private readonly locks: ContainerLocks,
    private readonly cgroups: CgroupService,
    private readonly freezer: FreezeService,
  ) {}

  /** Not serialised: reading or writing a cgroup file never changes the container's state. */
  @MessagePattern(subjects.commandPattern(CommandVerb.cgroup))
  async cgroup(@Payload() body: unknown, @Ctx() ctx: NatsContext) {
    const { host, owner } = callerOf(ctx);
    return ok(await this.cgroups.cgroup(host, owner, parseBody(CgroupRequest, body)));
  }

  @MessagePattern(subjects.commandPattern(CommandVerb.freeze))
  async freeze(@Payload() body: unknown, @Ctx() ctx: NatsContext) {
    const { host, owner } = callerOf(ctx);
    const req = parseBody(FreezeRequest, body);
    return ok(await this.locks.run(`${owner}/${req.name}`, () => this.freezer.freeze(host, owner, req)));
  }

  @MessagePattern(subjects.commandPattern(CommandVerb.unfreeze))
  async unfreeze(@Payload() body: unknown, @Ctx() ctx: NatsContext) {
    const { host, owner } = callerOf(ctx);
    const req = parseBody(FreezeRequest, body);
    return ok(await this.locks.run(`${owner}/${req.name}`, () => this.freezer.unfreeze(host, owner, req)));
  }
}
