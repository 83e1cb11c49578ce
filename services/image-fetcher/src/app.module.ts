import { Module } from '@nestjs/common';
import { BusModule, pingControllerFor } from '@lxcbus/bus';
import { ServiceName } from '@lxcbus/contracts';
import { CacheInitializer } from './download/cache.initializer';
import { ImagesController } from './images/images.controller';
import { ImagesService } from './images/images.service';
import { PopulateController } from './populate/populate.controller';
import { PopulateService } from './populate/populate.service';

@Module({
  imports: [BusModule.forService(ServiceName.imageFetcher)],
  controllers: [PopulateController, ImagesController, pingControllerFor(ServiceName.imageFetcher)],
  providers: [PopulateService, ImagesService, CacheInitializer],
})
export class AppModule {}
