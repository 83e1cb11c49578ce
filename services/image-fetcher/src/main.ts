import { runService } from '@lxcbus/bus';
import { ServiceName } from '@lxcbus/contracts';
import { AppModule } from './app.module';

runService(AppModule, { service: ServiceName.imageFetcher, queue: ServiceName.imageFetcher });
