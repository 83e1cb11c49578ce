/** lxc-device on the bus; serialised per container with the lifecycle verbs, so a stop cannot overtake it. */
import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, type NatsContext } from '@nestjs/microservices';
import { callerOf, parseBody } from '@lxcbus/bus';
import { CommandVerb, DeviceRequest, ok, subjects } from '@lxcbus/contracts';
import { ContainerLocks } from '../containers/container-locks';
import { DeviceService } from './device.service';

@Controller()
export class DeviceController {
  constructor(
    private readonly locks: ContainerLocks,
    private readonly devices: DeviceService,
  ) {}

  @MessagePattern(subjects.commandPattern(CommandVerb.device))
  async device(@Payload() body: unknown, @Ctx() ctx: NatsContext) {
    const { host, owner } = callerOf(ctx);
    const req = parseBody(DeviceRequest, body);
    return ok(await this.locks.run(`${owner}/${req.name}`, () => this.devices.device(host, owner, req)));
  }
}
