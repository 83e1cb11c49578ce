/**
 * One NestJS service on a real nats-server for a service test: the server, the service booted
 * the way its main.ts boots it (settings from LXCBUS_* in process.env), and a plain NATS client
 * to ask it. stop() undoes all three.
 */
import type { INestMicroservice, Type } from '@nestjs/common';
import { connect, type NatsConnection } from 'nats';
import { bootstrapService, type BootstrapOptions } from '@lxcbus/bus';
import { startNats, type NatsFixture } from './nats-fixture';

const enc = new TextEncoder();
const dec = new TextDecoder();

export interface ServiceUnderTest {
  nats: NatsFixture;
  app: INestMicroservice;
  nc: NatsConnection;
  /** The reply, parsed; a string body goes out as is (for malformed-input tests). */
  request(subject: string, body: unknown, timeoutMs?: number): Promise<any>;
  /** Closes the service and boots it again on the same server (state that must survive a restart). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface ServiceTestOptions extends BootstrapOptions {
  host: string;
  /** Set in process.env before the service boots, besides the server's URL, the host and a quiet log. */
  env?: Record<string, string>;
}

export async function startServiceUnderTest(module: Type<unknown>, o: ServiceTestOptions): Promise<ServiceUnderTest> {
  const nats = await startNats();
  Object.assign(process.env, { LXCBUS_NATS_URL: nats.url, LXCBUS_HOST: o.host, LXCBUS_LOG_LEVEL: 'warn', ...o.env });
  const boot = () => bootstrapService(module, { service: o.service, queue: o.queue });
  let app: INestMicroservice | undefined;
  let nc: NatsConnection;
  try {
    app = await boot();
    nc = await connect({ servers: nats.url });
  } catch (err) {
    // A service that did not come up leaves no server behind (afterAll never sees it).
    await app?.close();
    await nats.stop();
    throw err;
  }
  const svc: ServiceUnderTest = {
    nats, app, nc,
    request: async (subject, body, timeoutMs = 5_000) => {
      const raw = typeof body === 'string' ? body : JSON.stringify(body);
      const m = await svc.nc.request(subject, enc.encode(raw), { timeout: timeoutMs });
      return JSON.parse(dec.decode(m.data));
    },
    restart: async () => {
      await svc.app.close();
      svc.app = await boot();
    },
    stop: async () => {
      await svc.nc.close();
      await svc.app.close();
      await nats.stop();
    },
  };
  return svc;
}
