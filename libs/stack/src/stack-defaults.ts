/**
 * Every default of the embedded stack in one object. The directories match
 * LXC's and the FHS: containers in /var/lib/lxc, runtime state in /run,
 * persistent state in /var/lib, downloads in /var/cache.
 */
import { BUS_DEFAULTS } from '@lxcbus/bus-client';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const STACK_DEFAULTS = {
  port: 4222,
  host: BUS_DEFAULTS.host,
  lxcpath: '/var/lib/lxc',
  rundir: '/run/lxcbus',
  statedir: '/var/lib/lxcbus',
  cachedir: '/var/cache/lxcbus',
  logLevel: 'info' as LogLevel,
  /** Debian's package; NATS_SERVER_BIN overrides (as in the test fixture). */
  natsServerBin: '/usr/sbin/nats-server',
  natsReadyTimeoutMs: 20_000,
  servicesReadyTimeoutMs: 60_000,
  /** `up -d`: how long the parent waits for the background launcher's ready line (covers both timeouts above). */
  detachReadyTimeoutMs: 90_000,
  /** SIGTERM first; SIGKILL whatever is still alive after this. */
  stopTimeoutMs: 15_000,
  restartBackoffMinMs: 500,
  restartBackoffMaxMs: 30_000,
  /** A run at least this long counts as healthy and resets the backoff. */
  restartResetAfterMs: 60_000,
} as const;

/** Files inside the state dir; `down` and `status` find a stack through them. */
export const STATE_FILES = {
  pid: 'lxcbus.pid',
  stack: 'stack.json',
  natsConfig: 'nats-server.conf',
  natsStore: 'nats',
  logs: 'logs',
  /** Inside logs/: the stdout and stderr of a launcher started with `up -d`. */
  stackLog: 'stack.log',
  /** Included by nats-server.conf (same dir: nats-server resolves includes relative to the including file). */
  authConfig: 'auth.conf',
  /** Mode 0700: users.json (who has credentials) and services.creds (the services' and root's identity). */
  authDir: 'auth',
  users: 'users.json',
  servicesCreds: 'services.creds',
} as const;
