/**
 * network-allocator's allocate/release calls (`lxcbus.v1.svc.<host>.network-allocator.<verb>`).
 * runtime-executor sends a container's lxc.net.N entries; the allocator answers with every
 * interface fully resolved (host veth name, MAC, addresses, gateway, bridge defaults), which the
 * executor hands to the shim as is. The allocator does no kernel work.
 */
import { z } from 'zod';
import { CONTAINER_NAME_PATTERN } from './names';
import type { NetPlanReply } from './services';

const IpConfig = z.object({
  addresses: z.array(z.string().max(64)).max(16).default([]),
  gateway: z.string().max(64).optional(),
}).strict();

/** One lxc.net.N, as libs/lxc-config's networks() gives it. */
export const NetInterfaceRequest = z.object({
  index: z.number().int().min(0),
  type: z.string(),
  link: z.string().max(15).optional(),
  flags: z.string().optional(),
  name: z.string().max(15).optional(),
  hwaddr: z.string().max(17).optional(),
  mtu: z.string().max(6).optional(),
  ipv4: IpConfig.default({ addresses: [] }),
  ipv6: IpConfig.default({ addresses: [] }),
  vethPair: z.string().max(15).optional(),
  macvlanMode: z.string().optional(),
}).strict();
export type NetInterfaceRequest = z.infer<typeof NetInterfaceRequest>;

const containerId = {
  owner: z.string().min(1).max(32),
  name: z.string().regex(CONTAINER_NAME_PATTERN),
  lxcpath: z.string().startsWith('/'),
};

export const NetAllocateRequest = z.object({
  ...containerId,
  networks: z.array(NetInterfaceRequest).max(64),
  unprivileged: z.boolean().default(false),
}).strict();
export type NetAllocateRequest = z.infer<typeof NetAllocateRequest>;

/**
 * One container interface, fully resolved, as the allocator answers and the shim creates it
 * (native/lib's NicSpec is this without the index). veth: `host` is the host end, attached to
 * bridge `link`.
 */
export interface NetNic {
  /** The lxc.net.N it comes from. */
  index: number;
  type: 'veth' | 'macvlan';
  /** Name inside the container (eth0, lxc.net.N.name). */
  name: string;
  /** Bridge (veth; none = host end left unattached) or parent device (macvlan). */
  link: string;
  /** Host-side veth name. */
  host?: string;
  mac?: string;
  mtu?: number;
  up: boolean;
  /** `addr/prefix`, v4 and v6. */
  addresses: string[];
  ipv4Gateway?: string;
  ipv6Gateway?: string;
  /** Create the bridge with this `addr/prefix` (and MAC) when it does not exist, as lxc-net does. */
  bridgeAddress?: string;
  bridgeMac?: string;
  macvlanMode?: string;
}

export interface NetAllocateReply extends NetPlanReply {
  nics: NetNic[];
  /** The container's addresses without prefix, v4 first (lxc-info IP lines, lxc-ls IPV4/IPV6). */
  ips: string[];
}

export const NetReleaseRequest = z.object(containerId).strict();
export type NetReleaseRequest = z.infer<typeof NetReleaseRequest>;
export interface NetReleaseReply {
  /** How many interfaces' leases were freed (0 when the container held none). */
  released: number;
}
