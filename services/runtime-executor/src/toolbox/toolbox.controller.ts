import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, type NatsContext } from '@nestjs/microservices';
import { callerOf, parseBody } from '@lxcbus/bus';
import { CommandVerb, ConfigGetRequest, CopyRequest, ok, SnapshotRequest, subjects } from '@lxcbus/contracts';
import { ContainerLocks } from '../containers/container-locks';
import { ConfigGetService } from './config-get.service';
import { CopyService } from './copy.service';
import { SnapshotService } from './snapshot.service';

/**
 * config-get, copy and snapshot. Copies and snapshot changes are serialised
 * with the lifecycle verbs of the containers they touch (source, then target).
 */
@Controller()
export class ToolboxController {
  constructor(
    private readonly locks: ContainerLocks,
    private readonly configs: ConfigGetService,
    private readonly copier: CopyService,
    private readonly snapshots: SnapshotService,
  ) {}

  @MessagePattern(subjects.commandPattern(CommandVerb.configGet))
  configGet(@Payload() body: unknown, @Ctx() ctx: NatsContext) {
    const { host, owner } = callerOf(ctx);
    return ok(this.configs.get(host, owner, parseBody(ConfigGetRequest, body)));
  }

  @MessagePattern(subjects.commandPattern(CommandVerb.copy))
  async copy(@Payload() body: unknown, @Ctx() ctx: NatsContext) {
    const { host, owner } = callerOf(ctx);
    const req = parseBody(CopyRequest, body);
    return ok(await this.twoLocks(owner, req.name, req.newName, () => this.copier.copy(host, owner, req)));
  }

  @MessagePattern(subjects.commandPattern(CommandVerb.snapshot))
  async snapshot(@Payload() body: unknown, @Ctx() ctx: NatsContext) {
    const { host, owner } = callerOf(ctx);
    const req = parseBody(SnapshotRequest, body);
    const other = req.action === 'restore' ? req.newName ?? req.name : req.name;
    return ok(await this.twoLocks(owner, req.name, other, () => this.snapshots.run(host, owner, req)));
  }

  /** Both names locked in a fixed order, so two copies in opposite directions cannot deadlock. */
  private twoLocks<T>(owner: string, a: string, b: string, work: () => Promise<T>): Promise<T> {
    const [first, second] = [a, b].sort();
    if (first === second) return this.locks.run(`${owner}/${first}`, work);
    return this.locks.run(`${owner}/${first}`, () => this.locks.run(`${owner}/${second}`, work));
  }
}
