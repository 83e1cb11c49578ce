import type { Params } from 'nestjs-pino';

/** Structured logs with service and host bound; LXCBUS_LOG_LEVEL picks the level. */
export function loggerParams(service: string, host: string): Params {
  return {
    pinoHttp: {
      level: process.env.LXCBUS_LOG_LEVEL || 'info',
      base: { service, host, pid: process.pid },
      autoLogging: false,
    },
  };
}
