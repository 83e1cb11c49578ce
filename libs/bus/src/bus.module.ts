/**
 * Everything a service needs from the bus, as DI tokens: settings, a nats.js
 * connection (for JetStream, KV and service calls), the event publisher and a
 * BusClient. Controllers get these injected, so tests can hand in their own.
 */
import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { NatsConnection } from 'nats';
import { BusClient, busSettingsFromEnv, connectBus, type BusSettings } from '@lxcbus/bus-client';
import { EventPublisher } from './event-publisher';
import { ensureJetStream, JETSTREAM_DEFAULTS } from './jetstream-setup';
import { loggerParams } from './logging';
import { BUS_CONNECTION, BUS_SETTINGS, SERVICE_IDENTITY, type ServiceIdentity } from './bus.tokens';

class ConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(BUS_CONNECTION) private readonly nc: NatsConnection) {}
  async onApplicationShutdown(): Promise<void> {
    await this.nc.drain().catch(() => undefined);
  }
}

@Global()
@Module({})
export class BusModule {
  /** Settings are read when the module is instantiated, not when it is imported (tests set the env late). */
  static forService(service: string, given?: BusSettings): DynamicModule {
    const settingsNow = (): BusSettings => given ?? busSettingsFromEnv();
    return {
      module: BusModule,
      imports: [LoggerModule.forRootAsync({ useFactory: () => loggerParams(service, settingsNow().host) })],
      providers: [
        { provide: BUS_SETTINGS, useFactory: settingsNow },
        {
          provide: SERVICE_IDENTITY,
          useFactory: (settings: BusSettings): ServiceIdentity => ({ service, host: settings.host, startedAt: Date.now() }),
          inject: [BUS_SETTINGS],
        },
        {
          provide: BUS_CONNECTION,
          inject: [BUS_SETTINGS],
          useFactory: async (settings: BusSettings) => {
            const nc = await connectBus(settings, { name: `${service}@${settings.host}`, waitForServer: true });
            const replicas = Number(process.env.LXCBUS_JS_REPLICAS) || JETSTREAM_DEFAULTS.replicas;
            await ensureJetStream(nc, { ...JETSTREAM_DEFAULTS, replicas });
            return nc;
          },
        },
        {
          provide: EventPublisher,
          useFactory: (nc: NatsConnection, settings: BusSettings) => new EventPublisher(nc, `/lxcbus/${settings.host}/${service}`),
          inject: [BUS_CONNECTION, BUS_SETTINGS],
        },
        {
          provide: BusClient,
          useFactory: (nc: NatsConnection, settings: BusSettings) =>
            new BusClient(nc, { host: settings.host, owner: 'root', timeoutMs: settings.requestTimeoutMs }),
          inject: [BUS_CONNECTION, BUS_SETTINGS],
        },
        ConnectionCloser,
      ],
      exports: [BUS_SETTINGS, SERVICE_IDENTITY, BUS_CONNECTION, EventPublisher, BusClient],
    };
  }
}
