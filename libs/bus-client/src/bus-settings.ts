/**
 * Where the bus is and who we are on it. Every default in one object; the
 * environment overrides (LXCBUS_NATS_URL, LXCBUS_HOST, LXCBUS_CREDS), so the
 * CLI and the services find the same stack without flags.
 */
import { hostname } from 'node:os';
import { hostIdFromHostname, isHostId } from '@lxcbus/contracts';

export interface BusSettings {
  natsUrl: string;
  host: string;
  /** Path of a NATS .creds file; optional (issue: per-user credentials). */
  credsFile?: string;
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

export function busSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): BusSettings {
  const host = env.LXCBUS_HOST || BUS_DEFAULTS.host;
  if (!isHostId(host)) throw new Error(`LXCBUS_HOST ${JSON.stringify(host)} is not a valid host id`);
  return {
    natsUrl: env.LXCBUS_NATS_URL || BUS_DEFAULTS.natsUrl,
    host,
    credsFile: env.LXCBUS_CREDS || undefined,
    requestTimeoutMs: Number(env.LXCBUS_TIMEOUT_MS) || BUS_DEFAULTS.requestTimeoutMs,
    lxcpath: env.LXCBUS_LXCPATH || BUS_DEFAULTS.lxcpath,
  };
}
