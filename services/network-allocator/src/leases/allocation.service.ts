/**
 * allocate / release for a container: the plan (which netns, lo), then every veth/macvlan
 * interface resolved with its claims, then the allocation record. Any failure rolls back the
 * claims already made, so a refused start (quota, exhausted subnet) leaves nothing behind.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { SERVICE_IDENTITY, type ServiceIdentity } from '@lxcbus/bus';
import {
  BusyError, type NetAllocateReply, type NetAllocateRequest, type NetNic, type NetReleaseReply, type NetReleaseRequest,
} from '@lxcbus/contracts';
import { DhcpService } from '../dhcp/dhcp.service';
import { planNetwork } from '../plan/net-plan';
import type { AllocationRecord, LeasedNic } from './allocation-record';
import { containerId, leaseKeys } from './lease-keys';
import { LeaseStore } from './lease-store';
import { NicAllocator } from './nic-allocator';

const KERNEL_NIC_TYPES = ['veth', 'macvlan'];

@Injectable()
export class AllocationService {
  private readonly logger = new Logger(AllocationService.name);

  constructor(
    @Inject(SERVICE_IDENTITY) private readonly id: ServiceIdentity,
    private readonly store: LeaseStore,
    private readonly nics: NicAllocator,
    private readonly dhcp: DhcpService,
  ) {}

  async allocate(req: NetAllocateRequest): Promise<NetAllocateReply> {
    const plan = planNetwork(req);
    const cid = containerId(req.owner, req.lxcpath, req.name);
    // A record left by a start that never reported its exit belongs to no running container:
    // the executor only allocates for a container it does not run.
    await this.release(req);
    const leased: LeasedNic[] = [];
    const out: NetNic[] = [];
    try {
      for (const n of [...req.networks].sort((a, b) => a.index - b.index)) {
        if (!KERNEL_NIC_TYPES.includes(n.type)) continue;
        const l: LeasedNic = { index: n.index, type: n.type };
        leased.push(l);
        out.push(await this.nics.allocate({ owner: req.owner, containerId: cid }, n, l));
      }
      const record: AllocationRecord = { owner: req.owner, name: req.name, lxcpath: req.lxcpath, allocatedAt: Date.now(), nics: leased };
      if (!(await this.store.claim(leaseKeys.container(this.id.host, cid), record))) {
        throw new BusyError(`${req.name} is being started by another request`, { name: req.name });
      }
    } catch (err) {
      await this.rollback(leased, cid);
      throw err;
    }
    await this.dhcp.reserve(leased);
    return { ...plan, nics: out, ips: ipsOf(out) };
  }

  async release(req: NetReleaseRequest): Promise<NetReleaseReply> {
    const cid = containerId(req.owner, req.lxcpath, req.name);
    const key = leaseKeys.container(this.id.host, cid);
    const rec = await this.store.get<AllocationRecord>(key);
    if (!rec) return { released: 0 };
    await this.rollback(rec.value.nics, cid);
    await this.store.remove(key);
    await this.dhcp.unreserve(rec.value.nics);
    return { released: rec.value.nics.length };
  }

  async records(): Promise<{ key: string; record: AllocationRecord }[]> {
    const keys = await this.store.keys(leaseKeys.containers(this.id.host));
    const out: { key: string; record: AllocationRecord }[] = [];
    for (const key of keys) {
      const e = await this.store.get<AllocationRecord>(key);
      if (e) out.push({ key, record: e.value });
    }
    return out;
  }

  private async rollback(leased: LeasedNic[], cid: string): Promise<void> {
    for (const l of leased) {
      await this.nics.release(l, cid).catch((err: unknown) => this.logger.warn({ err, index: l.index }, 'release of a claim failed'));
    }
  }
}

/** Addresses without prefix, IPv4 first, as lxc-info prints them. */
export function ipsOf(nics: NetNic[]): string[] {
  const all = nics.flatMap((n) => n.addresses.map((a) => a.split('/')[0]));
  return [...all.filter((a) => !a.includes(':')), ...all.filter((a) => a.includes(':'))];
}
