/**
 * lxc.console.* -> the spec's console log and `none` console (native/src/core/console-file.h).
 * As LXC 5.0.2 (confile.c, terminal.c): lxc.console.size is a byte count with an optional
 * kB/MB/GB suffix (powers of 1024) or `auto` (128 KiB); below a page it is a page, and it is
 * rounded up to a power of two; empty is no limit. lxc.console.path is `none` or a host
 * terminal (the shim's console peer). lxc-start -L/-c arrive as defines of lxc.console.logfile /
 * lxc.console.path. What lxcbus does not do is refused, never ignored: the ring buffer
 * (lxc.console.buffer.size), either key with lxc-execute, and lxc.console.path with a foreground start.
 */
import { ConfigInvalidError, UnsupportedError } from '@lxcbus/contracts';
import { lookupUser } from '@lxcbus/bus-client';
import type { ContainerConfig } from '@lxcbus/lxc-config';
import type { ContainerLocation } from './container-ref';
import type { ContainerSpec } from './container-spec';
import { isRootless } from '../rootless/rootless-mode';

const PAGE = 4096;
const UNITS: Record<string, number> = { kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/**
 * lxc.console.size in bytes, as LXC 5.0.2 stores it (measured with lxc-info -c): empty is 0 (no
 * limit); one trailing letter is ignored (`2G` is 2), two must be kB/MB/GB; anything below a page,
 * 0 included, is a page; then the next power of two.
 */
export function consoleLogSize(value: string | undefined): number {
  const v = (value ?? '').trim();
  if (v === '') return 0;
  if (v === 'auto') return 1 << 17;
  const m = /^(\d+)\s*([A-Za-z]{1,2})?$/.exec(v);
  const unit = !m?.[2] || m[2].length === 1 ? 1 : UNITS[m[2].toLowerCase()];
  if (!m || unit === undefined) throw new ConfigInvalidError(`lxc.console.size: invalid size "${value}"`, { key: 'lxc.console.size' });
  const bytes = Number(m[1]) * unit;
  if (!Number.isSafeInteger(bytes)) throw new ConfigInvalidError(`lxc.console.size: too large "${value}"`, { key: 'lxc.console.size' });
  let size = PAGE;
  while (size < bytes) size *= 2;
  return size;
}

export interface ConsoleUse {
  /** lxc-execute: its console is the caller's session, not a log. */
  execute: boolean;
  /** lxc-start -F on a terminal: the console is proxied to the caller. */
  foreground: boolean;
}

type ConsoleFields = Pick<ContainerSpec, 'consoleLog' | 'consoleNone' | 'consolePeer' | 'consoleOwner'>;

export function consoleSpec(config: ContainerConfig, loc: ContainerLocation, use: ConsoleUse): ConsoleFields {
  const path = config.get('lxc.console.path') ?? '';
  const buffer = (config.get('lxc.console.buffer.size') ?? '').trim();
  if (buffer !== '' && buffer !== '0') {
    throw new UnsupportedError('lxc.console.buffer.size (the console ring buffer) is not supported', { key: 'lxc.console.buffer.size' });
  }
  const file = config.get('lxc.console.logfile') ?? '';
  if ((path || file) && use.execute) {
    throw new UnsupportedError('lxc.console.path / lxc.console.logfile with lxc-execute is not supported', { key: path ? 'lxc.console.path' : 'lxc.console.logfile' });
  }
  if (path && use.foreground) {
    throw new UnsupportedError(`lxc.console.path = ${path} in the foreground is not supported`, { key: 'lxc.console.path' });
  }
  // LXC sets up no terminal for `none`, so no log file either.
  if (path === 'none') return { consoleNone: true };
  if (path && !path.startsWith('/')) throw new ConfigInvalidError(`lxc.console.path must be absolute or none: ${path}`, { key: 'lxc.console.path' });
  if (file && !file.startsWith('/')) throw new ConfigInvalidError(`lxc.console.logfile must be absolute: ${file}`, { key: 'lxc.console.logfile' });
  const out: ConsoleFields = {};
  if (path) out.consolePeer = path;
  if (file) out.consoleLog = { path: file, size: consoleLogSize(config.get('lxc.console.size')), rotate: config.get('lxc.console.rotate') === '1' };
  if (path || file) out.consoleOwner = ownerIds(loc);
  return out;
}

/** The file and the terminal are opened with the rights of whoever started the container in LXC: its owner. */
function ownerIds(loc: ContainerLocation): { uid: number; gid: number } {
  if (isRootless()) return { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
  if (loc.owner === 'root') return { uid: 0, gid: 0 };
  const user = lookupUser(loc.owner);
  if (!user) throw new ConfigInvalidError(`lxc.console.logfile: no passwd entry for owner ${loc.owner}`, { key: 'lxc.console.logfile' });
  return { uid: user.uid, gid: user.gid };
}
