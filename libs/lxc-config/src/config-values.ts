/**
 * Value checks LXC 5.0 performs while parsing (later, start-time checks are
 * not done here). Each check throws ValueError; a reason is given where LXC
 * logs a specific one, otherwise the parser reports LXC's generic
 * "Failed to parse config file" text. Empty values never reach these checks:
 * an empty value clears the key.
 */
import { capabilityNumber } from './capabilities';
import { ValueError } from './config-errors';
import { parseIdmap } from './idmap';
import { parseSignal } from './signal-names';

export type ValueType =
  | 'string' | 'bool' | 'uint' | 'int' | 'uint16' | 'signal' | 'caps' | 'capsKeep' | 'idmap' | 'netType'
  | 'ipv4' | 'ipv4gw' | 'ipv6' | 'ipv6gw' | 'mountAuto' | 'logLevel' | 'arch' | 'nsList'
  | 'prlimit' | 'vethMode' | 'macvlanMode' | 'ipvlanMode' | 'ipvlanIsolation' | 'timeOffset'
  | 'emptyOnly';

export const NET_TYPES = ['none', 'empty', 'veth', 'vlan', 'macvlan', 'ipvlan', 'phys'] as const;
export const NAMESPACES = ['user', 'mnt', 'pid', 'uts', 'ipc', 'net', 'cgroup', 'time'] as const;
export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'NOTICE', 'WARN', 'ERROR', 'CRIT', 'ALERT', 'FATAL'] as const;

/** Personalities LXC knows; on an x86_64 host the 32-bit ones run as i686. */
export const ARCH_32 = ['arm', 'armel', 'armhf', 'armv7l', 'athlon', 'i386', 'i486', 'i586', 'i686', 'linux32', 'mips', 'mipsel', 'powerpc', 'ppc', 'x86'];
export const ARCH_64 = ['aarch64', 'amd64', 'arm64', 'linux64', 'mips64', 'mips64el', 'powerpc64', 'ppc64', 'ppc64el', 'ppc64le', 'riscv64', 's390x', 'x86_64'];

const MOUNT_AUTO = /^(proc(:mixed|:rw)?|sys(:mixed|:ro|:rw)?|cgroup(-full)?(:mixed|:ro|:rw)?(:force)?|shmounts:.+)$/;
const ONE_OF: Partial<Record<ValueType, readonly string[]>> = {
  vethMode: ['bridge', 'router'],
  macvlanMode: ['private', 'vepa', 'bridge', 'passthru'],
  ipvlanMode: ['l3', 'l3s', 'l2'],
  ipvlanIsolation: ['bridge', 'private', 'vepa'],
};

/** C `strtoul(value, NULL, 0)` accepting the whole string: decimal, 0x hex, 0 octal. */
export function parseCUnsigned(value: string): number | undefined {
  let n: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(value)) n = parseInt(value.slice(2), 16);
  else if (/^0[0-7]+$/.test(value)) n = parseInt(value.slice(1), 8);
  else if (/^[0-9]+$/.test(value)) n = Number(value);
  else return undefined;
  return n <= 0xffffffff ? n : undefined;
}

export function parseCInt(value: string): number | undefined {
  const neg = value.startsWith('-');
  const n = parseCUnsigned(neg ? value.slice(1) : value);
  if (n === undefined || n > 0x7fffffff + (neg ? 1 : 0)) return undefined;
  return neg ? -n : n;
}

/** The log level name LXC stores for a name or number, or undefined. */
export function logLevelName(value: string): string | undefined {
  if (/^[0-9]+$/.test(value)) return LOG_LEVELS[Number(value)];
  const upper = value.toUpperCase();
  return (LOG_LEVELS as readonly string[]).includes(upper) ? upper : undefined;
}

export function isIpv4(addr: string): boolean {
  const parts = addr.split('.');
  return parts.length === 4 && parts.every((p) => /^[0-9]{1,3}$/.test(p) && Number(p) <= 255);
}

export function isIpv6(addr: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(addr) || (addr.match(/::/g) ?? []).length > 1) return false;
  const groups = addr.split(':');
  if (groups.length < 3 || groups.length > 8) return false;
  const v4tail = isIpv4(groups[groups.length - 1]);
  return groups.every((g, i) => g === '' || /^[0-9a-fA-F]{1,4}$/.test(g) || (v4tail && i === groups.length - 1));
}

function checkAddress(value: string, family: 4 | 6): void {
  const [cidr, broadcast] = value.split(/[ \t]+/);
  const [addr, prefix] = cidr.split('/');
  const ok = family === 4 ? isIpv4 : isIpv6;
  const max = family === 4 ? 32 : 128;
  const prefixOk = prefix === undefined || (/^[0-9]+$/.test(prefix) && Number(prefix) <= max);
  if (ok(addr) && prefixOk && (broadcast === undefined || ok(broadcast))) return;
  throw new ValueError(family === 4 ? `Invalid ipv4 address "${value}"` : undefined);
}

const CHECKS: Record<ValueType, (value: string) => void> = {
  string: () => undefined,
  bool: (v) => { if (v !== '0' && v !== '1' && parseCUnsigned(v) !== 0 && parseCUnsigned(v) !== 1) throw new ValueError(); },
  uint: (v) => { if (parseCUnsigned(v) === undefined) throw new ValueError(); },
  uint16: (v) => { const n = parseCUnsigned(v); if (n === undefined || n > 0xffff) throw new ValueError(); },
  int: (v) => { if (parseCInt(v) === undefined) throw new ValueError(); },
  signal: (v) => { if (parseSignal(v) === undefined) throw new ValueError(); },
  caps: (v) => {
    if (!v.split(/[ \t]+/).every((c) => capabilityNumber(c) !== undefined)) throw new ValueError('Invalid capability specified');
  },
  capsKeep: (v) => { if (v !== 'none') CHECKS.caps(v); },
  idmap: (v) => { const m = parseIdmap(v); if (typeof m === 'string') throw new ValueError(m); },
  netType: (v) => { if (!(NET_TYPES as readonly string[]).includes(v)) throw new ValueError(`Invalid network type ${v}`); },
  ipv4: (v) => checkAddress(v, 4),
  ipv6: (v) => checkAddress(v, 6),
  ipv4gw: (v) => { if (v !== 'auto' && v !== 'dev' && !isIpv4(v)) throw new ValueError(); },
  ipv6gw: (v) => { if (v !== 'auto' && v !== 'dev' && !isIpv6(v)) throw new ValueError(); },
  mountAuto: (v) => {
    const bad = v.split(/[ \t]+/).find((t) => !MOUNT_AUTO.test(t));
    if (bad !== undefined) throw new ValueError(`Invalid filesystem to automount "${bad}"`);
  },
  logLevel: (v) => { if (logLevelName(v) === undefined) throw new ValueError(`Invalid log priority ${/^[0-9]+$/.test(v) ? v : 9}`); },
  arch: (v) => { if (!ARCH_32.includes(v) && !ARCH_64.includes(v)) throw new ValueError(`Unsupported personality "${v}"`); },
  nsList: (v) => {
    const bad = v.split(/[ \t]+/).find((n) => !(NAMESPACES as readonly string[]).includes(n));
    if (bad !== undefined) throw new ValueError(`Invalid namespace name "${bad}"`);
  },
  prlimit: (v) => {
    const parts = v.split(':');
    if (parts.length > 2 || !parts.every((p) => p === 'unlimited' || /^[0-9]+$/.test(p))) throw new ValueError();
  },
  vethMode: (v) => oneOf('vethMode', v),
  macvlanMode: (v) => oneOf('macvlanMode', v),
  ipvlanMode: (v) => oneOf('ipvlanMode', v),
  ipvlanIsolation: (v) => oneOf('ipvlanIsolation', v),
  timeOffset: (v) => { if (!/^-?[0-9]+(h|m|s|ms|us|ns)?$/.test(v)) throw new ValueError(); },
  emptyOnly: () => { throw new ValueError(); },
};

function oneOf(type: ValueType, v: string): void {
  if (!(ONE_OF[type] ?? []).includes(v)) throw new ValueError();
}

/** Throws ValueError when LXC would reject a non-empty value of this type. */
export function checkValue(type: ValueType, value: string): void {
  if (value === '') return;
  CHECKS[type](value);
}
