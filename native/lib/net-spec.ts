/**
 * `net.nic` and `net.lo` lines of the spec file (parser: native/src/core/net.c). One `net.nic`
 * per interface, space-separated `key=value` tokens; values never contain spaces, which
 * validateNics guarantees before anything reaches the shim.
 */
import { InvalidArgumentError } from './errors';
import type { ContainerSpec, NicSpec } from './types';

const IFNAME = /^[A-Za-z0-9_.:-]{1,15}$/;
const MAC = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;
const CIDR = /^[0-9a-fA-F.:]+\/\d{1,3}$/;
const ADDR = /^[0-9a-fA-F.:]+$/;
const MACVLAN_MODES = ['private', 'vepa', 'bridge', 'passthru'];

export function nicLine(n: NicSpec): string {
  const t: string[] = [`type=${n.type}`, `name=${n.name}`];
  if (n.link) t.push(`link=${n.link}`);
  if (n.host) t.push(`host=${n.host}`);
  if (n.mac) t.push(`mac=${n.mac}`);
  if (n.mtu) t.push(`mtu=${n.mtu}`);
  t.push(`up=${n.up ? 1 : 0}`);
  for (const a of n.addresses) t.push(`${a.includes(':') ? 'ipv6' : 'ipv4'}=${a}`);
  if (n.ipv4Gateway) t.push(`ipv4.gw=${n.ipv4Gateway}`);
  if (n.ipv6Gateway) t.push(`ipv6.gw=${n.ipv6Gateway}`);
  if (n.bridgeAddress) t.push(`bridge.ipv4=${n.bridgeAddress}`);
  if (n.bridgeMac) t.push(`bridge.mac=${n.bridgeMac}`);
  if (n.macvlanMode) t.push(`macvlan.mode=${n.macvlanMode}`);
  return t.join(' ');
}

export function netSpecLines(spec: Pick<ContainerSpec, 'nics' | 'loopbackUp'>): Array<[string, string | number]> {
  const lines: Array<[string, string | number]> = [];
  if (spec.loopbackUp) lines.push(['net.lo', 1]);
  for (const n of spec.nics ?? []) lines.push(['net.nic', nicLine(n)]);
  return lines;
}

function check(what: string, v: unknown, re: RegExp, rule: string, optional = true): void {
  if (v === undefined && optional) return;
  if (typeof v !== 'string' || !re.test(v)) throw new InvalidArgumentError(what, rule);
}

export function validateNics(nics: NicSpec[] | undefined): void {
  if (nics === undefined) return;
  if (!Array.isArray(nics) || nics.length > 64) throw new InvalidArgumentError('spec.nics', 'must be an array of at most 64');
  nics.forEach((n, i) => {
    const w = `spec.nics[${i}]`;
    if (n.type !== 'veth' && n.type !== 'macvlan') throw new InvalidArgumentError(`${w}.type`, 'must be veth or macvlan');
    check(`${w}.name`, n.name, IFNAME, 'must be an interface name (1-15 of [A-Za-z0-9_.:-])', false);
    check(`${w}.link`, n.link, IFNAME, 'must be an interface name', n.type !== 'macvlan');
    check(`${w}.host`, n.host, IFNAME, 'must be an interface name', n.type !== 'veth');
    check(`${w}.mac`, n.mac, MAC, 'must be xx:xx:xx:xx:xx:xx');
    check(`${w}.bridgeMac`, n.bridgeMac, MAC, 'must be xx:xx:xx:xx:xx:xx');
    check(`${w}.bridgeAddress`, n.bridgeAddress, CIDR, 'must be addr/prefix');
    check(`${w}.ipv4Gateway`, n.ipv4Gateway, ADDR, 'must be an address');
    check(`${w}.ipv6Gateway`, n.ipv6Gateway, ADDR, 'must be an address');
    if (n.mtu !== undefined && (!Number.isInteger(n.mtu) || n.mtu < 68 || n.mtu > 65535)) {
      throw new InvalidArgumentError(`${w}.mtu`, 'must be an integer 68..65535');
    }
    if (!Array.isArray(n.addresses) || n.addresses.length > 16) throw new InvalidArgumentError(`${w}.addresses`, 'at most 16');
    n.addresses.forEach((a, j) => check(`${w}.addresses[${j}]`, a, CIDR, 'must be addr/prefix', false));
    if (n.macvlanMode !== undefined && !MACVLAN_MODES.includes(n.macvlanMode)) {
      throw new InvalidArgumentError(`${w}.macvlanMode`, `must be one of ${MACVLAN_MODES.join(', ')}`);
    }
  });
}
