/**
 * "Answers" means a client can connect and JetStream replies to an account
 * info request: the services create streams and KV buckets at boot and
 * would fail if they raced the store's recovery.
 */
import { existsSync, readFileSync } from 'node:fs';
import { connect, type ConnectionOptions } from 'nats';
import { STACK_DEFAULTS } from './stack-defaults';
import { sleep } from './process-probe';

export function natsServerBin(env: NodeJS.ProcessEnv = process.env): string {
  if (env.NATS_SERVER_BIN) return env.NATS_SERVER_BIN;
  return existsSync(STACK_DEFAULTS.natsServerBin) ? STACK_DEFAULTS.natsServerBin : 'nats-server';
}

/** `auth`: the connection options that carry the services' identity (an authenticator), when the server wants one. */
export async function natsAnswers(url: string, auth: Partial<ConnectionOptions> = {}): Promise<boolean> {
  try {
    const nc = await connect({ ...auth, servers: url, timeout: 1_000, reconnect: false, name: 'lxcbus-up/probe' });
    try {
      await (await nc.jetstreamManager({ timeout: 1_000 })).getAccountInfo();
      return true;
    } finally {
      await nc.close();
    }
  } catch {
    return false;
  }
}

/** Polls until the server answers; rejects at the deadline or when `abort` settles first. */
export async function waitForNats(url: string, timeoutMs: number, abort: Promise<unknown>, auth: Partial<ConnectionOptions> = {}): Promise<void> {
  let aborted = false;
  void abort.then(() => (aborted = true), () => (aborted = true));
  const until = Date.now() + timeoutMs;
  while (!aborted) {
    if (await natsAnswers(url, auth)) return;
    if (Date.now() >= until) throw new Error(`nats-server did not answer on ${url} within ${timeoutMs} ms`);
    await sleep(100);
  }
  await abort;
}

/** The last lines of a log file, to put the reason for a failure in front of the user. */
export function logTail(path: string, lines = 15): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).map((l) => `    ${l}`).join('\n');
  } catch {
    return '    (no log)';
  }
}
