import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, type NatsContext } from '@nestjs/microservices';
import { callerOf, parseBody } from '@lxcbus/bus';
import { CommandVerb, InfoRequest, LsRequest, ok, subjects, WaitRequest } from '@lxcbus/contracts';
import { QueryService } from './query.service';

@Controller()
export class QueryController {
  constructor(private readonly queries: QueryService) {}

  @MessagePattern(subjects.commandPattern(CommandVerb.info))
  async info(@Payload() body: unknown, @Ctx() ctx: NatsContext) {
    const { host, owner } = callerOf(ctx);
    return ok({ info: await this.queries.info(host, owner, parseBody(InfoRequest, body)) });
  }

  @MessagePattern(subjects.commandPattern(CommandVerb.ls))
  async ls(@Payload() body: unknown, @Ctx() ctx: NatsContext) {
    const { host, owner } = callerOf(ctx);
    return ok({ containers: await this.queries.ls(host, owner, parseBody(LsRequest, body)) });
  }

  @MessagePattern(subjects.commandPattern(CommandVerb.wait))
  async wait(@Payload() body: unknown, @Ctx() ctx: NatsContext) {
    const { host, owner } = callerOf(ctx);
    return ok(await this.queries.wait(host, owner, parseBody(WaitRequest, body)));
  }
}
