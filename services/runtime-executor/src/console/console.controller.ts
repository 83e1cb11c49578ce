import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, type NatsContext } from '@nestjs/microservices';
import { callerOf, parseBody } from '@lxcbus/bus';
import { CommandVerb, ConsoleRequest, ok, subjects } from '@lxcbus/contracts';
import { ConsoleService } from './console.service';

/** `console` (lxc-console, lxc-start -F). Not serialised: a session never changes the container's state. */
@Controller()
export class ConsoleController {
  constructor(private readonly consoles: ConsoleService) {}

  @MessagePattern(subjects.commandPattern(CommandVerb.console))
  async console(@Payload() body: unknown, @Ctx() ctx: NatsContext) {
    const { host, owner } = callerOf(ctx);
    return ok(await this.consoles.open(host, owner, parseBody(ConsoleRequest, body)));
  }
}
