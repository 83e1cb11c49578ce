import { Module } from '@nestjs/common';
import { BusModule, pingControllerFor } from '@lxcbus/bus';
import { ServiceName } from '@lxcbus/contracts';
import { MaterializerService } from './records/materializer.service';
import { ReadBarrier } from './records/read-barrier';
import { RecordStore } from './records/record-store';
import { QueryController } from './queries/query.controller';
import { QueryService } from './queries/query.service';
import { UsageClient } from './queries/usage.client';
import { TopController } from './queries/top.controller';
import { TopService } from './queries/top.service';

@Module({
  imports: [BusModule.forService(ServiceName.stateReporter)],
  controllers: [QueryController, pingControllerFor(ServiceName.stateReporter), TopController],
  providers: [RecordStore, MaterializerService, ReadBarrier, QueryService, UsageClient, TopService],
})
export class AppModule {}
