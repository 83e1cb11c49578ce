/** What the launcher runs: nats-server on the generated config, and `node <dist>/services/<name>/src/main.js`. */
import { join } from 'node:path';
import type { ServiceName } from '@lxcbus/contracts';
import type { UpOptions } from './stack-options';
import type { ChildSpec } from './supervised-process';
import { serviceMainPath } from './repo-layout';
import { servicesCredsPath } from './auth-store';

export function natsUrlFor(port: number): string {
  return `nats://127.0.0.1:${port}`;
}

/**
 * The environment every service reads (libs/bus-client, libs/bus). Credentials
 * from the caller's shell are dropped (a fleet's creds file must not leak into
 * a local stack); with auth on, the services get the stack's own identity.
 */
export function serviceEnv(o: UpOptions, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...base,
    LXCBUS_NATS_URL: natsUrlFor(o.port),
    LXCBUS_HOST: o.host,
    LXCBUS_LXCPATH: o.lxcpath,
    LXCBUS_RUNDIR: o.rundir,
    LXCBUS_STATEDIR: o.statedir,
    LXCBUS_CACHEDIR: o.cachedir,
    LXCBUS_LOG_LEVEL: o.logLevel,
    LXCBUS_JS_REPLICAS: '1',
  };
  // Otherwise inherited from the caller's shell like the rest of the environment.
  if (o.defaultConfig) env.LXCBUS_DEFAULT_CONFIG = o.defaultConfig;
  delete env.LXCBUS_CREDS;
  if (o.auth) env.LXCBUS_CREDS = servicesCredsPath(o.statedir);
  return env;
}

export function natsSpec(bin: string, configPath: string, logDir: string): ChildSpec {
  return { name: 'nats-server', command: bin, args: ['-c', configPath], env: { PATH: process.env.PATH }, logFile: join(logDir, 'nats-server.log') };
}

export function serviceSpec(repo: string, service: ServiceName, o: UpOptions, logDir: string): ChildSpec {
  return {
    name: service,
    command: process.execPath,
    args: [serviceMainPath(repo, service)],
    env: serviceEnv(o),
    logFile: join(logDir, `${service}.log`),
  };
}

/** The argument that identifies the child in /proc/<pid>/cmdline. */
export function specMarker(spec: ChildSpec): string {
  return spec.args[spec.args.length - 1];
}
