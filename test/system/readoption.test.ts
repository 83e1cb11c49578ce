/**
 * Containers outlive runtime-executor: kill -9 it and the shim keeps init
 * running; the restarted executor re-adopts the shim (same pid, attach and
 * stop work) or, when init died meanwhile, publishes the exit it missed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NatsConnection } from 'nats';
import { describeSystem, REPO, startStack, type Stack } from './support/stack-harness';
import {
  attachByHand, command, connectPlain, EventTap, eventLabel, forceDestroy, isAlive, processEnv, servicePid, sleep,
  waitForNewPid, waitForPing, writeEmptyNetDefaultConfig,
} from './support/bus-helpers';

jest.setTimeout(180_000);

const EXECUTOR = 'runtime-executor';
/** How long the launcher gets to restart the executor before the test starts one itself. */
const LAUNCHER_RESTART_MS = 15_000;

describeSystem('re-adoption after kill -9 of runtime-executor', () => {
  let stack: Stack;
  let nc: NatsConnection;
  let confDir: string;
  const ownExecutors: ChildProcess[] = [];
  const names: string[] = [];
  const newName = (tag: string) => {
    const n = `${tag}${process.pid % 10000}${Math.floor(Math.random() * 1000)}`;
    names.push(n);
    return n;
  };

  beforeAll(async () => {
    confDir = mkdtempSync(join(tmpdir(), 'lxcbus-readopt-'));
    stack = await startStack({ defaultConfig: writeEmptyNetDefaultConfig(confDir) });
    nc = await connectPlain(stack.url);
  });

  afterAll(async () => {
    if (nc) {
      for (const n of names) await forceDestroy(nc, stack.host, n);
      await nc.close();
    }
    for (const p of ownExecutors) if (p.exitCode === null && p.pid) process.kill(p.pid, 'SIGTERM');
    await stack?.stop().catch((err: unknown) => console.warn(`stack cleanup: ${String(err)}`));
    rmSync(confDir, { recursive: true, force: true });
  });

  async function createAndStart(name: string): Promise<number> {
    expect(await command(nc, stack.host, 'create', { name, template: 'busybox' }, 120_000)).toMatchObject({ ok: true });
    const started = await command(nc, stack.host, 'start', { name });
    expect(started).toMatchObject({ ok: true, state: 'RUNNING' });
    return started.pid as number;
  }

  function executorPid(): number {
    const pid = servicePid(stack.stateDir, stack.host, EXECUTOR);
    if (!pid) throw new Error(`no ${EXECUTOR} process found for host ${stack.host}`);
    return pid;
  }

  /** kill -9, wait until the kernel has taken it down (gone or a zombie). */
  async function killExecutor(): Promise<{ pid: number; env: Record<string, string> }> {
    const pid = executorPid();
    const env = processEnv(pid) ?? {};
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 200 && isAlive(pid) && !isZombie(pid); i++) await sleep(10);
    return { pid, env };
  }

  /** The launcher restarts a dead service; if this one does not, start it with the same environment. */
  async function executorBack(old: { pid: number; env: Record<string, string> }): Promise<void> {
    const pid = await waitForNewPid(stack.stateDir, stack.host, EXECUTOR, old.pid, LAUNCHER_RESTART_MS);
    if (!pid) {
      console.warn(`the launcher did not restart ${EXECUTOR} within ${LAUNCHER_RESTART_MS} ms; starting it from the test`);
      ownExecutors.push(spawn(process.execPath, [join(REPO, 'dist/services/runtime-executor/src/main.js')], { env: old.env, stdio: 'ignore' }));
    }
    await waitForPing(nc, stack.host, EXECUTOR);
  }

  it('the container keeps running and is managed again by the restarted executor', async () => {
    const name = newName('ra');
    const initPid = await createAndStart(name);
    const shimPid = parentOf(initPid);
    const tap = new EventTap(nc, stack.host, name);
    try {
      const old = await killExecutor();
      await sleep(500);
      expect(isAlive(initPid) && !isZombie(initPid)).toBe(true);
      expect(isAlive(shimPid)).toBe(true);

      await executorBack(old);
      // The re-adopting executor announces the container again, with the same init.
      await tap.waitFor((e) => eventLabel(e) === 'RUNNING' && e.data.pid === initPid);
      expect(tap.labels()).not.toContain('exit');

      expect(await command(nc, stack.host, 'info', { name })).toMatchObject({ ok: true, info: { name, state: 'RUNNING', pid: initPid } });
      expect(await command(nc, stack.host, 'start', { name })).toMatchObject({ ok: true, pid: initPid, alreadyRunning: true });

      const attached = await attachByHand(nc, stack.host, name, ['sh', '-c', 'echo $$ readopted; cat /proc/1/comm']);
      expect(attached.reply).toMatchObject({ ok: true });
      expect(attached.stdout).toMatch(/^\d+ readopted\ninit\n$/);
      expect(attached.exit).toMatchObject({ code: 0 });

      const at = tap.events.length;
      expect(await command(nc, stack.host, 'stop', { name, timeout: 10 })).toMatchObject({ ok: true, state: 'STOPPED', killed: false });
      const exit = await tap.waitFor((e) => eventLabel(e) === 'exit', 5_000, at);
      expect(exit.data).toMatchObject({ missed: false });
      expect(tap.labels().slice(at)).toEqual(['exit', 'STOPPING', 'STOPPED']);
      expect(isAlive(initPid)).toBe(false);
      expect(await command(nc, stack.host, 'info', { name })).toMatchObject({ ok: true, info: { state: 'STOPPED' } });
      expect(await command(nc, stack.host, 'destroy', { name })).toMatchObject({ ok: true });
    } finally {
      tap.close();
    }
  });

  it('an init that died while no executor ran is published as a missed exit on restart', async () => {
    const name = newName('rm');
    const initPid = await createAndStart(name);
    const tap = new EventTap(nc, stack.host, name);
    // Holding the launcher keeps it from restarting the executor before init is dead and its exit recorded.
    const launcher = launcherPid(stack);
    try {
      process.kill(launcher, 'SIGSTOP');
      let old: { pid: number; env: Record<string, string> };
      try {
        old = await killExecutor();
        process.kill(initPid, 'SIGKILL');
        for (let i = 0; i < 200 && isAlive(initPid); i++) await sleep(10);
        expect(isAlive(initPid)).toBe(false);
        await sleep(300);
        expect(tap.labels()).not.toContain('exit');
      } finally {
        process.kill(launcher, 'SIGCONT');
      }

      await executorBack(old);
      const exit = await tap.waitFor((e) => eventLabel(e) === 'exit');
      expect(exit.data).toMatchObject({ name, missed: true, signal: 9, code: null });
      await tap.waitFor((e) => eventLabel(e) === 'STOPPED');
      const after = tap.labels().slice(tap.labels().indexOf('exit'));
      expect(after).toEqual(['exit', 'STOPPING', 'STOPPED']);
      expect(tap.labels()).not.toContain('RUNNING');

      expect(await command(nc, stack.host, 'info', { name })).toMatchObject({ ok: true, info: { name, state: 'STOPPED' } });
      expect(await command(nc, stack.host, 'stop', { name })).toMatchObject({ ok: false, error: { code: 'NOT_RUNNING' } });
      expect(await command(nc, stack.host, 'destroy', { name })).toMatchObject({ ok: true });
    } finally {
      tap.close();
    }
  });
});

function isZombie(pid: number): boolean {
  try {
    return /^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/** The `lxcbus up` process: stack.json names it; the harness's child is the same process. */
function launcherPid(stack: Stack): number {
  try {
    const rec = JSON.parse(readFileSync(join(stack.stateDir, 'stack.json'), 'utf8')) as { launcherPid?: number };
    if (rec.launcherPid) return rec.launcherPid;
  } catch {
    // Fall back to the harness's child.
  }
  return stack.proc.pid as number;
}
