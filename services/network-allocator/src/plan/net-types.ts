/**
 * lxc.net.N.type values, one row each: what the type means for the container's network
 * namespace and whether this lxcbus version can provide it.
 */
export const NET_TYPES = {
  /** Own netns with only lo (left DOWN unless some net has `flags = up`). */
  empty: { supported: true },
  /** Share the host's netns. Only when every configured net is `none` (LXC's lxc_requests_empty_network). */
  none: { supported: true },
  /** A pair: one end on a host bridge, the other in the container (as eth<N> or lxc.net.N.name). */
  veth: { supported: true },
  /** root only; created on lxc.net.N.link directly in the container's netns. */
  macvlan: { supported: true },
  ipvlan: { supported: false },
  vlan: { supported: false },
  phys: { supported: false },
} as const satisfies Record<string, { supported: boolean }>;

export type NetType = keyof typeof NET_TYPES;

export function isNetType(value: string): value is NetType {
  return Object.prototype.hasOwnProperty.call(NET_TYPES, value);
}
