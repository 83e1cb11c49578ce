/**
 * A whole lxcbus stack for a system test, started the way a user starts it
 * (`bin/lxcbus up`) on a free port with its own lxcpath, run, state and cache
 * dirs and host id, plus a helper that runs the bin/lxc-* drop-ins against it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { lxcbusUp, type UpStack } from '../../support/lxcbus-up';
import type { RunResult } from '../../support/run-async';
import { useCredentialsFor } from './bus-helpers';

export const REPO = resolve(__dirname, '../../..');
export const BIN = join(REPO, 'bin');

export type { RunResult };

/** `lxcbus up` (test/support/lxcbus-up.ts) plus the drop-ins run against it. */
export interface Stack extends UpStack {
  lxc(tool: string, args: string[], opts?: { input?: string; timeoutMs?: number }): RunResult;
  lxcAsync(tool: string, args: string[]): ChildProcess;
  /** Destroys every container of the stack, stops it and removes its dirs. */
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
  describeOrSkip(systemSkipReason(), name, body);
}

/** describeSystem, also skipped (with the reason printed) when a test's own need is missing: `ownReason` set. */
export function describeSystemUnless(ownReason: string | null): (name: string, body: () => void) => void {
  return (name, body) => describeOrSkip(ownReason ?? systemSkipReason(), name, body);
}

function describeOrSkip(reason: string | null, name: string, body: () => void): void {
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
  const up = await lxcbusUp({
    base, host: `sys${process.pid}${Math.floor(Math.random() * 1000)}`, auth: opts.auth !== false,
    env: opts.defaultConfig ? { LXCBUS_DEFAULT_CONFIG: opts.defaultConfig } : {},
  });
  const { env, creds } = up;
  if (creds) useCredentialsFor(up.url, creds);
  const run = (tool: string, a: string[], o: { input?: string; timeoutMs?: number } = {}): RunResult => {
    const r = spawnSync(process.execPath, [join(BIN, tool), ...a], { env, input: o.input ?? '', timeout: o.timeoutMs ?? 60_000 });
    return { code: r.status ?? -1, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
  };
  return {
    ...up,
    lxc: run,
    lxcAsync: (tool, a) => spawn(process.execPath, [join(BIN, tool), ...a], { env, stdio: ['pipe', 'pipe', 'pipe'] }),
    stop: async () => {
      // Containers outlive the stack by design; a test's must not outlive the test.
      for (const name of run('lxc-ls', ['-1']).stdout.split('\n').filter(Boolean)) run('lxc-destroy', ['-f', '-n', name]);
      await up.stop();
      rmSync(base, { recursive: true, force: true });
    },
  };
}

/** Polls `probe` every 200 ms until it holds or `ms` pass; says whether it held. */
export async function until(probe: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (probe()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return probe();
}
