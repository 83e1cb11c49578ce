/**
 * The console keys of the spec file (native/src/core/console-file.h): lxc.console.logfile with
 * its size limit and rotation, opened with the owner's uid/gid, and lxc.console.path = none.
 */
import { isAbsolute } from 'path';
import { InvalidArgumentError } from './errors';
import type { ContainerSpec } from './types';

/** The shim reads ids as C ints. */
const MAX_ID = 0x7fffffff;

export function validateConsole(spec: Pick<ContainerSpec, 'consoleLog' | 'consoleNone'>): void {
  if (spec.consoleNone !== undefined && typeof spec.consoleNone !== 'boolean') {
    throw new InvalidArgumentError('spec.consoleNone', 'must be a boolean');
  }
  const log = spec.consoleLog;
  if (log === undefined) return;
  if (typeof log !== 'object' || log === null) throw new InvalidArgumentError('spec.consoleLog', 'must be an object');
  if (typeof log.path !== 'string' || !isAbsolute(log.path) || /[\0\n]/.test(log.path)) {
    throw new InvalidArgumentError('spec.consoleLog.path', 'must be an absolute path without NUL or newline');
  }
  if (!Number.isSafeInteger(log.size) || log.size < 0) {
    throw new InvalidArgumentError('spec.consoleLog.size', 'must be a byte count >= 0');
  }
  if (typeof log.rotate !== 'boolean') throw new InvalidArgumentError('spec.consoleLog.rotate', 'must be a boolean');
  for (const k of ['uid', 'gid'] as const) {
    if (!Number.isInteger(log[k]) || log[k] < 0 || log[k] > MAX_ID) {
      throw new InvalidArgumentError(`spec.consoleLog.${k}`, `must be an integer id 0..${MAX_ID}`);
    }
  }
}

export function consoleSpecLines(spec: Pick<ContainerSpec, 'consoleLog' | 'consoleNone'>): [string, string | number][] {
  const lines: [string, string | number][] = [];
  if (spec.consoleNone) lines.push(['console.none', 1]);
  const log = spec.consoleLog;
  if (!log) return lines;
  lines.push(['console.logfile', log.path], ['console.logfile.size', log.size], ['console.logfile.rotate', log.rotate ? 1 : 0]);
  lines.push(['console.logfile.uid', log.uid], ['console.logfile.gid', log.gid]);
  return lines;
}
