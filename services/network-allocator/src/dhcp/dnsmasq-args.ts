/**
 * dnsmasq as lxc-net runs it on lxcbr0 (LXC-REFERENCE 7), with three differences written down in
 * docs/decisions/networking.md: `--bind-dynamic` instead of `--bind-interfaces`, because the
 * bridge appears with the first container, after dnsmasq starts; a `static` range, because every
 * address is the allocator's and is reserved per MAC in the hosts file; and files per bridge
 * under the allocator's DHCP dir instead of /run/lxc and /var/lib/misc.
 */
import { join } from 'node:path';
import type { ManagedBridge } from '../allocator.settings';

export interface DnsmasqFiles {
  pid: string;
  leases: string;
  hosts: string;
}

export function dnsmasqFiles(dir: string, bridge: string): DnsmasqFiles {
  return { pid: join(dir, `${bridge}.pid`), leases: join(dir, `${bridge}.leases`), hosts: join(dir, `${bridge}.hosts`) };
}

export function dnsmasqArgs(bridge: ManagedBridge, files: DnsmasqFiles, user: string): string[] {
  return [
    `--user=${user}`,
    '--conf-file=/dev/null',
    '--strict-order',
    '--bind-dynamic',
    `--pid-file=${files.pid}`,
    `--listen-address=${bridge.address}`,
    `--dhcp-range=${bridge.network},static,${bridge.netmask}`,
    `--dhcp-lease-max=${2 ** (32 - bridge.prefix) - 3}`,
    '--dhcp-no-override',
    '--except-interface=lo',
    `--interface=${bridge.name}`,
    `--dhcp-leasefile=${files.leases}`,
    `--dhcp-hostsfile=${files.hosts}`,
    '--dhcp-authoritative',
  ];
}

/** lxc-net's choice of user: lxc-dnsmasq, else dnsmasq, else nobody. */
export function dnsmasqUser(passwdText: string): string {
  const users = new Set(passwdText.split('\n').map((l) => l.split(':')[0]));
  return ['lxc-dnsmasq', 'dnsmasq'].find((u) => users.has(u)) ?? 'nobody';
}

/** dhcp-hostsfile lines: `<mac>,<ip>`, one reservation per container interface. */
export function hostsFileText(reservations: Iterable<{ mac: string; ip: string }>): string {
  return [...reservations].map((r) => `${r.mac},${r.ip}\n`).sort().join('');
}
