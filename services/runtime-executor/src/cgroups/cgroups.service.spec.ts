import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BadRequestError, NotFoundError, NotRunningError, TimeoutError } from '@lxcbus/contracts';
import { locate } from '../containers/container-ref';
import { EXECUTOR_DEFAULTS, type ExecutorSettings } from '../executor.settings';
import type { ShimHandle } from '../kernel/kernel.port';
import type { StatePublisher } from '../lifecycle/state-publisher';
import { fakeShimHandle } from '../supervision/fixtures/fake-shim';
import type { ShimRegistry, Supervised } from '../supervision/shim-registry.service';
import { CgroupService } from './cgroup.service';
import { FreezeService } from './freeze.service';

/** A shim whose cgroup holds only pids.max. */
function fakeHandle(over: Partial<ShimHandle> = {}): ShimHandle {
  const files = new Map([['pids.max', 'max\n']]);
  return fakeShimHandle({
    cgroupGet: async (k) => {
      const v = files.get(k);
      if (v === undefined) throw new Error(`ENOENT no cgroup file \`${k}\``);
      return v;
    },
    cgroupSet: async (k, v) => {
      if (!files.has(k)) throw new Error('ENOENT');
      files.set(k, `${v}\n`);
    },
    ...over,
  });
}

describe('lxc-cgroup, lxc-freeze, lxc-unfreeze in runtime-executor', () => {
  const lxcpath = mkdtempSync(join(tmpdir(), 'lxcbus-cgsvc-'));
  const settings: ExecutorSettings = { ...EXECUTOR_DEFAULTS, lxcpath };
  const loc = locate(settings, 'h1', 'root', 'c1');
  const states: string[] = [];
  const publisher = { state: async (_ref: unknown, s: string) => void states.push(s) } as unknown as StatePublisher;
  let live: Supervised | undefined;
  const registry = { get: (runDir: string) => (runDir === loc.runDir ? live : undefined) } as unknown as ShimRegistry;
  const cgroups = new CgroupService(settings, registry);
  const freezer = new FreezeService(settings, registry, publisher);
  const req = { name: 'c1' };

  beforeEach(() => {
    states.length = 0;
    live = { ref: { host: 'h1', owner: 'root', name: 'c1', lxcpath }, initPid: 42, handle: fakeHandle() } as unknown as Supervised;
  });
  afterAll(() => rmSync(lxcpath, { recursive: true, force: true }));

  it('reads and sets a live value; a bad key is a BadRequestError carrying the key', async () => {
    await expect(cgroups.cgroup('h1', 'root', { ...req, key: 'pids.max' })).resolves.toEqual({ name: 'c1', key: 'pids.max', value: 'max\n' });
    await expect(cgroups.cgroup('h1', 'root', { ...req, key: 'pids.max', value: '20' })).resolves.toEqual({ name: 'c1', key: 'pids.max' });
    await expect(cgroups.cgroup('h1', 'root', { ...req, key: 'pids.max' })).resolves.toMatchObject({ value: '20\n' });
    await expect(cgroups.cgroup('h1', 'root', { ...req, key: 'bogus.key' })).rejects.toMatchObject({ constructor: BadRequestError, details: { key: 'bogus.key' } });
  });

  it('says "not running" the way lxc-cgroup does', async () => {
    live = undefined;
    await expect(cgroups.cgroup('h1', 'root', { ...req, key: 'pids.max' })).rejects.toThrow(NotRunningError);
    await expect(cgroups.cgroup('h1', 'root', { ...req, key: 'pids.max' })).rejects.toThrow(`'${lxcpath}:c1' is not running`);
  });

  it('freeze publishes FREEZING, FROZEN, FROZEN; unfreeze THAWED, THAWED, RUNNING (LXC 5.0.2)', async () => {
    await expect(freezer.freeze('h1', 'root', req)).resolves.toEqual({ name: 'c1', state: 'FROZEN' });
    await expect(freezer.unfreeze('h1', 'root', req)).resolves.toEqual({ name: 'c1', state: 'RUNNING' });
    expect(states).toEqual(['FREEZING', 'FROZEN', 'FROZEN', 'THAWED', 'THAWED', 'RUNNING']);
  });

  it('a freeze that does not settle goes back to RUNNING and is a TimeoutError', async () => {
    live = { ...live, handle: fakeHandle({ freeze: async () => { throw new Error('ETIMEDOUT'); } }) } as Supervised;
    await expect(freezer.freeze('h1', 'root', req)).rejects.toThrow(TimeoutError);
    expect(states).toEqual(['FREEZING', 'RUNNING']);
  });

  it('freeze of a stopped container fails; unfreeze of a stopped one that exists succeeds, as in LXC', async () => {
    live = undefined;
    await expect(freezer.freeze('h1', 'root', req)).rejects.toThrow(NotFoundError);
    await expect(freezer.unfreeze('h1', 'root', req)).rejects.toThrow(NotFoundError);
    mkdirSync(loc.dir, { recursive: true });
    writeFileSync(join(loc.dir, 'config'), '');
    await expect(freezer.freeze('h1', 'root', req)).rejects.toThrow(NotRunningError);
    await expect(freezer.unfreeze('h1', 'root', req)).resolves.toEqual({ name: 'c1', state: 'STOPPED' });
    expect(states).toEqual([]);
  });
});
