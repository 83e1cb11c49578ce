/** Asks the runtime-executor of a host for cgroup usage; a silent host just means no figures (LXC omits the lines). */
import { Injectable } from '@nestjs/common';
import { BusClient } from '@lxcbus/bus-client';
import { ServiceName, ServiceVerb, type ContainerRecord, type UsageEntry, type UsageReply } from '@lxcbus/contracts';

const USAGE_TIMEOUT_MS = 1_500;

@Injectable()
export class UsageClient {
  constructor(private readonly bus: BusClient) {}

  async usageOf(records: ContainerRecord[]): Promise<Map<string, UsageEntry>> {
    const out = new Map<string, UsageEntry>();
    const byHost = new Map<string, ContainerRecord[]>();
    for (const r of records) byHost.set(r.host, [...(byHost.get(r.host) ?? []), r]);
    await Promise.all([...byHost].map(async ([host, rs]) => {
      try {
        const reply = await this.bus.service<UsageReply>(ServiceName.runtimeExecutor, ServiceVerb.usage, {
          containers: rs.map((r) => ({ owner: r.owner, name: r.name, lxcpath: r.lxcpath })),
        }, { host, timeoutMs: USAGE_TIMEOUT_MS });
        for (const u of reply.usage) out.set(`${u.owner}/${u.lxcpath}/${u.name}`, u);
      } catch {
        // No executor answering: figures are omitted, the state is still reported.
      }
    }));
    return out;
  }
}

export function usageKey(r: { owner: string; lxcpath: string; name: string }): string {
  return `${r.owner}/${r.lxcpath}/${r.name}`;
}
