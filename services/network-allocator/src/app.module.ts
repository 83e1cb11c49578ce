import { Module } from '@nestjs/common';
import { BusModule, pingControllerFor, SERVICE_IDENTITY, type ServiceIdentity } from '@lxcbus/bus';
import { ServiceName } from '@lxcbus/contracts';
import { ALLOCATOR_SETTINGS, allocatorSettingsFromEnv } from './allocator.settings';
import { DhcpService } from './dhcp/dhcp.service';
import { AddressPool } from './leases/address-pool';
import { AllocationService } from './leases/allocation.service';
import { LeaseController } from './leases/lease.controller';
import { LeaseStore } from './leases/lease-store';
import { NicAllocator } from './leases/nic-allocator';
import { Reconciler } from './leases/reconciler.service';
import { PlanController } from './plan/plan.controller';
import { PlanService } from './plan/plan.service';
import { QuotaService } from './quota/quota.service';

@Module({
  imports: [BusModule.forService(ServiceName.networkAllocator)],
  controllers: [PlanController, LeaseController, pingControllerFor(ServiceName.networkAllocator)],
  providers: [
    { provide: ALLOCATOR_SETTINGS, inject: [SERVICE_IDENTITY], useFactory: (id: ServiceIdentity) => allocatorSettingsFromEnv(id.host) },
    PlanService, LeaseStore, AddressPool, QuotaService, NicAllocator, DhcpService, AllocationService, Reconciler,
  ],
})
export class AppModule {}
