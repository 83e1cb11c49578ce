import { Module } from '@nestjs/common';
import { BusModule, pingControllerFor } from '@lxcbus/bus';
import { ServiceName } from '@lxcbus/contracts';
import { PlanController } from './plan/plan.controller';
import { PlanService } from './plan/plan.service';

@Module({
  imports: [BusModule.forService(ServiceName.networkAllocator)],
  controllers: [PlanController, pingControllerFor(ServiceName.networkAllocator)],
  providers: [PlanService],
})
export class AppModule {}
