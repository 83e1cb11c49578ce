import { Module } from '@nestjs/common';
import { BusModule, pingControllerFor } from '@lxcbus/bus';
import { ServiceName } from '@lxcbus/contracts';
import { ID_MAPPER_SETTINGS, idMapperSettingsFromEnv } from './id-mapper.settings';
import { RangesController } from './ranges/ranges.controller';
import { RangesService } from './ranges/ranges.service';
import { ValidateController } from './validate/validate.controller';
import { ValidateService } from './validate/validate.service';

@Module({
  imports: [BusModule.forService(ServiceName.idMapper)],
  controllers: [RangesController, ValidateController, pingControllerFor(ServiceName.idMapper)],
  providers: [
    { provide: ID_MAPPER_SETTINGS, useFactory: () => idMapperSettingsFromEnv() },
    RangesService,
    ValidateService,
  ],
})
export class AppModule {}
