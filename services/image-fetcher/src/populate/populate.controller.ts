import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { parseBody } from '@lxcbus/bus';
import { ok, PopulateRequest, ServiceName, ServiceVerb, subjects } from '@lxcbus/contracts';
import { PopulateService } from './populate.service';

@Controller()
export class PopulateController {
  constructor(private readonly populator: PopulateService) {}

  @MessagePattern(subjects.servicePattern(ServiceName.imageFetcher, ServiceVerb.populate))
  async populate(@Payload() body: unknown) {
    return ok(await this.populator.populate(parseBody(PopulateRequest, body)));
  }
}
