/**
 * Cgroup limits and the freezer with real containers, lxcbus and real LXC side by side:
 * lxc.cgroup.pids.max stops a fork bomb, lxc-cgroup reads and sets live values (same
 * output and errors as LXC), a memory hog dies at lxc.cgroup.memory.limit_in_bytes and the
 * exit event says why, lxc-freeze stops the container's processes until lxc-unfreeze.
 * On a hybrid host (this one) the v1 controllers are tested; on a cgroup2-only host the same
 * tests use lxc.cgroup2 keys. v2 is also unit-tested against a fake tree
 * (native/test/cgroup-fake.spec.ts).
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NatsConnection } from 'nats';
import { describeSystem, startStack, type Stack } from './support/stack-harness';
import { connectPlain, eventLabel, EventTap, sleep, writeEmptyNetDefaultConfig } from './support/bus-helpers';
import { createLxcbus, probeSkipReason, RealLxc, realLxcSkipReason, type Side } from './support/lxc-side';

jest.setTimeout(240_000);

const V1 = existsSync('/sys/fs/cgroup/pids/cgroup.procs') && existsSync('/sys/fs/cgroup/memory/cgroup.procs') && existsSync('/sys/fs/cgroup/freezer/cgroup.procs');
/** A cgroup2-only host: the same tests with lxc.cgroup2 keys. */
const PURE_V2 = existsSync('/sys/fs/cgroup/cgroup.controllers');
const PIDS_KEY = V1 ? 'lxc.cgroup.pids.max' : 'lxc.cgroup2.pids.max';
const MEMORY_LIMIT = V1 ? 'lxc.cgroup.memory.limit_in_bytes = 32M' : 'lxc.cgroup2.memory.max = 32M';
const LIMITS = [`${PIDS_KEY} = 20`];
const COUNTER = ['sh', '-c', '(while true; do echo x >> /tmp/count; done) </dev/null >/dev/null 2>&1 &'];

/**
 * With COUNTER running: lxc-freeze holds it still (lxc-info says FROZEN) and lxc-unfreeze lets
 * it go on. The same steps and expectations on lxcbus's side and on real LXC's.
 */
async function freezeHoldsCounter(side: Side, freezeTimeoutMs?: number): Promise<void> {
  const count = () => statSync(join(side.lxcpath, side.name, 'rootfs/tmp/count')).size;
  expect(side.run('lxc-freeze', ['-n', side.name], freezeTimeoutMs)).toEqual({ code: 0, stdout: '', stderr: '' });
  expect(side.run('lxc-info', ['-n', side.name, '-s']).stdout).toBe('State:          FROZEN\n');
  const frozenAt = count();
  await sleep(500);
  expect(count()).toBe(frozenAt);
  expect(side.run('lxc-unfreeze', ['-n', side.name])).toEqual({ code: 0, stdout: '', stderr: '' });
  await sleep(300);
  expect(count()).toBeGreaterThan(frozenAt);
}

describeSystem('cgroups: limits, lxc-cgroup, OOM, freezer', () => {
  const reason = probeSkipReason() ?? (V1 || PURE_V2 ? null : 'neither v1 pids/memory/freezer hierarchies nor a cgroup2-only root');
  const lxcReason = realLxcSkipReason();
  if (reason) console.warn(`cgroups: skipped: ${reason}`);
  if (lxcReason) console.warn(`cgroups: side-by-side with real LXC skipped: ${lxcReason}`);
  const itV1 = reason ? it.skip : it;
  const itBoth = reason || lxcReason ? it.skip : it;

  let stack: Stack;
  let nc: NatsConnection;
  let confDir: string;
  let real: RealLxc;
  const tag = `${process.pid % 10000}`;
  let ours: Side;

  beforeAll(async () => {
    confDir = mkdtempSync(join(tmpdir(), 'lxcbus-cgroups-'));
    stack = await startStack({ defaultConfig: writeEmptyNetDefaultConfig(confDir) });
    nc = await connectPlain(stack.url);
    real = new RealLxc();
    if (reason) return;
    ours = createLxcbus(stack, `cg${tag}`, LIMITS);
    expect(ours.run('lxc-start', ['-n', ours.name])).toMatchObject({ code: 0 });
  });

  afterAll(async () => {
    real?.cleanup();
    await nc?.close();
    await stack?.stop().catch((err: unknown) => console.warn(`stack cleanup: ${String(err)}`));
    rmSync(confDir, { recursive: true, force: true });
  });

  itV1('a fork bomb stops at pids.max; lxc-cgroup reads and sets it live', () => {
    expect(ours.run('lxc-cgroup', ['-n', ours.name, 'pids.max'])).toEqual({ code: 0, stdout: '20\n\n', stderr: '' });
    const bomb = ours.probe(['forkbomb', '1000']);
    expect(bomb.errno).toBe(11); // EAGAIN from fork at pids.max
    expect(bomb.forked).toBeLessThan(20);
    expect(ours.run('lxc-cgroup', ['-n', ours.name, 'pids.max', '40'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(ours.run('lxc-cgroup', ['-n', ours.name, 'pids.max']).stdout).toBe('40\n\n');
    expect(ours.probe(['forkbomb', '30']).forked).toBe(30);
  });

  itV1('lxc-cgroup errors are LXC\'s', () => {
    expect(ours.run('lxc-cgroup', ['-n', ours.name, 'bogus.key'])).toEqual({
      code: 1, stdout: '', stderr: `lxc-cgroup: ${ours.name}: ../src/lxc/tools/lxc_cgroup.c: main: 122 Failed to retrieve value of 'bogus.key' for '${stack.lxcpath}:${ours.name}'\n`,
    });
    expect(ours.run('lxc-cgroup', ['-n', ours.name, 'pids.max', 'bogus'])).toEqual({
      code: 1, stdout: '', stderr: `lxc-cgroup: ${ours.name}: ../src/lxc/tools/lxc_cgroup.c: main: 111 Failed to assign 'bogus' value to 'pids.max' for '${ours.name}'\n`,
    });
    expect(ours.run('lxc-cgroup', ['-n', 'nope', 'pids.max'])).toEqual({
      code: 1, stdout: '', stderr: `lxc-cgroup: nope: ../src/lxc/tools/lxc_cgroup.c: main: 102 '${stack.lxcpath}:nope' is not running\n`,
    });
  });

  itV1('a frozen container does not run until thawed; FREEZING FROZEN FROZEN, THAWED THAWED RUNNING', async () => {
    expect(ours.attach(COUNTER)).toMatchObject({ code: 0 });
    await sleep(300);
    const tap = new EventTap(nc, stack.host, ours.name);
    await nc.flush(); // the subscription is live before the freeze publishes
    try {
      await freezeHoldsCounter(ours);
      await tap.waitFor((e) => eventLabel(e) === 'RUNNING');
      expect(tap.labels()).toEqual(['FREEZING', 'FROZEN', 'FROZEN', 'THAWED', 'THAWED', 'RUNNING']);
    } finally {
      tap.close();
    }
  });

  itV1('a memory hog is killed at the memory limit and the exit event says why', async () => {
    const hog = createLxcbus(stack, `ch${tag}`, [MEMORY_LIMIT, 'lxc.init.cmd = /probe hog 512']);
    const tap = new EventTap(nc, stack.host, hog.name);
    await nc.flush();
    try {
      hog.run('lxc-start', ['-n', hog.name]);
      const exit = await tap.waitFor((e) => eventLabel(e) === 'exit', 30_000);
      expect(exit.data).toMatchObject({ signal: 9, reason: expect.stringMatching(/^oom: /) });
      const stopped = await tap.waitFor((e) => eventLabel(e) === 'STOPPED');
      expect(stopped.data.reason).toMatch(/OOM killer/);
    } finally {
      tap.close();
    }
  });

  itBoth('real LXC agrees: pids.max output, fork bomb, freezer, OOM stop', async () => {
    const lxc = real.create(`rc${tag}`, LIMITS);
    expect(lxc.run('lxc-start', ['-n', lxc.name])).toMatchObject({ code: 0 });
    expect(lxc.run('lxc-cgroup', ['-n', lxc.name, 'pids.max'])).toEqual({ code: 0, stdout: '20\n\n', stderr: '' });
    const bomb = lxc.probe(['forkbomb', '1000']);
    expect(bomb.errno).toBe(11);
    expect(bomb.forked).toBeLessThan(20);
    expect(lxc.attach(COUNTER)).toMatchObject({ code: 0 });
    await sleep(300);
    await freezeHoldsCounter(lxc, 20_000);
    const hog = real.create(`rh${tag}`, [MEMORY_LIMIT, 'lxc.init.cmd = /probe hog 512']);
    hog.run('lxc-start', ['-n', hog.name]);
    expect(hog.run('lxc-wait', ['-n', hog.name, '-s', 'STOPPED', '-t', '30'])).toMatchObject({ code: 0 });
  });
});
