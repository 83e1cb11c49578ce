import type { ExecuteStdio } from '../attach/execute-stdio.service';
import type { ForegroundLogs } from '../console/foreground-logs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IdmapGuard } from '../containers/idmap-guard';
import type { ExecutorSettings } from '../executor.settings';
import type { KernelPort } from '../kernel/kernel.port';
import type { NetLeaseClient } from '../network/net-lease.client';
import type { ShimRegistry } from '../supervision/shim-registry.service';
import type { StatePublisher } from './state-publisher';
import { StartService } from './start.service';

describe('StartService.restart (the second half of a reboot)', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a container destroyed while its restart waited: NOT_FOUND, leases released, nothing started or published', async () => {
    dir = mkdtempSync(join(tmpdir(), 'restart-spec-'));
    const settings: ExecutorSettings = { lxcpath: dir, runRoot: join(dir, 'run'), cgroupRoot: '/sys/fs/cgroup', templateConfigDir: '/x' };
    const calls: string[] = [];
    const kernel = { start: async () => { calls.push('start'); } } as unknown as KernelPort;
    const registry = { get: () => undefined } as unknown as ShimRegistry;
    const publisher = { state: async () => { calls.push('state'); } } as unknown as StatePublisher;
    const net = {
      allocate: async () => { calls.push('allocate'); },
      release: async () => { calls.push('release'); },
    } as unknown as NetLeaseClient;
    const starter = new StartService(settings, kernel, registry, publisher, net, {} as IdmapGuard, {} as ExecuteStdio, {} as ForegroundLogs);
    const ref = { host: 'h1', owner: 'root', name: 'gone', lxcpath: dir };
    await expect(starter.restart(ref, { req: { name: 'gone', defines: [] } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(calls).toEqual(['release']);
  });
});
