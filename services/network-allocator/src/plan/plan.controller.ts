import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { parseBody } from '@lxcbus/bus';
import { NetPlanRequest, ok, ServiceName, ServiceVerb, subjects } from '@lxcbus/contracts';
import { PlanService } from './plan.service';

@Controller()
export class PlanController {
  constructor(private readonly planner: PlanService) {}

  @MessagePattern(subjects.servicePattern(ServiceName.networkAllocator, ServiceVerb.plan))
  plan(@Payload() body: unknown) {
    return ok(this.planner.plan(parseBody(NetPlanRequest, body)));
  }
}
