/**
 * The typed view of `lxc.net.N.*`: one object per defined interface, in
 * index order. Index gaps are kept (LXC does too: `lxc.net.3` without
 * `lxc.net.2` leaves 2 undefined), so `index` is not the array position.
 */
import { EffectiveValue } from './config-state';
import { netIndexes, netType, valuesOf } from './config-getters';

export interface IpConfig {
  /** `addr/prefix [broadcast]` as written. */
  addresses: string[];
  gateway?: string;
}

export interface NetworkConfig {
  index: number;
  type: string;
  link?: string;
  /** `up` when set (LXC treats any value as up). */
  flags?: string;
  name?: string;
  /** As written; `x` digits are expanded by the creator, not here. */
  hwaddr?: string;
  mtu?: string;
  ipv4: IpConfig;
  ipv6: IpConfig;
  vethPair?: string;
  vethMode?: string;
  vlanId?: string;
  macvlanMode?: string;
  ipvlanMode?: string;
  scriptUp?: string;
  scriptDown?: string;
  /** Every sub-key set for this interface (`veth.ipv4.route` -> values). */
  raw: Record<string, string[]>;
}

export function networksOf(state: readonly EffectiveValue[]): NetworkConfig[] {
  return netIndexes(state).map((index) => {
    const prefix = `lxc.net.${index}.`;
    const raw: Record<string, string[]> = {};
    for (const v of state) if (v.key.startsWith(prefix)) (raw[v.key.slice(prefix.length)] ??= []).push(v.value);
    const one = (sub: string) => raw[sub]?.[raw[sub].length - 1];
    return {
      index,
      type: netType(state, index),
      link: one('link'),
      flags: one('flags') === undefined ? undefined : 'up',
      name: one('name'),
      hwaddr: one('hwaddr'),
      mtu: one('mtu'),
      ipv4: { addresses: valuesOf(state, `${prefix}ipv4.address`), gateway: one('ipv4.gateway') },
      ipv6: { addresses: valuesOf(state, `${prefix}ipv6.address`), gateway: one('ipv6.gateway') },
      vethPair: one('veth.pair'),
      vethMode: one('veth.mode'),
      vlanId: one('vlan.id'),
      macvlanMode: one('macvlan.mode'),
      ipvlanMode: one('ipvlan.mode'),
      scriptUp: one('script.up'),
      scriptDown: one('script.down'),
      raw,
    };
  });
}
