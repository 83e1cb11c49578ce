/**
 * The executor's side of network-allocator: allocate before a start (the reply is the resolved
 * interface list the shim creates), release after every exit and after a failed start.
 */
import { Injectable, Logger } from '@nestjs/common';
import { BusClient } from '@lxcbus/bus-client';
import {
  ServiceName, ServiceVerb, type ContainerRef, type NetAllocateReply, type NetInterfaceRequest, type NetReleaseReply,
} from '@lxcbus/contracts';
import type { ContainerConfig } from '@lxcbus/lxc-config';

@Injectable()
export class NetLeaseClient {
  private readonly logger = new Logger(NetLeaseClient.name);

  constructor(private readonly bus: BusClient) {}

  allocate(ref: ContainerRef, config: ContainerConfig): Promise<NetAllocateReply> {
    return this.bus.service<NetAllocateReply>(ServiceName.networkAllocator, ServiceVerb.allocate, {
      owner: ref.owner, name: ref.name, lxcpath: ref.lxcpath,
      networks: interfacesOf(config), unprivileged: config.idmaps().length > 0,
    });
  }

  /** Best effort: a missed release is caught by the allocator's reconciliation. */
  async release(ref: ContainerRef): Promise<void> {
    try {
      await this.bus.service<NetReleaseReply>(ServiceName.networkAllocator, ServiceVerb.release, {
        owner: ref.owner, name: ref.name, lxcpath: ref.lxcpath,
      });
    } catch (err) {
      this.logger.warn({ err, container: ref.name }, 'could not release network leases; the allocator will reconcile them');
    }
  }
}

export function interfacesOf(config: ContainerConfig): NetInterfaceRequest[] {
  return config.networks().map((n) => {
    const out: NetInterfaceRequest = {
      index: n.index, type: n.type,
      ipv4: { addresses: n.ipv4.addresses, ...(n.ipv4.gateway ? { gateway: n.ipv4.gateway } : {}) },
      ipv6: { addresses: n.ipv6.addresses, ...(n.ipv6.gateway ? { gateway: n.ipv6.gateway } : {}) },
    };
    for (const k of ['link', 'flags', 'name', 'hwaddr', 'mtu', 'vethPair', 'macvlanMode'] as const) {
      if (n[k] !== undefined) out[k] = n[k];
    }
    return out;
  });
}
