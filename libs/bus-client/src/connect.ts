import { connect, type ConnectionOptions, type NatsConnection } from 'nats';
import { ForbiddenError, NoRespondersError } from '@lxcbus/contracts';
import type { BusSettings } from './bus-settings';
import { authenticatorFor, loadCredentials } from './credentials';

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
  if (settings.credsFile) o.authenticator = authenticatorFor(loadCredentials(settings.credsFile));
  if (settings.inboxPrefix) o.inboxPrefix = settings.inboxPrefix;
  return o;
}

/**
 * Connects; an unreachable server becomes a NO_RESPONDERS DomainError naming
 * the URL, a refused identity a FORBIDDEN one naming the credentials.
 */
export async function connectBus(settings: BusSettings, opts: ConnectOptions): Promise<NatsConnection> {
  // An unreadable credentials file is its own error (CredentialsError), not an unreachable server.
  const options = natsConnectionOptions(settings, opts);
  try {
    return await connect(options);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    const code = (err as { code?: unknown }).code;
    if (code === 'AUTHORIZATION_VIOLATION' || code === 'AUTHENTICATION_EXPIRED') {
      const creds = settings.credsFile ? `with ${settings.credsFile}` : 'without credentials (none found; ask root for: lxcbus user add <you>)';
      throw new ForbiddenError(`the lxcbus NATS server at ${settings.natsUrl} refused the connection ${creds} (${why})`);
    }
    throw new NoRespondersError(`cannot reach the lxcbus NATS server at ${settings.natsUrl} (${why}); is the stack up? (lxcbus up)`);
  }
}
