import type { NatsContext } from '@nestjs/microservices';
import { BadRequestError, isOwner, parseCommandSubject } from '@lxcbus/contracts';

export interface CommandCaller {
  host: string;
  owner: string;
  verb: string;
}

/** The owner is the subject's token: NATS permissions decide who may publish there. */
export function callerOf(ctx: NatsContext): CommandCaller {
  const parsed = parseCommandSubject(ctx.getSubject());
  if (!parsed) throw new BadRequestError(`not a command subject: ${ctx.getSubject()}`);
  if (!isOwner(parsed.owner)) throw new BadRequestError(`invalid owner token ${JSON.stringify(parsed.owner)}`);
  return parsed;
}
