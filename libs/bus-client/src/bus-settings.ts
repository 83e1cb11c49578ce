/**
 * Where the bus is and who we are on it. Every default in one object; a
 * credentials file supplies url, host and lxcpath, and the environment
 * overrides both (LXCBUS_NATS_URL, LXCBUS_HOST, LXCBUS_LXCPATH, LXCBUS_CREDS),
 * so the CLI and the services find the same stack without flags.
 */
import { hostname } from 'node:os';
import { hostIdFromHostname, isHostId } from '@lxcbus/contracts';
import { discoverCredentialsFile, loadCredentials, type LoadedCredentials } from './credentials';

export interface BusSettings {
  natsUrl: string;
  host: string;
  /** Path of an lxcbus credentials file or a NATS .creds file; unset: no credentials. */
  credsFile?: string;
  /** Inbox prefix for replies (a user may subscribe only to `_INBOX_<user>.>`); unset: nats.js's. */
  inboxPrefix?: string;
  requestTimeoutMs: number;
  /** Root's lxcpath on this stack (LXCBUS_LXCPATH). */
  lxcpath: string;
}

export const BUS_DEFAULTS: Readonly<BusSettings> = {
  natsUrl: 'nats://127.0.0.1:4222',
  host: hostIdFromHostname(hostname()),
  requestTimeoutMs: 10_000,
  lxcpath: '/var/lib/lxc',
};

export interface SettingsLookup {
  /** Look for the caller's own credentials file when LXCBUS_CREDS is unset (the CLI; never the services). */
  discover?: { home: string; uid: number };
}

export function busSettingsFromEnv(env: NodeJS.ProcessEnv = process.env, lookup: SettingsLookup = {}): BusSettings {
  const credsFile = env.LXCBUS_CREDS || (lookup.discover ? discoverCredentialsFile(lookup.discover.home, lookup.discover.uid) : null) || undefined;
  const loaded: LoadedCredentials | null = credsFile ? loadCredentials(credsFile) : null;
  const file = loaded?.kind === 'lxcbus' ? loaded.credentials : undefined;
  const host = env.LXCBUS_HOST || file?.host || BUS_DEFAULTS.host;
  if (!isHostId(host)) throw new Error(`LXCBUS_HOST ${JSON.stringify(host)} is not a valid host id`);
  return {
    natsUrl: env.LXCBUS_NATS_URL || file?.url || BUS_DEFAULTS.natsUrl,
    host,
    credsFile,
    ...(file?.inboxPrefix ? { inboxPrefix: file.inboxPrefix } : {}),
    requestTimeoutMs: Number(env.LXCBUS_TIMEOUT_MS) || BUS_DEFAULTS.requestTimeoutMs,
    lxcpath: env.LXCBUS_LXCPATH || file?.lxcpath || BUS_DEFAULTS.lxcpath,
  };
}
