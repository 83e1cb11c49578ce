/** network-allocator settings: every default in one object, the environment overrides, validated at boot. */
import { isAbsolute } from 'node:path';
import { parseCidr, type Subnet } from './leases/ipv4';

export interface ManagedBridge extends Subnet {
  name: string;
  /** lxc-net gives lxcbr0 LXC_BRIDGE_MAC; other bridges keep the kernel's random MAC. */
  mac?: string;
}

export interface AllocatorSettings {
  /** Bridges this allocator creates and numbers (LXCBUS_NET_BRIDGES=`name=addr/prefix,...`). */
  bridges: ManagedBridge[];
  /** /etc/lxc/lxc-usernet (LXCBUS_USERNET). */
  usernetFile: string;
  /** Group membership for `@group` lines (LXCBUS_GROUP_FILE, LXCBUS_PASSWD_FILE). */
  groupFile: string;
  passwdFile: string;
  /** dnsmasq binary, or `off` (LXCBUS_DNSMASQ). */
  dnsmasq: string;
  /** dnsmasq's pid, lease and hosts files; must be readable after dnsmasq drops root (LXCBUS_NET_DHCP_DIR). */
  dhcpDir: string;
  /** A lease younger than this is never reconciled away: its container may still be starting. */
  reconcileGraceMs: number;
}

/** lxc-net's defaults (LXC-REFERENCE 7): LXC_BRIDGE, LXC_ADDR/LXC_NETMASK, LXC_BRIDGE_MAC. */
export const LXC_BRIDGE = { name: 'lxcbr0', cidr: '10.0.3.1/24', mac: '00:16:3e:00:00:00' } as const;

export const ALLOCATOR_DEFAULTS = {
  bridges: `${LXC_BRIDGE.name}=${LXC_BRIDGE.cidr}`,
  usernetFile: '/etc/lxc/lxc-usernet',
  groupFile: '/etc/group',
  passwdFile: '/etc/passwd',
  dnsmasq: 'dnsmasq',
  dhcpDirRoot: '/run/lxcbus-dnsmasq',
  reconcileGraceMs: 60_000,
} as const;

export function parseBridges(spec: string): ManagedBridge[] {
  return spec.split(',').map((s) => s.trim()).filter(Boolean).map((entry) => {
    const [name, cidr] = entry.split('=');
    if (!name || !/^[A-Za-z0-9_.-]{1,15}$/.test(name) || !cidr) throw new Error(`network-allocator: bad bridge "${entry}" (want name=addr/prefix)`);
    const subnet = parseCidr(cidr);
    return { name, ...subnet, ...(name === LXC_BRIDGE.name ? { mac: LXC_BRIDGE.mac } : {}) };
  });
}

export function allocatorSettingsFromEnv(host: string, env: NodeJS.ProcessEnv = process.env): AllocatorSettings {
  const s: AllocatorSettings = {
    bridges: parseBridges(env.LXCBUS_NET_BRIDGES || ALLOCATOR_DEFAULTS.bridges),
    usernetFile: env.LXCBUS_USERNET || ALLOCATOR_DEFAULTS.usernetFile,
    groupFile: env.LXCBUS_GROUP_FILE || ALLOCATOR_DEFAULTS.groupFile,
    passwdFile: env.LXCBUS_PASSWD_FILE || ALLOCATOR_DEFAULTS.passwdFile,
    dnsmasq: env.LXCBUS_DNSMASQ || ALLOCATOR_DEFAULTS.dnsmasq,
    dhcpDir: env.LXCBUS_NET_DHCP_DIR || `${ALLOCATOR_DEFAULTS.dhcpDirRoot}/${host}`,
    reconcileGraceMs: Number(env.LXCBUS_NET_RECONCILE_GRACE_MS || ALLOCATOR_DEFAULTS.reconcileGraceMs),
  };
  for (const k of ['usernetFile', 'groupFile', 'passwdFile', 'dhcpDir'] as const) {
    if (!isAbsolute(s[k])) throw new Error(`network-allocator: ${k} must be an absolute path, got ${s[k]}`);
  }
  return s;
}

export const ALLOCATOR_SETTINGS = Symbol('ALLOCATOR_SETTINGS');
