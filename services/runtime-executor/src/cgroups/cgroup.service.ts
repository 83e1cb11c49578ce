/**
 * lxc-cgroup KEY [VALUE] on a running container, through its shim. Any failure of the
 * file itself (no such file, EINVAL on write) is a BadRequestError carrying the key, which
 * the CLI prints as LXC's "Failed to retrieve value of ..." / "Failed to assign ...".
 */
import { Inject, Injectable } from '@nestjs/common';
import { BadRequestError, NotRunningError, type CgroupReply, type CgroupRequest } from '@lxcbus/contracts';
import { EXECUTOR_SETTINGS, type ExecutorSettings } from '../executor.settings';
import { locate } from '../containers/container-ref';
import { ShimRegistry, type Supervised } from '../supervision/shim-registry.service';

export function liveContainer(registry: ShimRegistry, settings: ExecutorSettings, host: string, owner: string, req: { name: string; lxcpath?: string }): Supervised {
  const loc = locate(settings, host, owner, req.name, req.lxcpath);
  const live = registry.get(loc.runDir);
  if (!live) throw new NotRunningError(`'${loc.lxcpath}:${req.name}' is not running`, { name: req.name });
  return live;
}

@Injectable()
export class CgroupService {
  constructor(
    @Inject(EXECUTOR_SETTINGS) private readonly settings: ExecutorSettings,
    private readonly registry: ShimRegistry,
  ) {}

  async cgroup(host: string, owner: string, req: CgroupRequest): Promise<CgroupReply> {
    const live = liveContainer(this.registry, this.settings, host, owner, req);
    try {
      if (req.value === undefined) return { name: req.name, key: req.key, value: await live.handle.cgroupGet(req.key) };
      await live.handle.cgroupSet(req.key, req.value);
      return { name: req.name, key: req.key };
    } catch (err) {
      const what = req.value === undefined ? `read ${req.key}` : `write ${req.key}`;
      throw new BadRequestError(`cannot ${what}: ${(err as Error).message}`, { key: req.key });
    }
  }
}
