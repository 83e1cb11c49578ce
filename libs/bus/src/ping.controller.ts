import { Controller, Inject, type Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { ServiceVerb, subjects, type ServiceName } from '@lxcbus/contracts';
import { SERVICE_IDENTITY, type ServiceIdentity } from './bus.tokens';

/** `lxcbus.v1.svc.<host>.<service>.ping`, answered by every service (lxcbus status). */
export function pingControllerFor(service: ServiceName): Type<unknown> {
  @Controller()
  class PingController {
    constructor(@Inject(SERVICE_IDENTITY) private readonly id: ServiceIdentity) {}

    @MessagePattern(subjects.servicePattern(service, ServiceVerb.ping))
    ping() {
      return { ok: true, service: this.id.service, host: this.id.host, pid: process.pid, uptimeMs: Date.now() - this.id.startedAt };
    }
  }
  return PingController;
}
