/**
 * `bin/lxcbus up` started as a user starts it, on a free port with every directory under one
 * base dir, for the system-test harness and the benchmarks. The returned env is what the
 * bin/lxc-* drop-ins need to reach this stack (address, host id, lxcpath, identity).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from './nats-fixture';

/** The checkout: two up from here in the sources (ts-jest), three from dist/test/support (the benchmarks). */
const REPO = [resolve(__dirname, '../..'), resolve(__dirname, '../../..')].find((d) => existsSync(join(d, 'bin/lxcbus'))) as string;
const READY_TIMEOUT_MS = 60_000;

export interface UpOptions {
  /** Parent of the stack's run, state and cache dirs (and of its lxcpath unless given). */
  base: string;
  host: string;
  lxcpath?: string;
  /** false: `up --no-auth`, and no LXCBUS_CREDS in the env. */
  auth: boolean;
  /** Added to process.env for the stack and the drop-ins (LXCBUS_DEFAULT_CONFIG, ...). */
  env?: NodeJS.ProcessEnv;
}

export interface UpStack {
  url: string;
  host: string;
  lxcpath: string;
  runDir: string;
  stateDir: string;
  /** The services' identity (root's CLI uses it); null with `auth: false`. */
  creds: string | null;
  env: NodeJS.ProcessEnv;
  proc: ChildProcess;
  /** SIGTERM to `lxcbus up` and wait for it; containers outlive it by design. */
  stop(): Promise<void>;
}

export async function lxcbusUp(o: UpOptions): Promise<UpStack> {
  const port = await freePort();
  const lxcpath = o.lxcpath ?? join(o.base, 'lxc');
  const runDir = join(o.base, 'run');
  const stateDir = join(o.base, 'state');
  const args = ['up', '--port', String(port), '--host', o.host, '--lxcpath', lxcpath, '--rundir', runDir, '--statedir', stateDir,
    '--cachedir', join(o.base, 'cache'), '--log-level', 'warn', ...(o.auth ? [] : ['--no-auth'])];
  const creds = o.auth ? join(stateDir, 'auth', 'services.creds') : null;
  const env: NodeJS.ProcessEnv = {
    ...process.env, ...o.env, LXCBUS_NATS_URL: `nats://127.0.0.1:${port}`, LXCBUS_HOST: o.host, LXCBUS_LXCPATH: lxcpath,
    // bin/lxc-* run as root with the services' identity, which `lxcbus up` writes there.
    ...(creds ? { LXCBUS_CREDS: creds } : {}),
  };
  if (!creds) delete env.LXCBUS_CREDS;
  const proc = spawn(process.execPath, [join(REPO, 'bin/lxcbus'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  await untilReady(proc);
  return {
    url: env.LXCBUS_NATS_URL as string, host: o.host, lxcpath, runDir, stateDir, creds, env, proc,
    stop: async () => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const gone = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await gone;
    },
  };
}

/** Resolves on the launcher's ready line; rejects, with what it printed, when it exits or is late. */
function untilReady(proc: ChildProcess): Promise<void> {
  let out = '';
  return new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`lxcbus up not ready in ${READY_TIMEOUT_MS / 1000} s:\n${out}`)), READY_TIMEOUT_MS);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('lxcbus ready')) (clearTimeout(timer), ready());
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.once('exit', (code) => (clearTimeout(timer), fail(new Error(`lxcbus up exited with ${code}:\n${out}`))));
  });
}
