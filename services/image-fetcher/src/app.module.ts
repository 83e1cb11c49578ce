import { Module } from '@nestjs/common';
import { BusModule, pingControllerFor } from '@lxcbus/bus';
import { ServiceName } from '@lxcbus/contracts';
import { PopulateController } from './populate/populate.controller';
import { PopulateService } from './populate/populate.service';

@Module({
  imports: [BusModule.forService(ServiceName.imageFetcher)],
  controllers: [PopulateController, pingControllerFor(ServiceName.imageFetcher)],
  providers: [PopulateService],
})
export class AppModule {}
