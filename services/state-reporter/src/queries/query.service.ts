/** info, ls and wait over the materialised records. */
import { Inject, Injectable } from '@nestjs/common';
import { BUS_SETTINGS } from '@lxcbus/bus';
import { checkLxcpathOwner, ownerLxcpath, type BusSettings } from '@lxcbus/bus-client';
import {
  ForbiddenError, NotFoundError, recordKey, type ContainerInfo, type ContainerRecord, type InfoRequest, type LsRequest, type LsRow,
  type WaitReply, type WaitRequest,
} from '@lxcbus/contracts';
import { ReadBarrier } from '../records/read-barrier';
import { RecordStore } from '../records/record-store';
import { UsageClient, usageKey } from './usage.client';

@Injectable()
export class QueryService {
  constructor(
    @Inject(BUS_SETTINGS) private readonly settings: BusSettings,
    private readonly store: RecordStore,
    private readonly barrier: ReadBarrier,
    private readonly usage: UsageClient,
  ) {}

  /** The owner's lxcpath for this query; FORBIDDEN when a user names one that is not theirs (root may name any). */
  private lxcpathOf(owner: string, lxcpath?: string): string {
    const path = lxcpath ?? ownerLxcpath(owner, this.settings.lxcpath);
    const check = checkLxcpathOwner(owner, path, { rootLxcpath: this.settings.lxcpath });
    if (!check.ok) throw new ForbiddenError(`${owner} may not use lxcpath ${path}: ${check.reason}`, { owner, lxcpath: path });
    return path;
  }

  async info(host: string, owner: string, req: InfoRequest): Promise<ContainerInfo> {
    await this.barrier.wait();
    const stored = await this.store.get(host, owner, this.lxcpathOf(owner, req.lxcpath), req.name);
    if (!stored) throw new NotFoundError(`${req.name} doesn't exist`, { name: req.name });
    const r = stored.record;
    const info: ContainerInfo = { name: r.name, state: r.state, ips: r.ips, links: [] };
    if (r.state === 'STOPPED') return info;
    if (r.pid !== null) info.pid = r.pid;
    if (req.stats) {
      const u = (await this.usage.usageOf([r])).get(usageKey(r));
      if (u) info.stats = { cpuNs: u.cpuNs, blkioBytes: u.blkioBytes, memBytes: u.memBytes, kmemBytes: u.kmemBytes };
      // Link lines come with the stats, as lxc-info prints them (container view: TX = host RX).
      if (u?.links) info.links = u.links.map((l) => ({ name: l.name, txBytes: l.txBytes, rxBytes: l.rxBytes }));
    }
    return info;
  }

  async ls(host: string, owner: string, req: LsRequest): Promise<LsRow[]> {
    await this.barrier.wait();
    const records = await this.store.list(host, owner, this.lxcpathOf(owner, req.lxcpath));
    const usage = req.stats ? await this.usage.usageOf(records.filter((r) => r.state !== 'STOPPED')) : new Map();
    return records.map((r) => toRow(r, usage.get(usageKey(r))));
  }

  async wait(host: string, owner: string, req: WaitRequest): Promise<WaitReply> {
    await this.barrier.wait();
    const key = recordKey(host, owner, this.lxcpathOf(owner, req.lxcpath), req.name);
    const matches = (r: ContainerRecord | null) => req.states.includes(r ? r.state : 'STOPPED');
    const now = await this.store.getKey(key);
    if (matches(now?.record ?? null)) return { matched: true, state: now?.record.state ?? null };
    if (req.timeoutMs === 0) return { matched: false, state: now?.record.state ?? null };
    const last = await this.store.watchUntil(key, matches, req.timeoutMs);
    return { matched: matches(last), state: last?.state ?? null };
  }
}

function toRow(r: ContainerRecord, u?: { memBytes?: number; swapBytes?: number }): LsRow {
  const row: LsRow = {
    name: r.name,
    state: r.state,
    autostart: r.config.autostart,
    groups: r.config.groups,
    ipv4: r.ips.filter((ip) => !ip.includes(':')),
    ipv6: r.ips.filter((ip) => ip.includes(':')),
    interfaces: r.config.interfaces,
    unprivileged: r.config.unprivileged,
  };
  if (r.pid !== null && r.state !== 'STOPPED') row.pid = r.pid;
  if (u?.memBytes !== undefined) row.ramBytes = u.memBytes;
  if (u?.swapBytes !== undefined) row.swapBytes = u.swapBytes;
  return row;
}
