/**
 * Keys of the NET_LEASES_BUCKET, all scoped by host (one allocator per host, one bucket per fleet):
 *
 *   ctr.<host>.<container id>               the container's allocation record (what to release)
 *   ip.<host>.<bridge>.<a>.<b>.<c>.<d>      an address leased on a managed bridge
 *   mac.<host>.<12 hex>                     a generated MAC
 *   veth.<host>.<name>                      a host-side veth name
 *   quota.<host>.<u=user|g=group>.<type>.<bridge>   lxc-usernet charges of one line name
 *
 * Every claim is a KV create (fails when the key exists) and every quota change an update at
 * the read revision, so two allocations can never both win the same address, name or slot.
 */
import { createHash } from 'node:crypto';

export function containerId(owner: string, lxcpath: string, name: string): string {
  return createHash('sha256').update(`${owner}\0${lxcpath}\0${name}`).digest('hex').slice(0, 16);
}

export const leaseKeys = {
  container: (host: string, id: string) => `ctr.${host}.${id}`,
  containers: (host: string) => `ctr.${host}.>`,
  ip: (host: string, bridge: string, ip: string) => `ip.${host}.${bridge}.${ip}`,
  ips: (host: string, bridge: string) => `ip.${host}.${bridge}.>`,
  mac: (host: string, mac: string) => `mac.${host}.${mac.replace(/:/g, '').toLowerCase()}`,
  veth: (host: string, name: string) => `veth.${host}.${name}`,
  quota: (host: string, lineName: string, type: string, bridge: string) =>
    `quota.${host}.${lineName.startsWith('@') ? `g=${lineName.slice(1)}` : `u=${lineName}`}.${type}.${bridge}`,
} as const;

/** The address part of an ip key. */
export function ipOfKey(key: string, host: string, bridge: string): string {
  return key.slice(`ip.${host}.${bridge}.`.length);
}
