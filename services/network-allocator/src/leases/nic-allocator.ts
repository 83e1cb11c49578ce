/**
 * One lxc.net.N of type veth or macvlan -> a NetNic with every claim made. Claims are recorded
 * in the LeasedNic as they are made, so a failure half-way can be rolled back exactly.
 */
import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_IDENTITY, type ServiceIdentity } from '@lxcbus/bus';
import { BusyError, ConfigInvalidError, ForbiddenError, type NetInterfaceRequest, type NetNic } from '@lxcbus/contracts';
import { ALLOCATOR_SETTINGS, type AllocatorSettings, type ManagedBridge } from '../allocator.settings';
import { QuotaService } from '../quota/quota.service';
import { AddressPool } from './address-pool';
import type { LeasedNic } from './allocation-record';
import { leaseKeys } from './lease-keys';
import { LeaseStore } from './lease-store';
import { expandHwaddr, isRandomHwaddr, randomVethName } from './nic-names';

const NAME_ATTEMPTS = 16;

export interface NicOwner {
  owner: string;
  containerId: string;
}

@Injectable()
export class NicAllocator {
  constructor(
    @Inject(ALLOCATOR_SETTINGS) private readonly settings: AllocatorSettings,
    @Inject(SERVICE_IDENTITY) private readonly id: ServiceIdentity,
    private readonly store: LeaseStore,
    private readonly pool: AddressPool,
    private readonly quota: QuotaService,
  ) {}

  async allocate(who: NicOwner, n: NetInterfaceRequest, leased: LeasedNic): Promise<NetNic> {
    const holder = { container: who.containerId, index: n.index, at: Date.now() };
    if (n.type === 'macvlan' && who.owner !== 'root') {
      throw new ForbiddenError(`lxc.net.${n.index}.type = macvlan needs root; lxc-usernet grants only veth`, { index: n.index });
    }
    if (n.type === 'macvlan' && !n.link) throw new ConfigInvalidError(`lxc.net.${n.index}.link is required for macvlan`, { index: n.index });
    if (n.type === 'veth' && who.owner !== 'root') {
      leased.charge = await this.quota.charge(who.owner, 'veth', n.link ?? '', `${who.containerId}/${n.index}`);
    }
    const mac = await this.mac(n, holder, leased);
    const host = n.type === 'veth' ? await this.hostName(who, n, holder, leased) : undefined;
    const bridge = this.settings.bridges.find((b) => b.name === n.link);
    const addresses = await this.addresses(n, bridge, holder, leased);
    return {
      index: n.index,
      type: n.type as 'veth' | 'macvlan',
      name: n.name ?? `eth${n.index}`,
      ...(n.link ? { link: n.link } : {}),
      ...(host ? { host } : {}),
      mac,
      ...(n.mtu ? { mtu: Number(n.mtu) } : {}),
      up: n.flags === 'up',
      addresses,
      ...gateways(n, bridge, leased.ip !== undefined),
      ...(bridge && n.type === 'veth' ? { bridgeAddress: bridge.cidr, ...(bridge.mac ? { bridgeMac: bridge.mac } : {}) } : {}),
      ...(n.macvlanMode ? { macvlanMode: n.macvlanMode } : {}),
    } as NetNic;
  }

  async release(l: LeasedNic, containerId: string): Promise<void> {
    if (l.bridge && l.ip) await this.pool.free(l.bridge, l.ip);
    if (l.mac && l.macClaimed) await this.store.remove(leaseKeys.mac(this.id.host, l.mac));
    if (l.host && l.hostClaimed) await this.store.remove(leaseKeys.veth(this.id.host, l.host));
    if (l.charge) await this.quota.uncharge(l.charge, `${containerId}/${l.index}`);
  }

  private async mac(n: NetInterfaceRequest, holder: object, leased: LeasedNic): Promise<string> {
    if (!isRandomHwaddr(n.hwaddr)) return (leased.mac = (n.hwaddr as string).toLowerCase());
    for (let i = 0; i < NAME_ATTEMPTS; i++) {
      const mac = expandHwaddr(n.hwaddr);
      if (await this.store.claim(leaseKeys.mac(this.id.host, mac), holder)) {
        Object.assign(leased, { mac, macClaimed: true });
        return mac;
      }
    }
    throw new BusyError('Could not find a free MAC address', { index: n.index });
  }

  /** lxc.net.N.veth.pair is honoured for root only, as LXC ignores it for unprivileged users. */
  private async hostName(who: NicOwner, n: NetInterfaceRequest, holder: object, leased: LeasedNic): Promise<string> {
    if (n.vethPair && who.owner === 'root') return (leased.host = n.vethPair);
    for (let i = 0; i < NAME_ATTEMPTS; i++) {
      const name = randomVethName();
      if (await this.store.claim(leaseKeys.veth(this.id.host, name), holder)) {
        Object.assign(leased, { host: name, hostClaimed: true });
        return name;
      }
    }
    throw new BusyError('Could not find a free host veth name', { index: n.index });
  }

  /** Static lxc.net.N.ipv4.address wins; otherwise a managed bridge leases one (what its DHCP will also hand out). */
  private async addresses(n: NetInterfaceRequest, bridge: ManagedBridge | undefined, holder: object, leased: LeasedNic): Promise<string[]> {
    const stat = [...n.ipv4.addresses, ...n.ipv6.addresses].map((a) => a.trim().split(/\s+/)[0]);
    const v4 = stat.filter((a) => !a.includes(':')).map((a) => (a.includes('/') ? a : `${a}/24`));
    const v6 = stat.filter((a) => a.includes(':')).map((a) => (a.includes('/') ? a : `${a}/64`));
    if (v4.length === 0 && bridge && n.type === 'veth') {
      const ip = await this.pool.claim(bridge, holder);
      Object.assign(leased, { bridge: bridge.name, ip });
      v4.push(`${ip}/${bridge.prefix}`);
    }
    return [...v4, ...v6];
  }
}

/** `auto` is the bridge's address; a leased address gets the bridge as router, as DHCP would give it. */
function gateways(n: NetInterfaceRequest, bridge: ManagedBridge | undefined, leased: boolean): Partial<NetNic> {
  const out: Partial<NetNic> = {};
  const g4 = n.ipv4.gateway;
  if (g4 === 'auto' || (g4 === undefined && leased && n.flags === 'up')) {
    if (bridge) out.ipv4Gateway = bridge.address;
  } else if (g4 && g4 !== 'dev') out.ipv4Gateway = g4;
  const g6 = n.ipv6.gateway;
  if (g6 && g6 !== 'auto' && g6 !== 'dev') out.ipv6Gateway = g6;
  return out;
}
