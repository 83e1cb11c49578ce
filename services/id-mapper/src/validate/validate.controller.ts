import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { parseBody } from '@lxcbus/bus';
import { IdmapValidateRequest, ok, ServiceName, ServiceVerb, subjects } from '@lxcbus/contracts';
import { ValidateService } from './validate.service';

@Controller()
export class ValidateController {
  constructor(private readonly validator: ValidateService) {}

  @MessagePattern(subjects.servicePattern(ServiceName.idMapper, ServiceVerb.validate))
  async validate(@Payload() body: unknown) {
    return ok(await this.validator.validate(parseBody(IdmapValidateRequest, body)));
  }
}
