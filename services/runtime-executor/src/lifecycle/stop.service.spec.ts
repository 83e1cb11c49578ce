import { Logger } from '@nestjs/common';
import type { StopRequest } from '@lxcbus/contracts';
import type { ExitStatus, KernelPort, ShimHandle } from '../kernel/kernel.port';
import type { NetLeaseClient } from '../network/net-lease.client';
import { fakeShimHandle, oneContainer, type OneContainer } from '../supervision/fixtures/fake-shim';
import { ShimRegistry } from '../supervision/shim-registry.service';
import type { StatePublisher } from './state-publisher';
import { StopService } from './stop.service';

/**
 * An init that dies of the signals listed in `fatal`, and ignores the others (as PID 1 does without a handler).
 * `sent` holds kill() as +sig and signal() (no thaw) as -sig.
 */
class FakeKernel {
  readonly sent: number[] = [];
  fatal = new Set([9]);
  private exit?: (e: ExitStatus) => void;
  connect(): ShimHandle {
    const watched = new Promise<ExitStatus>((r) => { this.exit = r; });
    return fakeShimHandle({
      watch: () => watched,
      kill: async (sig: number) => this.deliver(sig),
      // The halt signal: the same delivery, told apart in `sent` so the spec sees which verb went out.
      signal: async (sig: number) => this.deliver(-sig),
    });
  }
  private deliver(sig: number): void {
    this.sent.push(sig);
    const n = Math.abs(sig);
    if (this.fatal.has(n)) setTimeout(() => this.exit?.({ status: n, code: null, signal: n }), 10);
  }
  async clearRunDir(): Promise<void> { /* the test's */ }
}

describe('StopService: lxc-stop -k, -t, --nokill, -W as liblxc', () => {
  let c1: OneContainer;
  let kernel: FakeKernel;
  let registry: ShimRegistry;
  let stopper: StopService;
  const req = (extra: Partial<StopRequest> = {}): StopRequest =>
    ({ name: 'c1', timeout: 60, kill: false, nokill: false, nowait: false, reboot: false, ...extra });
  const stop = async (extra: Partial<StopRequest> = {}) => stopper.settle(req(extra), await stopper.signal('h1', 'root', req(extra)));

  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(() => {
    c1 = oneContainer('stop-spec-', 'lxc.signal.halt = SIGUSR1\n');
    kernel = new FakeKernel();
    const publisher = { exited: async () => undefined, state: async () => undefined } as unknown as StatePublisher;
    const net = { release: async () => undefined } as unknown as NetLeaseClient;
    registry = new ShimRegistry(kernel as unknown as KernelPort, c1.settings, publisher, net);
    stopper = new StopService(c1.settings, registry);
    registry.supervise(c1.record(), c1.runDir, 100);
  });
  afterEach(() => c1.remove());

  it('-k: lxc.signal.stop of the run, STOPPED', async () => {
    await expect(stop({ kill: true, timeout: 0 })).resolves.toEqual({ name: 'c1', state: 'STOPPED', killed: true });
    expect(kernel.sent).toEqual([9]);
  });

  it('shutdown: the halt signal from the file now; STOPPED when init halts in time', async () => {
    kernel.fatal.add(10);
    await expect(stop()).resolves.toEqual({ name: 'c1', state: 'STOPPED', killed: false });
    expect(kernel.sent).toEqual([-10]);
  });

  it('halt ignored: after -t the hard stop (lxc.signal.stop), rc 0', async () => {
    const t0 = Date.now();
    await expect(stop({ timeout: 1 })).resolves.toEqual({ name: 'c1', state: 'STOPPED', killed: true });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(990);
    expect(kernel.sent).toEqual([-10, 9]);
  });

  it('halt ignored with --nokill: STOP_FAILED after -t, still running, nothing killed', async () => {
    await expect(stop({ timeout: 1, nokill: true })).rejects.toMatchObject({ code: 'STOP_FAILED' });
    expect(kernel.sent).toEqual([-10]);
    expect(registry.all()).toHaveLength(1);
  });

  it('-t 0 and -W: the halt signal and RUNNING at once', async () => {
    await expect(stop({ timeout: 0 })).resolves.toMatchObject({ state: 'RUNNING', killed: false });
    await expect(stop({ nowait: true })).resolves.toMatchObject({ state: 'RUNNING' });
    expect(kernel.sent).toEqual([-10, -10]);
  });

  it('-t -1 waits until init goes, however it goes (here a -k from elsewhere)', async () => {
    const waiting = stop({ timeout: -1 });
    await new Promise((r) => setTimeout(r, 50));
    await stop({ kill: true, timeout: 0 });
    await expect(waiting).resolves.toEqual({ name: 'c1', state: 'STOPPED', killed: false });
  });

  it('NOT_RUNNING when no run is supervised', async () => {
    await expect(stopper.signal('h1', 'root', req({ name: 'c2' }))).rejects.toMatchObject({ code: 'NOT_RUNNING' });
  });
});
