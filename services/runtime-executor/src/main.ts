import { runService } from '@lxcbus/bus';
import { ServiceName } from '@lxcbus/contracts';
import { AppModule } from './app.module';
import { rootlessNotice } from './rootless/rootless-mode';

// Rootless: say once, in this service's log, what the containers go without (docs/decisions/rootless.md).
const notice = rootlessNotice();
if (notice) process.stderr.write(`runtime-executor: ${notice}\n`);

// One per host, no queue group: it owns this host's containers.
runService(AppModule, { service: ServiceName.runtimeExecutor });
