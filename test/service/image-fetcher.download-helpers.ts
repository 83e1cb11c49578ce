/**
 * Shared set-up of the image-fetcher download tests: one image server fixture, one
 * image-fetcher on a real nats-server with its cache, state and lxcpath in a temp dir,
 * and helpers to ask it, tap its progress events and snapshot directories.
 */
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NatsConnection } from 'nats';
import { ServiceName, subjects, type ServiceVerb } from '@lxcbus/contracts';
import { AppModule } from '../../services/image-fetcher/src/app.module';
import { startImageServer, type ImageServer } from '../fixtures/image-server';
import { startServiceUnderTest, type ServiceUnderTest } from '../support/service-under-test';

export interface DownloadEnv {
  host: string;
  svc: ServiceUnderTest;
  nc: NatsConnection;
  server: ImageServer;
  base: string;
  lxcpath: string;
  cacheDir: string;
  configDir: string;
  stop(): Promise<void>;
}

export async function startDownloadEnv(opts: { keyring?: boolean } = {}): Promise<DownloadEnv> {
  const host = `ifd${process.pid}`;
  const server = await startImageServer();
  const base = mkdtempSync(join(tmpdir(), 'lxcbus-ifd-'));
  const lxcpath = join(base, 'lxc');
  mkdirSync(lxcpath);
  const svc = await startServiceUnderTest(AppModule, {
    service: ServiceName.imageFetcher, queue: ServiceName.imageFetcher, host,
    env: {
      LXCBUS_CACHEDIR: join(base, 'cache'), LXCBUS_STATEDIR: join(base, 'state'), LXCBUS_IMAGE_CA_FILE: server.tls.caCert,
      ...(opts.keyring !== false ? { LXCBUS_IMAGE_KEYRING: server.keyring } : {}),
    },
  });
  return {
    host, svc, nc: svc.nc, server, base, lxcpath, cacheDir: join(base, 'cache'), configDir: join(base, 'state', 'config'),
    stop: async () => {
      await svc.stop();
      await server.stop();
      rmSync(base, { recursive: true, force: true });
    },
  };
}

const dec = new TextDecoder();

export function askService(env: DownloadEnv, verb: ServiceVerb, body: object, timeout = 60_000): Promise<any> {
  return env.svc.request(subjects.service(env.host, ServiceName.imageFetcher, verb), body, timeout);
}

export function askCommand(env: DownloadEnv, verb: string, body: object): Promise<any> {
  return env.svc.request(subjects.command(env.host, 'root', verb), body, 30_000);
}

export function populateBody(env: DownloadEnv, name: string, args: string[], mode: 'system' | 'user' = 'system') {
  const containerDir = join(env.lxcpath, name);
  mkdirSync(containerDir, { recursive: true });
  const rootfs = join(containerDir, 'rootfs');
  return {
    name, owner: 'root', lxcpath: env.lxcpath, containerDir, rootfs, template: 'download', args, mode,
    config: ['lxc.net.0.type = empty', `lxc.rootfs.path = dir:${rootfs}`],
  };
}

/** Progress events of one container, as a plain subscriber sees them. */
export function tapProgress(env: DownloadEnv, name: string): { events: any[]; close(): void } {
  const events: any[] = [];
  const sub = env.nc.subscribe(subjects.event(env.host, 'root', name, 'progress'), {
    callback: (_e, m) => events.push(JSON.parse(dec.decode(m.data))),
  });
  return { events, close: () => sub.unsubscribe() };
}

/** Every path under `dir` with its type, sorted: what "leaves no trace" is checked against. */
export function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names.sort()) {
      const st = lstatSync(join(d, n));
      out.push(`${rel}${n}${st.isDirectory() ? '/' : ''}`);
      if (st.isDirectory()) walk(join(d, n), `${rel}${n}/`);
    }
  };
  walk(dir, '');
  return out;
}
