/**
 * lxc-info output, byte-for-byte as LXC 5.0.2 prints it (src/lxc/tools/lxc_info.c).
 *
 * Label lines are `printf("%-15s %s\n")`. With -H the values are raw numbers, and
 * when exactly one filter was counted (-s, -p and -i count 1 each, -S counts 5,
 * a repeated flag counts again) the label is dropped. PID and IP lines need a
 * running container; the stats block is printed whenever asked for, each line only
 * when its value is known (the real tool skips lines whose cgroup file is missing).
 */
import { fixed, padRight, toFloat32 } from './c-printf';

export interface InfoStats {
  cpuNs?: number;
  blkioBytes?: number;
  memBytes?: number;
  kmemBytes?: number;
}

/** One network link; bytes are from the container's point of view. */
export interface InfoLink {
  name: string;
  txBytes: number;
  rxBytes: number;
}

/** A `-c KEY` answer: value `null` means the key is invalid (`KEY invalid` on stderr). */
export interface InfoConfigItem {
  key: string;
  value: string | null;
}

export interface InfoView {
  name: string;
  state: string;
  pid?: number;
  /** IPv4 addresses first, then IPv6, as `get_ips` returns them. */
  ips: string[];
  stats?: InfoStats;
  links: InfoLink[];
  config?: InfoConfigItem[];
}

export interface InfoFlags {
  state?: boolean;
  pid?: boolean;
  ips?: boolean;
  stats?: boolean;
  /** -H */
  noHumanize?: boolean;
  /** Sum of filter weights as lxc-info counts them; derived from the flags when omitted. */
  filterCount?: number;
}

export interface InfoOutput {
  stdout: string;
  stderr: string;
}

const GIB = 2 ** 30;
const MIB = 2 ** 20;
const KIB = 2 ** 10;

function twoDigits(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** size_humanize(): thresholds are strict, fractions truncate after a small bias. */
export function humanizeSize(bytes: number): string {
  if (bytes > GIB) {
    return `${Math.floor(bytes / GIB)}.${twoDigits(Math.floor((bytes % GIB) / 10737419))} GiB`;
  }
  if (bytes > MIB) {
    const x = bytes + 5243;
    return `${Math.floor(x / MIB)}.${twoDigits(Math.floor(((x % MIB) * 100) / MIB))} MiB`;
  }
  if (bytes > KIB) {
    const x = bytes + 5;
    return `${Math.floor(x / KIB)}.${twoDigits(Math.floor(((x % KIB) * 100) / KIB))} KiB`;
  }
  return `${bytes} bytes`;
}

/** `%.2f seconds` of a C float computed as strtof(ns) / 1e9. */
export function humanizeCpu(cpuNs: number): string {
  return `${fixed(toFloat32(toFloat32(cpuNs) / 1e9), 2)} seconds`;
}

function label(key: string, value: string): string {
  return `${padRight(key, 15)} ${value}\n`;
}

function countFilters(flags: InfoFlags): number {
  if (flags.filterCount !== undefined) return flags.filterCount;
  return (flags.state ? 1 : 0) + (flags.pid ? 1 : 0) + (flags.ips ? 1 : 0) + (flags.stats ? 5 : 0);
}

function statsLines(stats: InfoStats, links: InfoLink[], humanize: boolean): string {
  const size = (n: number): string => (humanize ? humanizeSize(n) : String(n));
  let out = '';
  if (stats.cpuNs !== undefined) {
    out += label('CPU use:', humanize ? humanizeCpu(stats.cpuNs) : String(stats.cpuNs));
  }
  if (stats.blkioBytes !== undefined) out += label('BlkIO use:', size(stats.blkioBytes));
  if (stats.memBytes !== undefined) out += label('Memory use:', size(stats.memBytes));
  if (stats.kmemBytes !== undefined) out += label('KMem use:', size(stats.kmemBytes));
  for (const link of links) {
    out += label('Link:', link.name);
    out += label(' TX bytes:', size(link.txBytes));
    out += label(' RX bytes:', size(link.rxBytes));
    out += label(' Total bytes:', size(link.txBytes + link.rxBytes));
  }
  return out;
}

function configLines(items: InfoConfigItem[], humanize: boolean): InfoOutput {
  const bare = !humanize && items.length === 1;
  let stdout = '';
  let stderr = '';
  for (const { key, value } of items) {
    if (value === null) stderr += `${key} invalid\n`;
    else if (bare) stdout += `${value}\n`;
    else stdout += value === '' ? `${key} =\n` : `${key} = ${value}\n`;
  }
  return { stdout, stderr };
}

export function formatInfo(view: InfoView, flags: InfoFlags = {}): InfoOutput {
  const humanize = !flags.noHumanize;
  const config = view.config ?? [];
  const all = !flags.state && !flags.pid && !flags.ips && !flags.stats && config.length === 0;
  const want = all ? { state: true, pid: true, ips: true, stats: true } : flags;
  const bare = !humanize && countFilters(flags) === 1;
  const line = (key: string, value: string): string => (bare ? `${value}\n` : label(key, value));
  const running = view.state !== 'STOPPED';

  let stdout = all ? line('Name:', view.name) : '';
  if (want.state) stdout += line('State:', view.state);
  if (running && want.pid && view.pid !== undefined && view.pid >= 0) {
    stdout += line('PID:', String(view.pid));
  }
  if (running && want.ips) for (const ip of view.ips) stdout += line('IP:', ip);
  if (want.stats) stdout += statsLines(view.stats ?? {}, view.links, humanize);
  const keys = configLines(config, humanize);
  return { stdout: stdout + keys.stdout, stderr: keys.stderr };
}

