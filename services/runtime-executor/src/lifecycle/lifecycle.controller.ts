import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, type NatsContext } from '@nestjs/microservices';
import { callerOf, parseBody } from '@lxcbus/bus';
import {
  AttachRequest, CommandVerb, CreateRequest, DestroyRequest, ok, StartRequest, StopRequest, subjects,
} from '@lxcbus/contracts';
import { ContainerLocks } from '../containers/container-locks';
import { AttachService } from '../attach/attach.service';
import { CreateService } from './create.service';
import { DestroyService } from './destroy.service';
import { StartService } from './start.service';
import { StopService } from './stop.service';
import { RebootService } from './reboot.service';

/** The user verbs runtime-executor answers. Each is validated here and serialised per container. */
@Controller()
export class LifecycleController {
  constructor(
    private readonly locks: ContainerLocks,
    private readonly creator: CreateService,
    private readonly starter: StartService,
    private readonly stopper: StopService,
    private readonly destroyer: DestroyService,
    private readonly attacher: AttachService,
    private readonly rebooter: RebootService,
  ) {}

  @MessagePattern(subjects.commandPattern(CommandVerb.create))
  async create(@Payload() body: unknown, @Ctx() ctx: NatsContext) {
    const { host, owner } = callerOf(ctx);
    const req = parseBody(CreateRequest, body);
    return ok(await this.locks.run(`${owner}/${req.name}`, () => this.creator.create(host, owner, req)));
  }

  @MessagePattern(subjects.commandPattern(CommandVerb.start))
  async start(@Payload() body: unknown, @Ctx() ctx: NatsContext) {
    const { host, owner } = callerOf(ctx);
    const req = parseBody(StartRequest, body);
    const reply = await this.locks.run(`${owner}/${req.name}`, () => this.starter.start(host, owner, req));
    // A streamed lxc-execute (session) gets its exit on the io session, like an attach.
    if (!req.execute || reply.alreadyRunning || req.session) return ok(reply);
    return ok({ ...reply, state: 'STOPPED' as const, exit: await this.starter.executed(host, owner, req) });
  }

  @MessagePattern(subjects.commandPattern(CommandVerb.stop))
  async stop(@Payload() body: unknown, @Ctx() ctx: NatsContext) {
    const { host, owner } = callerOf(ctx);
    const req = parseBody(StopRequest, body);
    if (req.reboot) {
      // The signal under the lock; the wait outside it, since the restart takes the lock.
      const pending = await this.locks.run(`${owner}/${req.name}`, () => this.rebooter.signal(host, owner, req));
      return ok(await this.rebooter.awaitRestart(req, pending));
    }
    // As for a reboot: only the signal under the lock (stop.service.ts says why).
    const pending = await this.locks.run(`${owner}/${req.name}`, () => this.stopper.signal(host, owner, req));
    return ok(await this.stopper.settle(req, pending));
  }

  @MessagePattern(subjects.commandPattern(CommandVerb.destroy))
  async destroy(@Payload() body: unknown, @Ctx() ctx: NatsContext) {
    const { host, owner } = callerOf(ctx);
    const req = parseBody(DestroyRequest, body);
    return ok(await this.locks.run(`${owner}/${req.name}`, () => this.destroyer.destroy(host, owner, req)));
  }

  /** Not serialised: attaching never changes the container's state. */
  @MessagePattern(subjects.commandPattern(CommandVerb.attach))
  async attach(@Payload() body: unknown, @Ctx() ctx: NatsContext) {
    const { host, owner } = callerOf(ctx);
    return ok(await this.attacher.attach(host, owner, parseBody(AttachRequest, body)));
  }
}
