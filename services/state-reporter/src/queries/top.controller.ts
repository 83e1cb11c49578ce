import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, type NatsContext } from '@nestjs/microservices';
import { callerOf, parseBody } from '@lxcbus/bus';
import { CommandVerb, ok, subjects, TopRequest } from '@lxcbus/contracts';
import { TopService } from './top.service';

/** lxc-top: one request per refresh. */
@Controller()
export class TopController {
  constructor(private readonly tops: TopService) {}

  @MessagePattern(subjects.commandPattern(CommandVerb.top))
  async top(@Payload() body: unknown, @Ctx() ctx: NatsContext) {
    const { host, owner } = callerOf(ctx);
    return ok({ containers: await this.tops.top(host, owner, parseBody(TopRequest, body)) });
  }
}
