import { runService } from '@lxcbus/bus';
import { ServiceName } from '@lxcbus/contracts';
import { AppModule } from './app.module';

// One per host, no queue group: it owns this host's containers.
runService(AppModule, { service: ServiceName.runtimeExecutor });
