/**
 * Addresses of managed bridges. The KV key is the truth (a create wins or loses); an in-memory
 * set of taken addresses only makes a first guess likely to win, so 50 concurrent starts do not
 * all race for .2. A lost race marks the address taken and tries another at random.
 */
import { Inject, Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { SERVICE_IDENTITY, type ServiceIdentity } from '@lxcbus/bus';
import { NetExhaustedError } from '@lxcbus/contracts';
import type { ManagedBridge } from '../allocator.settings';
import { hostAddresses } from './ipv4';
import { ipOfKey, leaseKeys } from './lease-keys';
import { LeaseStore } from './lease-store';

@Injectable()
export class AddressPool {
  private readonly taken = new Map<string, Set<string>>();

  constructor(
    @Inject(SERVICE_IDENTITY) private readonly id: ServiceIdentity,
    private readonly store: LeaseStore,
  ) {}

  async claim(bridge: ManagedBridge, holder: object): Promise<string> {
    const taken = await this.takenOn(bridge, false);
    for (let refreshed = false; ;) {
      const free = hostAddresses(bridge).filter((ip) => !taken.has(ip));
      if (free.length === 0) {
        if (refreshed) break;
        await this.takenOn(bridge, true);
        refreshed = true;
        continue;
      }
      const ip = free[randomInt(free.length)];
      taken.add(ip);
      if (await this.store.claim(leaseKeys.ip(this.id.host, bridge.name, ip), holder)) return ip;
    }
    throw new NetExhaustedError(`No free address left on ${bridge.name} (${bridge.network}/${bridge.prefix})`, { bridge: bridge.name });
  }

  async free(bridge: string, ip: string): Promise<void> {
    await this.store.remove(leaseKeys.ip(this.id.host, bridge, ip));
    this.taken.get(bridge)?.delete(ip);
  }

  private async takenOn(bridge: ManagedBridge, reload: boolean): Promise<Set<string>> {
    let set = this.taken.get(bridge.name);
    if (!set || reload) {
      const keys = await this.store.keys(leaseKeys.ips(this.id.host, bridge.name));
      const fresh = new Set(keys.map((k) => ipOfKey(k, this.id.host, bridge.name)));
      if (set) {
        set.clear();
        fresh.forEach((ip) => set?.add(ip));
      } else {
        set = fresh;
        this.taken.set(bridge.name, set);
      }
    }
    return set;
  }
}
