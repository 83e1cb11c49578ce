import { runService } from '@lxcbus/bus';
import { ServiceName } from '@lxcbus/contracts';
import { AppModule } from './app.module';

runService(AppModule, { service: ServiceName.stateReporter, queue: ServiceName.stateReporter });
