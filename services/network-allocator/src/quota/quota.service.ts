/**
 * lxc-usernet enforcement for owners other than root (root creates its nics directly, as LXC's
 * root does without lxc-user-nic). A charge is a holder id appended to the line's quota key with
 * compare-and-set; releasing removes it. lxc-user-nic culls stale charges by checking host nics;
 * here the executor releases on every exit and the reconciler catches what it missed.
 */
import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_IDENTITY, type ServiceIdentity } from '@lxcbus/bus';
import { BusyError, NetQuotaExceededError } from '@lxcbus/contracts';
import { ALLOCATOR_SETTINGS, type AllocatorSettings } from '../allocator.settings';
import { leaseKeys } from '../leases/lease-keys';
import { LeaseStore } from '../leases/lease-store';
import { groupsOf, parseUsernet, pickAllotment, readOrEmpty, type Allotment } from './usernet';

interface Charges {
  holders: string[];
}

const CAS_ATTEMPTS = 32;

@Injectable()
export class QuotaService {
  constructor(
    @Inject(ALLOCATOR_SETTINGS) private readonly settings: AllocatorSettings,
    @Inject(SERVICE_IDENTITY) private readonly id: ServiceIdentity,
    private readonly store: LeaseStore,
  ) {}

  /** Charges one nic to the first lxc-usernet line with room; returns the quota key to release later. */
  async charge(owner: string, type: string, bridge: string, holder: string): Promise<string> {
    const allots = this.allotments(owner, type, bridge);
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const keys = allots.map((a) => leaseKeys.quota(this.id.host, a.name, type, bridge));
      const states = await Promise.all(keys.map((k) => this.store.get<Charges>(k)));
      const used = new Map(allots.map((a, i) => [a.name, states[i]?.value.holders.length ?? 0]));
      const pick = pickAllotment(allots, (n) => used.get(n) ?? 0);
      if (!pick) throw this.reached(owner, type, bridge, allots, used);
      const i = allots.indexOf(pick);
      const holders = [...(states[i]?.value.holders ?? []), holder];
      if (await this.store.putAt(keys[i], { holders }, states[i]?.revision ?? 0)) return keys[i];
    }
    throw new BusyError(`lxc-usernet charge for ${owner} kept conflicting; try again`, { owner });
  }

  async uncharge(key: string, holder: string): Promise<void> {
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const st = await this.store.get<Charges>(key);
      if (!st || !st.value.holders.includes(holder)) return;
      if (await this.store.putAt(key, { holders: st.value.holders.filter((h) => h !== holder) }, st.revision)) return;
    }
  }

  private allotments(owner: string, type: string, bridge: string): Allotment[] {
    const file = this.settings.usernetFile;
    const text = readOrEmpty(file);
    if (text === null) {
      throw new NetQuotaExceededError(`Failed to open "${file}": Quota reached (${owner} gets no ${type} nic on ${bridge})`, {
        owner, type, bridge, file,
      });
    }
    const groups = groupsOf(owner, readOrEmpty(this.settings.passwdFile) ?? '', readOrEmpty(this.settings.groupFile) ?? '');
    return parseUsernet(text, owner, groups, type, bridge);
  }

  private reached(owner: string, type: string, bridge: string, allots: Allotment[], used: Map<string, number>): NetQuotaExceededError {
    const file = this.settings.usernetFile;
    if (allots.length === 0) {
      return new NetQuotaExceededError(`Quota reached: no line in ${file} gives ${owner} a ${type} nic on ${bridge}`, {
        owner, type, bridge, file, lines: [],
      });
    }
    const lines = allots.map((a) => ({ name: a.name, allowed: a.allowed, used: used.get(a.name) ?? 0 }));
    const desc = lines.map((l) => `${l.name} ${type} ${bridge} ${l.allowed} (${l.used} in use)`).join(', ');
    return new NetQuotaExceededError(`Quota reached: ${owner} has no ${type} nic left on ${bridge} in ${file}: ${desc}`, {
      owner, type, bridge, file, lines,
    });
  }
}
