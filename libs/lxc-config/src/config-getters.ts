/**
 * `get(key)` in the format LXC's getters print (`lxc-info -c KEY`), so a
 * caller can compare with the real tool: lists newline-joined (without LXC's
 * occasional trailing newline), signals as numbers, `lxc.rootfs.path` without
 * its storage prefix, log levels by name, family roots as `key = value`
 * lines, defaults for unset numeric keys. Undefined where LXC answers
 * "invalid" (no such network, `lxc.include`, `lxc.hook`, unknown keys).
 */
import { lookupKey } from './config-keys';
import { EffectiveValue } from './config-state';
import { ARCH_32, logLevelName, parseCInt, parseCUnsigned } from './config-values';
import { formatIdmap, parseIdmap } from './idmap';
import { parseSignal } from './signal-names';

const STORAGE_TYPES = ['dir', 'btrfs', 'loop', 'lvm', 'nbd', 'overlay', 'overlayfs', 'rbd', 'zfs'];
const NUMERIC_DEFAULTS: Record<string, string> = {
  'lxc.rootfs.managed': '1', 'lxc.autodev': '1', 'lxc.monitor.signal.pdeath': '9', 'lxc.log.level': 'NOTSET',
  'lxc.init.uid': '0', 'lxc.init.gid': '0', 'lxc.signal.halt': '0', 'lxc.signal.reboot': '0', 'lxc.signal.stop': '0',
};
const FAMILY_LISTS = ['lxc.cgroup', 'lxc.cgroup2', 'lxc.sysctl', 'lxc.proc', 'lxc.prlimit'];
/** Net sub-keys that only exist for one network type. */
const TYPE_PREFIX: Record<string, string> = { 'veth.': 'veth', 'macvlan.': 'macvlan', 'ipvlan.': 'ipvlan', 'vlan.': 'vlan' };
const NET_DEFAULTS: Record<string, Record<string, string>> = {
  veth: { 'veth.mode': 'bridge' }, macvlan: { 'macvlan.mode': 'private' }, ipvlan: { 'ipvlan.mode': 'l3', 'ipvlan.isolation': 'bridge' },
};

export function valuesOf(state: readonly EffectiveValue[], key: string): string[] {
  return state.filter((v) => v.key === key).map((v) => v.value);
}

/** Splits `lxc.rootfs.path` into storage type and path (`dir` when none is given). */
export function splitRootfsPath(value: string): { type: string; path: string } {
  const colon = value.indexOf(':');
  const type = colon > 0 ? value.slice(0, colon) : '';
  return STORAGE_TYPES.includes(type) ? { type, path: value.slice(colon + 1) } : { type: 'dir', path: value };
}

/** Classful default prefix LXC applies to an IPv4 address given without one. */
function withPrefix(address: string, family: 4 | 6): string {
  const [cidr] = address.split(/[ \t]+/);
  if (cidr.includes('/')) return cidr;
  if (family === 6) return `${cidr}/64`;
  const first = Number(cidr.split('.')[0]);
  return `${cidr}/${first < 128 ? 8 : first < 192 ? 16 : first < 224 ? 24 : 32}`;
}

function familyLines(state: readonly EffectiveValue[], family: string): string {
  return state.filter((v) => v.family === family).map((v) => `${v.key} = ${v.value}`).join('\n');
}

export function netIndexes(state: readonly EffectiveValue[]): number[] {
  return [...new Set(state.filter((v) => v.netIndex !== undefined).map((v) => v.netIndex as number))].sort((a, b) => a - b);
}

export function netType(state: readonly EffectiveValue[], index: number): string {
  // LXC zero-fills a new netdev and LXC_NET_EMPTY is 0.
  return valuesOf(state, `lxc.net.${index}.type`)[0] ?? 'empty';
}

function netValue(state: readonly EffectiveValue[], index: number, sub: string): string | undefined {
  if (!netIndexes(state).includes(index)) return undefined;
  const type = netType(state, index);
  const owner = Object.entries(TYPE_PREFIX).find(([prefix]) => sub.startsWith(prefix));
  if (owner && owner[1] !== type) return undefined;
  const values = valuesOf(state, `lxc.net.${index}.${sub}`);
  if (sub === 'type') return type;
  if (sub === 'flags') return values.length ? 'up' : '';
  if (sub === 'ipv4.address' || sub === 'ipv6.address') return values.map((a) => withPrefix(a, sub === 'ipv4.address' ? 4 : 6)).join('\n');
  return values.length ? values.join('\n') : NET_DEFAULTS[type]?.[sub] ?? '';
}

function mountAutoValue(tokens: string[]): string {
  const shown = tokens.filter((t) => !t.includes(':force') && !t.startsWith('shmounts:'));
  const order = ['proc', 'sys', 'cgroup'];
  const normal = (t: string) => (t === 'proc' || t === 'sys' ? `${t}:mixed` : t);
  return order.flatMap((c) => shown.filter((t) => t.split(':')[0].replace('-full', '') === c).map(normal)).join(' ');
}

function scalarValue(key: string, type: string, value: string | undefined): string {
  if (value === undefined) return NUMERIC_DEFAULTS[key] ?? (['bool', 'uint', 'int'].includes(type) ? '0' : '');
  if (key.startsWith('lxc.signal.') || key === 'lxc.monitor.signal.pdeath') return String(parseSignal(value));
  if (key === 'lxc.rootfs.path') return splitRootfsPath(value).path;
  if (key === 'lxc.log.level') return logLevelName(value) ?? value;
  if (key === 'lxc.arch') return ARCH_32.includes(value) ? 'i686' : 'x86_64';
  if (type === 'uint' || type === 'bool') return String(parseCUnsigned(value));
  if (type === 'int') return String(parseCInt(value));
  if (key === 'lxc.init.uid' || key === 'lxc.init.gid') {
    const n = parseCUnsigned(value) ?? 0;
    return String(n > 0x7fffffff ? n - 0x100000000 : n);
  }
  return value;
}

export function getValue(state: readonly EffectiveValue[], key: string): string | undefined {
  if (key === 'lxc.net') return netIndexes(state).map((i) => netType(state, i)).join('\n');
  if (FAMILY_LISTS.includes(key)) return familyLines(state, key);
  const net = /^lxc\.net\.([0-9]+)\.(.+)$/.exec(key);
  if (net && lookupKey(key).ok) return netValue(state, Number(net[1]), net[2]);
  const found = lookupKey(key);
  if (!found.ok || found.spec.mode === 'include' || found.spec.mode === 'family') return undefined;
  const values = valuesOf(state, key);
  switch (found.spec.mode) {
    case 'scalar':
      return scalarValue(key, found.spec.type, values[0]);
    case 'mountAuto':
      return mountAutoValue(values);
    default:
      if (key === 'lxc.idmap') return values.map((v) => { const m = parseIdmap(v); return typeof m === 'string' ? v : formatIdmap(m); }).join('\n');
      return values.join('\n');
  }
}
