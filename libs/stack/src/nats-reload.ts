/**
 * Making a running stack's nats-server take a new auth.conf: SIGHUP (what
 * `nats-server --signal reload` sends), then proof by logging in: a reload is
 * asynchronous, and `lxcbus user add` should only report success once the new
 * identity works (or, after `del`, once it no longer does).
 */
import { connect, nkeyAuthenticator } from 'nats';
import { readStackRecord, type StackRecord } from './stack-record';
import { isAlive, runsWith, signal, sleep } from './process-probe';

export type ReloadOutcome = { state: 'reloaded'; record: StackRecord } | { state: 'not-running' } | { state: 'no-auth'; record: StackRecord };

export function reloadNats(statedir: string): ReloadOutcome {
  const record = readStackRecord(statedir);
  const pid = record?.nats.pid;
  if (!record || !isAlive(record.launcherPid) || !pid || !runsWith(pid, record.natsConfig)) return { state: 'not-running' };
  if (!record.auth) return { state: 'no-auth', record };
  signal(pid, 'SIGHUP');
  return { state: 'reloaded', record };
}

/** True when a connection with `seed` is accepted. */
export async function canLogIn(url: string, seed: string): Promise<boolean> {
  try {
    const nc = await connect({ servers: url, authenticator: nkeyAuthenticator(new TextEncoder().encode(seed)), reconnect: false, timeout: 1_000 });
    await nc.close();
    return true;
  } catch {
    return false;
  }
}

/** Polls until logging in with `seed` gives `want`; false at the deadline. */
export async function awaitLogin(url: string, seed: string, want: boolean, timeoutMs = 10_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if ((await canLogIn(url, seed)) === want) return true;
    if (Date.now() >= until) return false;
    await sleep(100);
  }
}
