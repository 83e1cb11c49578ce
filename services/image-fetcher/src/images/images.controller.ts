import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { parseBody } from '@lxcbus/bus';
import { CommandVerb, ImagesRequest, ok, subjects } from '@lxcbus/contracts';
import { ImagesService } from './images.service';

/** `lxcbus.v1.cmd.<host>.<owner>.images`: a user command, answered by any image-fetcher of the host. */
@Controller()
export class ImagesController {
  constructor(private readonly images: ImagesService) {}

  @MessagePattern(subjects.commandPattern(CommandVerb.images))
  async list(@Payload() body: unknown) {
    return ok(await this.images.images(parseBody(ImagesRequest, body)));
  }
}
