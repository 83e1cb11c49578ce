/** The one bootstrap every service's main.ts calls. */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestMicroservice, Type } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import type { NatsConnection } from 'nats';
import { busSettingsFromEnv, natsConnectionOptions } from '@lxcbus/bus-client';
import { DomainErrorFilter } from './domain-error.filter';
import { LxcbusNatsServer } from './lxcbus-nats.server';

export interface BootstrapOptions {
  service: string;
  /** Queue group for services that scale out (image-fetcher, state-reporter). */
  queue?: string;
}

export async function bootstrapService(module: Type<unknown>, opts: BootstrapOptions): Promise<INestMicroservice> {
  const settings = busSettingsFromEnv();
  const nats = natsConnectionOptions(settings, { name: `${opts.service}@${settings.host}/rpc`, waitForServer: true });
  const strategy = new LxcbusNatsServer(settings.host, { ...nats, queue: opts.queue });
  const app = await NestFactory.createMicroservice(module, { strategy, bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.useGlobalFilters(new DomainErrorFilter());
  app.enableShutdownHooks();
  await app.listen();
  // Subscriptions reach the server asynchronously; "ready" means a request sent now is answered.
  await strategy.unwrap<NatsConnection>().flush();
  logger.log(`${opts.service} ready on ${settings.natsUrl} as host ${settings.host}`);
  return app;
}

/** For main.ts: boot, or print why not and exit non-zero (the stack launcher reports it). */
export function runService(module: Type<unknown>, opts: BootstrapOptions): void {
  bootstrapService(module, opts).catch((err: unknown) => {
    process.stderr.write(`${opts.service}: failed to start: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
  });
}
