import { runService } from '@lxcbus/bus';
import { ServiceName } from '@lxcbus/contracts';
import { AppModule } from './app.module';

// One per host, no queue group: bridges and leases are the host's.
runService(AppModule, { service: ServiceName.networkAllocator });
