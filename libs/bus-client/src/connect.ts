import { readFileSync } from 'node:fs';
import { connect, credsAuthenticator, type ConnectionOptions, type NatsConnection } from 'nats';
import { NoRespondersError } from '@lxcbus/contracts';
import type { BusSettings } from './bus-settings';

export interface ConnectOptions {
  name: string;
  /** Keep retrying the first connect (services); the CLI fails fast instead. */
  waitForServer?: boolean;
}

export function natsConnectionOptions(settings: BusSettings, opts: ConnectOptions): ConnectionOptions {
  const o: ConnectionOptions = {
    servers: settings.natsUrl.split(','),
    name: opts.name,
    waitOnFirstConnect: opts.waitForServer ?? false,
    maxReconnectAttempts: opts.waitForServer ? -1 : 10,
    timeout: 2_000,
  };
  if (settings.credsFile) o.authenticator = credsAuthenticator(readFileSync(settings.credsFile));
  return o;
}

/** Connects; an unreachable server becomes a NO_RESPONDERS DomainError naming the URL. */
export async function connectBus(settings: BusSettings, opts: ConnectOptions): Promise<NatsConnection> {
  try {
    return await connect(natsConnectionOptions(settings, opts));
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new NoRespondersError(`cannot reach the lxcbus NATS server at ${settings.natsUrl} (${why}); is the stack up? (lxcbus up)`);
  }
}
