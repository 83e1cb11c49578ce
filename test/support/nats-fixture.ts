/**
 * A real NATS server for tests: NATS_URL when set, else a testcontainers
 * container when a container engine answers, else the local `nats-server`
 * binary on a free port with a temp JetStream store.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface NatsFixture {
  url: string;
  kind: 'env' | 'testcontainers' | 'binary';
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    const okay = await new Promise<boolean>((resolve) => {
      const s = tcpConnect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (okay) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nats-server did not listen on ${port} within ${deadlineMs} ms`);
}

async function engineAnswers(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await Promise.race([
      getContainerRuntimeClient(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000)),
    ]);
    return true;
  } catch {
    return false;
  }
}

async function startWithTestcontainers(): Promise<NatsFixture> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const c = await new GenericContainer('nats:2.10-alpine')
    .withCommand(['-js'])
    .withExposedPorts(4222)
    .withWaitStrategy(Wait.forLogMessage(/Server is ready/))
    .start();
  return { url: `nats://${c.getHost()}:${c.getMappedPort(4222)}`, kind: 'testcontainers', stop: async () => void (await c.stop()) };
}

export async function startNatsBinary(bin = process.env.NATS_SERVER_BIN || 'nats-server'): Promise<NatsFixture & { port: number; storeDir: string; proc: ChildProcess }> {
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'lxcbus-nats-'));
  const proc = spawn(bin, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], { stdio: 'ignore' });
  const exited = new Promise<never>((_, reject) => proc.once('exit', (code) => reject(new Error(`nats-server exited with ${code}`))));
  await Promise.race([waitForPort(port, 10_000), exited]);
  return {
    url: `nats://127.0.0.1:${port}`,
    kind: 'binary',
    port,
    storeDir,
    proc,
    stop: async () => {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        await new Promise((r) => proc.once('exit', r));
      }
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

export async function startNats(): Promise<NatsFixture> {
  if (process.env.NATS_URL) return { url: process.env.NATS_URL, kind: 'env', stop: async () => undefined };
  if (process.env.LXCBUS_TEST_TESTCONTAINERS !== '0' && (await engineAnswers())) return startWithTestcontainers();
  return startNatsBinary();
}
