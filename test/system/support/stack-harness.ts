/**
 * A whole lxcbus stack for a system test, started the way a user starts it
 * (`bin/lxcbus up`) on a free port with its own lxcpath, run, state and cache
 * dirs and host id, plus a helper that runs the bin/lxc-* drop-ins against it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../support/nats-fixture';
import { useCredentialsFor } from './bus-helpers';

export const REPO = resolve(__dirname, '../../..');
export const BIN = join(REPO, 'bin');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Stack {
  url: string;
  host: string;
  lxcpath: string;
  runDir: string;
  stateDir: string;
  /** The services' identity (root's CLI uses it); null with `auth: false` (`up --no-auth`). */
  creds: string | null;
  env: NodeJS.ProcessEnv;
  proc: ChildProcess;
  lxc(tool: string, args: string[], opts?: { input?: string; timeoutMs?: number }): RunResult;
  lxcAsync(tool: string, args: string[]): ChildProcess;
  stop(): Promise<void>;
}

/** Why this machine cannot run system tests, or null when it can. */
export function systemSkipReason(): string | null {
  if (process.getuid?.() !== 0) return 'system tests need root (namespaces, cgroups, mounts)';
  if (!existsSync(join(REPO, 'dist/services/runtime-executor/src/main.js'))) return 'dist/ is not built (run npm run build)';
  if (!existsSync(join(REPO, 'native/build/lxcbus-shim'))) return 'native/build/lxcbus-shim is not built (npm run build:native)';
  if (spawnSync('nats-server', ['--version']).status !== 0) return 'nats-server is not installed (scripts/setup.sh)';
  return null;
}

/** describe() that skips with a printed reason where the machine lacks a capability. */
export function describeSystem(name: string, body: () => void): void {
  const reason = systemSkipReason();
  if (reason) {
    // eslint-disable-next-line no-console
    console.warn(`SKIP ${name}: ${reason}`);
    describe.skip(`${name} (skipped: ${reason})`, body);
  } else {
    describe(name, body);
  }
}

export async function startStack(opts: { defaultConfig?: string; auth?: boolean } = {}): Promise<Stack> {
  const base = mkdtempSync(join(tmpdir(), 'lxcbus-sys-'));
  const port = await freePort();
  const host = `sys${process.pid}${Math.floor(Math.random() * 1000)}`;
  const lxcpath = join(base, 'lxc');
  const runDir = join(base, 'run');
  const stateDir = join(base, 'state');
  const args = ['up', '--port', String(port), '--host', host, '--lxcpath', lxcpath, '--rundir', runDir, '--statedir', stateDir,
    '--cachedir', join(base, 'cache'), '--log-level', 'warn', ...(opts.auth === false ? ['--no-auth'] : [])];
  const creds = opts.auth === false ? null : join(stateDir, 'auth', 'services.creds');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LXCBUS_NATS_URL: `nats://127.0.0.1:${port}`,
    LXCBUS_HOST: host,
    LXCBUS_LXCPATH: lxcpath,
    ...(opts.defaultConfig ? { LXCBUS_DEFAULT_CONFIG: opts.defaultConfig } : {}),
    // bin/lxc-* run as root with the services' identity, which `lxcbus up` writes there.
    ...(creds ? { LXCBUS_CREDS: creds } : {}),
  };
  if (!creds) delete env.LXCBUS_CREDS;
  const proc = spawn(process.execPath, [join(BIN, 'lxcbus'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`stack not ready in 60 s:\n${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (/lxcbus ready/.test(out)) {
        clearTimeout(timer);
        ready();
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`lxcbus up exited with ${code}:\n${out}`));
    });
  });
  if (creds) useCredentialsFor(env.LXCBUS_NATS_URL as string, creds);
  const run = (tool: string, a: string[], o: { input?: string; timeoutMs?: number } = {}): RunResult => {
    const r = spawnSync(process.execPath, [join(BIN, tool), ...a], { env, input: o.input ?? '', timeout: o.timeoutMs ?? 60_000 });
    return { code: r.status ?? -1, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
  };
  return {
    url: env.LXCBUS_NATS_URL as string, host, lxcpath, runDir, stateDir, creds, env, proc,
    lxc: run,
    lxcAsync: (tool, a) => spawn(process.execPath, [join(BIN, tool), ...a], { env, stdio: ['pipe', 'pipe', 'pipe'] }),
    stop: async () => {
      // Containers outlive the stack by design; a test's must not outlive the test.
      for (const name of run('lxc-ls', ['-1']).stdout.split('\n').filter(Boolean)) run('lxc-destroy', ['-f', '-n', name]);
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        await new Promise((r) => proc.once('exit', r));
      }
      rmSync(base, { recursive: true, force: true });
    },
  };
}
