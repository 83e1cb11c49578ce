/**
 * lxc-top's query: every active container of the owner's lxcpath (what LXC's
 * list_active_containers finds: anything not STOPPED) with the usage figures its host's
 * runtime-executor reads from the cgroups. A container whose host does not answer is still
 * listed, with no figures (lxc-top prints zeros for files it cannot read).
 */
import { Inject, Injectable } from '@nestjs/common';
import { BUS_SETTINGS } from '@lxcbus/bus';
import { checkLxcpathOwner, ownerLxcpath, type BusSettings } from '@lxcbus/bus-client';
import { ForbiddenError, isActive, type TopRequest, type TopRow, type UsageEntry } from '@lxcbus/contracts';
import { ReadBarrier } from '../records/read-barrier';
import { RecordStore } from '../records/record-store';
import { UsageClient, usageKey } from './usage.client';

export function topRow(name: string, u: UsageEntry | undefined): TopRow {
  if (!u) return { name };
  const { cpuNs, cpuSysTicks, cpuUserTicks, blkioBytes, blkioReadBytes, blkioWriteBytes, blkioIos, memBytes, memswBytes, kmemBytes } = u;
  const figures = { cpuNs, cpuSysTicks, cpuUserTicks, blkioBytes, blkioReadBytes, blkioWriteBytes, blkioIos, memBytes, memswBytes, kmemBytes };
  return { name, ...Object.fromEntries(Object.entries(figures).filter(([, v]) => v !== undefined)) };
}

@Injectable()
export class TopService {
  constructor(
    @Inject(BUS_SETTINGS) private readonly settings: BusSettings,
    private readonly store: RecordStore,
    private readonly barrier: ReadBarrier,
    private readonly usage: UsageClient,
  ) {}

  async top(host: string, owner: string, req: TopRequest): Promise<TopRow[]> {
    const lxcpath = req.lxcpath ?? ownerLxcpath(owner, this.settings.lxcpath);
    const check = checkLxcpathOwner(owner, lxcpath, { rootLxcpath: this.settings.lxcpath });
    if (!check.ok) throw new ForbiddenError(`${owner} may not use lxcpath ${lxcpath}: ${check.reason}`, { owner, lxcpath });
    await this.barrier.wait();
    const active = (await this.store.list(host, owner, lxcpath)).filter((r) => isActive(r.state));
    const usage = await this.usage.usageOf(active);
    return active.map((r) => topRow(r.name, usage.get(usageKey(r)))).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}
