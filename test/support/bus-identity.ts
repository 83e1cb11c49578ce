/**
 * Connecting to the bus as a given identity (a credentials file's seed and inbox prefix, or
 * none) and reading the refusal NATS answers with: what the identity tests check.
 */
import { connect, nkeyAuthenticator, type NatsConnection, type NatsError } from 'nats';

/** The fields of a credentials file (`lxcbus user add`, services.creds) a client needs. */
export interface Creds { version: number; user: string; url: string; host: string; seed: string; inboxPrefix?: string }

/** No reconnects and a short timeout: a refused connection must fail at once. */
export function connectWith(url: string, c: Pick<Creds, 'seed' | 'inboxPrefix'> | null, extra: { inboxPrefix?: string } = {}): Promise<NatsConnection> {
  return connect({
    servers: url, reconnect: false, timeout: 2_000,
    ...(c ? { authenticator: nkeyAuthenticator(new TextEncoder().encode(c.seed)), inboxPrefix: c.inboxPrefix } : {}),
    ...extra,
  });
}

/** The NATS error code `p` fails with, or 'accepted'. */
export async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as NatsError).code;
  }
  return 'accepted';
}
