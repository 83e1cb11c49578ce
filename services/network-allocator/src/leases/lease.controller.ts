import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { parseBody } from '@lxcbus/bus';
import { NetAllocateRequest, NetReleaseRequest, ok, ServiceName, ServiceVerb, subjects } from '@lxcbus/contracts';
import { AllocationService } from './allocation.service';

@Controller()
export class LeaseController {
  constructor(private readonly allocations: AllocationService) {}

  @MessagePattern(subjects.servicePattern(ServiceName.networkAllocator, ServiceVerb.allocate))
  async allocate(@Payload() body: unknown) {
    return ok(await this.allocations.allocate(parseBody(NetAllocateRequest, body)));
  }

  @MessagePattern(subjects.servicePattern(ServiceName.networkAllocator, ServiceVerb.release))
  async release(@Payload() body: unknown) {
    return ok(await this.allocations.release(parseBody(NetReleaseRequest, body)));
  }
}
