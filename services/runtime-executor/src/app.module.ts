import { Module } from '@nestjs/common';
import { BusModule, pingControllerFor } from '@lxcbus/bus';
import { ServiceName } from '@lxcbus/contracts';
import { AttachService } from './attach/attach.service';
import { ExecuteStdio } from './attach/execute-stdio.service';
import { ConsoleController } from './console/console.controller';
import { ConsoleService } from './console/console.service';
import { ForegroundLogs } from './console/foreground-logs';
import { CgroupService } from './cgroups/cgroup.service';
import { CgroupsController } from './cgroups/cgroups.controller';
import { FreezeService } from './cgroups/freeze.service';
import { ContainerLocks } from './containers/container-locks';
import { IdmapGuard } from './containers/idmap-guard';
import { EXECUTOR_SETTINGS, executorSettingsFromEnv } from './executor.settings';
import { KERNEL_PORT } from './kernel/kernel.port';
import { NativeKernel } from './kernel/native-kernel';
import { CreateService } from './lifecycle/create.service';
import { DestroyService } from './lifecycle/destroy.service';
import { LifecycleController } from './lifecycle/lifecycle.controller';
import { StartService } from './lifecycle/start.service';
import { StatePublisher } from './lifecycle/state-publisher';
import { StopService } from './lifecycle/stop.service';
import { RebootService } from './lifecycle/reboot.service';
import { NetLeaseClient } from './network/net-lease.client';
import { ShimRegistry } from './supervision/shim-registry.service';
import { ConfigGetService } from './toolbox/config-get.service';
import { CopyService } from './toolbox/copy.service';
import { SnapshotService } from './toolbox/snapshot.service';
import { ToolboxController } from './toolbox/toolbox.controller';
import { UnknownVerbResponder } from './unknown-verb.responder';
import { UsageController } from './usage/usage.controller';
import { DeviceController } from './toolbox/device.controller';
import { DeviceService } from './toolbox/device.service';

@Module({
  imports: [BusModule.forService(ServiceName.runtimeExecutor)],
  controllers: [LifecycleController, CgroupsController, UsageController, ToolboxController, pingControllerFor(ServiceName.runtimeExecutor), DeviceController, ConsoleController],
  providers: [
    { provide: EXECUTOR_SETTINGS, useFactory: () => executorSettingsFromEnv() },
    { provide: KERNEL_PORT, useClass: NativeKernel },
    ContainerLocks, StatePublisher, ShimRegistry, CreateService, StartService, StopService, DestroyService,
    ConfigGetService, CopyService, SnapshotService,
    AttachService, CgroupService, FreezeService, UnknownVerbResponder, NetLeaseClient, IdmapGuard, DeviceService,
    ExecuteStdio, RebootService, ConsoleService, ForegroundLogs,
  ],
})
export class AppModule {}
