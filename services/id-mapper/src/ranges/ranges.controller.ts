import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { parseBody } from '@lxcbus/bus';
import { ok, RangesRequest, ServiceName, ServiceVerb, subjects } from '@lxcbus/contracts';
import { RangesService } from './ranges.service';

@Controller()
export class RangesController {
  constructor(private readonly delegations: RangesService) {}

  @MessagePattern(subjects.servicePattern(ServiceName.idMapper, ServiceVerb.ranges))
  async ranges(@Payload() body: unknown) {
    return ok(await this.delegations.ranges(parseBody(RangesRequest, body).owner));
  }
}
