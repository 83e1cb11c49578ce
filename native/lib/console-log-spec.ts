/**
 * The console keys of the spec file (native/src/core/console-file.h, console-peer.h):
 * lxc.console.logfile with its size limit and rotation, lxc.console.path = a host terminal (the
 * peer) or none, and the owner's uid/gid that the file and the terminal are opened with.
 */
import { isAbsolute } from 'path';
import { InvalidArgumentError } from './errors';
import type { ContainerSpec } from './types';

/** The shim reads ids as C ints. */
const MAX_ID = 0x7fffffff;
type ConsoleFields = Pick<ContainerSpec, 'consoleLog' | 'consoleNone' | 'consolePeer' | 'consoleOwner'>;

function path(what: string, v: unknown): void {
  if (typeof v !== 'string' || !isAbsolute(v) || /[\0\n]/.test(v)) throw new InvalidArgumentError(what, 'must be an absolute path without NUL or newline');
}

export function validateConsole(spec: ConsoleFields): void {
  if (spec.consoleNone !== undefined && typeof spec.consoleNone !== 'boolean') {
    throw new InvalidArgumentError('spec.consoleNone', 'must be a boolean');
  }
  if (spec.consolePeer !== undefined) path('spec.consolePeer', spec.consolePeer);
  const log = spec.consoleLog;
  if (log !== undefined) {
    if (typeof log !== 'object' || log === null) throw new InvalidArgumentError('spec.consoleLog', 'must be an object');
    path('spec.consoleLog.path', log.path);
    if (!Number.isSafeInteger(log.size) || log.size < 0) throw new InvalidArgumentError('spec.consoleLog.size', 'must be a byte count >= 0');
    if (typeof log.rotate !== 'boolean') throw new InvalidArgumentError('spec.consoleLog.rotate', 'must be a boolean');
  }
  if (!log && spec.consolePeer === undefined) return;
  // Never a default: opening as root by mistake is what the owner's ids are there to prevent.
  const owner = spec.consoleOwner;
  for (const k of ['uid', 'gid'] as const) {
    if (!owner || !Number.isInteger(owner[k]) || owner[k] < 0 || owner[k] > MAX_ID) {
      throw new InvalidArgumentError(`spec.consoleOwner.${k}`, `must be an integer id 0..${MAX_ID}`);
    }
  }
}

export function consoleSpecLines(spec: ConsoleFields): [string, string | number][] {
  const lines: [string, string | number][] = [];
  if (spec.consoleNone) lines.push(['console.none', 1]);
  const log = spec.consoleLog;
  if (log) lines.push(['console.logfile', log.path], ['console.logfile.size', log.size], ['console.logfile.rotate', log.rotate ? 1 : 0]);
  if (spec.consolePeer) lines.push(['console.peer', spec.consolePeer]);
  if (spec.consoleOwner && (log || spec.consolePeer)) lines.push(['console.uid', spec.consoleOwner.uid], ['console.gid', spec.consoleOwner.gid]);
  return lines;
}
