import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { join } from 'node:path';
import { StopFailedError, type ContainerRef, type StopRequest } from '@lxcbus/contracts';
import { ContainerLocks } from '../containers/container-locks';
import { locate } from '../containers/container-ref';
import type { ExecutorSettings } from '../executor.settings';
import type { ExitStatus, KernelPort, RunDirScan, ShimHandle } from '../kernel/kernel.port';
import type { NetLeaseClient } from '../network/net-lease.client';
import { fakeShimHandle, oneContainer, type OneContainer } from '../supervision/fixtures/fake-shim';
import { writeRunRecord } from '../supervision/run-record';
import type { LaunchContext } from '../supervision/reboot-exit';
import { ShimRegistry, type Supervised } from '../supervision/shim-registry.service';
import type { StartService } from './start.service';
import type { StatePublisher } from './state-publisher';
import { RebootService } from './reboot.service';

const SIGHUP = 1;
const SIGINT = 2;

/** A shim per connection whose init exits when the test says so. */
class FakeKernel {
  readonly signals: number[] = [];
  private readonly exits = new Map<string, (e: ExitStatus) => void>();
  connect(runDir: string): ShimHandle {
    const watched = new Promise<ExitStatus>((r) => this.exits.set(runDir, r));
    return fakeShimHandle({
      watch: () => watched,
      kill: async (sig: number) => { this.signals.push(sig); },
      signal: async (sig: number) => { this.signals.push(-sig); },
    });
  }
  exit(runDir: string, signal: number | null, code: number | null = null): void {
    this.exits.get(runDir)?.({ status: signal ?? (code ?? 0) << 8, code, signal });
  }
  async clearRunDir(): Promise<void> { /* the run dir is the test's */ }
  scanned: RunDirScan[] = [];
  async scan(): Promise<RunDirScan[]> { return this.scanned; }
}

describe('reboot: init killed by SIGHUP restarts the container, anything else stops it', () => {
  let c1: OneContainer;
  let settings: ExecutorSettings;
  let kernel: FakeKernel;
  let events: string[];
  let released: number;
  let registry: ShimRegistry;
  let locks: ContainerLocks;
  let rebooter: RebootService;
  let nextPid: number;
  const req = (extra: Partial<StopRequest> = {}): StopRequest =>
    ({ name: 'c1', timeout: 5, kill: false, nokill: false, nowait: false, reboot: true, ...extra });

  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(() => {
    c1 = oneContainer('reboot-spec-', 'lxc.signal.reboot = SIGTERM\n');
    settings = c1.settings;
    kernel = new FakeKernel();
    events = [];
    released = 0;
    nextPid = 200;
    const publisher = {
      exited: async () => { events.push('exit', 'STOPPING', 'STOPPED'); },
      state: async (_ref: ContainerRef, state: string) => { events.push(state); },
      destroyed: async () => { events.push('destroyed'); },
    } as unknown as StatePublisher;
    const net = { release: async () => { released += 1; } } as unknown as NetLeaseClient;
    registry = new ShimRegistry(kernel as unknown as KernelPort, settings, publisher, net);
    locks = new ContainerLocks();
    const starter = {
      restart: async (ref: ContainerRef, launch: LaunchContext) => {
        events.push('STARTING', 'RUNNING');
        return registry.supervise(record(), locate(settings, ref.host, ref.owner, ref.name).runDir, nextPid++, launch);
      },
    } as unknown as StartService;
    rebooter = new RebootService(settings, registry, starter, locks);
    rebooter.onModuleInit();
  });
  afterEach(() => c1.remove());

  const record = () => c1.record();

  function running(execute = false): Supervised {
    return registry.supervise(record(), c1.runDir, 100, { req: { name: 'c1', defines: [], ...(execute && { execute: true }) } });
  }

  it('SIGHUP: exit, STOPPING, STOPPED, then STARTING, RUNNING with a new init; the leases are kept', async () => {
    const old = running();
    kernel.exit(old.runDir, SIGHUP);
    const next = await old.next;
    expect(events).toEqual(['exit', 'STOPPING', 'STOPPED', 'STARTING', 'RUNNING']);
    expect(next?.initPid).toBe(200);
    expect(registry.get(old.runDir)).toBe(next);
    expect(released).toBe(0);
  });

  it('SIGINT (poweroff, halt) or a plain exit: STOPPED for good, leases released', async () => {
    const old = running();
    kernel.exit(old.runDir, SIGINT);
    expect(await old.next).toBeNull();
    expect(events).toEqual(['exit', 'STOPPING', 'STOPPED']);
    expect(registry.get(old.runDir)).toBeUndefined();
    expect(released).toBe(1);
  });

  it('an lxc-execute run is not restarted', async () => {
    const old = running(true);
    kernel.exit(old.runDir, SIGHUP);
    expect(await old.next).toBeNull();
    expect(events).toEqual(['exit', 'STOPPING', 'STOPPED']);
  });

  it('keeps an ephemeral container over a reboot', async () => {
    writeFileSync(join(settings.lxcpath, 'c1', 'config'), 'lxc.ephemeral = 1\n');
    const old = running();
    kernel.exit(old.runDir, SIGHUP);
    await old.next;
    expect(existsSync(join(settings.lxcpath, 'c1', 'config'))).toBe(true);
    expect(events).not.toContain('destroyed');
  });

  it('lxc-stop -r sends lxc.signal.reboot from the config on disk and answers with the new init', async () => {
    const old = running();
    const pending = await rebooter.signal('h1', 'root', req());
    // signal(), not kill(): a frozen container stays frozen, as with liblxc.
    expect(kernel.signals).toEqual([-15]);
    kernel.exit(old.runDir, SIGHUP);
    await expect(rebooter.awaitRestart(req(), pending)).resolves.toEqual({ name: 'c1', state: 'RUNNING', killed: false, pid: 200 });
  });

  it('lxc-stop -r: times out (reboot: timeout), or the container stopped instead (reboot: stopped)', async () => {
    const old = running();
    const pending = await rebooter.signal('h1', 'root', req({ timeout: 1 }));
    const err = await rebooter.awaitRestart(req({ timeout: 1 }), pending).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StopFailedError);
    expect((err as StopFailedError).details).toMatchObject({ reboot: 'timeout' });
    const again = await rebooter.signal('h1', 'root', req());
    kernel.exit(old.runDir, 9);
    await expect(rebooter.awaitRestart(req(), again)).rejects.toMatchObject({ code: 'STOP_FAILED', details: { reboot: 'stopped' } });
  });

  it('-t 0 does not wait; a stopped container is NOT_RUNNING', async () => {
    running();
    const pending = await rebooter.signal('h1', 'root', req({ timeout: 0 }));
    await expect(rebooter.awaitRestart(req({ timeout: 0 }), pending)).resolves.toMatchObject({ state: 'RUNNING', pid: 100 });
    writeFileSync(join(settings.lxcpath, 'c1', 'config'), '');
    await expect(rebooter.signal('h1', 'root', req({ name: 'c2' }))).rejects.toMatchObject({ code: 'NOT_RUNNING' });
  });

  it('the restart waits for an operation holding the lock that waits for STOPPED (no deadlock)', async () => {
    const old = running();
    const order: string[] = [];
    const holder = locks.run('root/c1', async () => {
      kernel.exit(old.runDir, SIGHUP);
      await old.stopped;
      order.push('holder saw STOPPED');
    });
    const next = await old.next;
    order.push('restarted');
    await holder;
    expect(order).toEqual(['holder saw STOPPED', 'restarted']);
    expect(next?.initPid).toBe(200);
  });

  it('a reboot that happened while no executor watched: STOPPED published, then started again with ref.json\'s request', async () => {
    const loc = locate(settings, 'h1', 'root', 'c1');
    mkdirSync(loc.runDir, { recursive: true });
    await writeRunRecord(loc.runDir, { ...record(), start: { name: 'c1', defines: ['lxc.uts.name=kept'] } });
    kernel.scanned = [{ runDir: loc.runDir, live: false, exit: { status: SIGHUP, code: null, signal: SIGHUP } }];
    await registry.onApplicationBootstrap();
    expect(await until(() => registry.get(loc.runDir) !== undefined)).toBe(true);
    expect(events).toEqual(['exit', 'STOPPING', 'STOPPED', 'STARTING', 'RUNNING']);
    expect(registry.get(loc.runDir)?.launch.req.defines).toEqual(['lxc.uts.name=kept']);
    expect(released).toBe(0);
  });
});

async function until(probe: () => boolean): Promise<boolean> {
  for (let i = 0; i < 50 && !probe(); i++) await new Promise((r) => setTimeout(r, 10));
  return probe();
}
