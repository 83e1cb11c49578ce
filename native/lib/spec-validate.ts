import { isAbsolute } from 'path';
import { InvalidArgumentError } from './errors';
import { toSignalNumber } from './signals';
import { validateNics } from './net-spec';
import { validateConfine } from './confine-spec';
import { validateIdmaps } from './idmap-spec';
import { validateConsole } from './console-log-spec';
import type { ContainerSpec, ExecOptions } from './types';

const PROC_MODES = ['none', 'rw', 'mixed'];
const SYS_MODES = ['none', 'ro', 'rw', 'mixed'];
const CGROUP_MODES = ['none', 'ro', 'rw'];
/** sun_path is 108 bytes; the run dir plus "/shim.sock" must fit. */
const MAX_RUN_DIR = 96;

function absolute(what: string, v: unknown): void {
  if (typeof v !== 'string' || !isAbsolute(v)) throw new InvalidArgumentError(what, 'must be an absolute path');
  if (v.includes('\0')) throw new InvalidArgumentError(what, 'must not contain NUL');
}

function id(what: string, v: unknown): void {
  if (v === undefined) return;
  if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 0xfffffffe) {
    throw new InvalidArgumentError(what, 'must be an integer id 0..4294967294');
  }
}

function count(what: string, v: unknown): void {
  if (v !== undefined && (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 4096)) {
    throw new InvalidArgumentError(what, 'must be an integer 0..4096');
  }
}

function argv(what: string, v: unknown): void {
  if (!Array.isArray(v) || v.length === 0 || !v.every((a) => typeof a === 'string' && !a.includes('\0'))) {
    throw new InvalidArgumentError(what, 'must be a non-empty array of strings without NUL');
  }
}

function env(what: string, v: unknown): void {
  if (v === undefined) return;
  if (!Array.isArray(v) || !v.every((e) => typeof e === 'string' && /^[^=\0]+=[^\0]*$/.test(e))) {
    throw new InvalidArgumentError(what, 'must be an array of NAME=value strings');
  }
}

export function validateSpec(spec: ContainerSpec): void {
  if (typeof spec !== 'object' || spec === null) throw new InvalidArgumentError('spec', 'must be an object');
  if (typeof spec.name !== 'string' || !/^[^/\s\0]+$/.test(spec.name)) {
    throw new InvalidArgumentError('spec.name', 'must be non-empty without "/", whitespace or NUL');
  }
  absolute('spec.lxcpath', spec.lxcpath);
  absolute('spec.rootfs', spec.rootfs);
  // `none`: no cgroup at all (a rootless stack with nothing delegated; native/src/core/cgroup.h).
  if (spec.cgroupRoot !== 'none') absolute('spec.cgroupRoot', spec.cgroupRoot);
  absolute('spec.runDir', spec.runDir);
  if (spec.runDir.length > MAX_RUN_DIR) throw new InvalidArgumentError('spec.runDir', `longer than ${MAX_RUN_DIR} bytes`);
  if (spec.logFile !== undefined) absolute('spec.logFile', spec.logFile);
  validateNics(spec.nics);
  if (spec.cwd !== undefined) absolute('spec.cwd', spec.cwd);
  // One optional owner level: `alice/c1.ab12cd` is the per-user subtree (cgroup.c).
  const parts = typeof spec.cgroupName === 'string' ? spec.cgroupName.split('/') : [];
  if (parts.length < 1 || parts.length > 2 || !parts.every((p) => /^[A-Za-z0-9_.:@-]+$/.test(p) && p !== '.' && p !== '..')) {
    throw new InvalidArgumentError('spec.cgroupName', 'must match [A-Za-z0-9_.:@-]+ with at most one "/"');
  }
  // `_` as well: LXC's default hostname is the container name, e.g. lxc-copy -e's `<name>_XXXXXX`.
  if (spec.hostname !== undefined && !/^[A-Za-z0-9._-]{1,64}$/.test(spec.hostname)) {
    throw new InvalidArgumentError('spec.hostname', 'must be 1-64 characters of [A-Za-z0-9._-]');
  }
  argv('spec.init', spec.init);
  env('spec.env', spec.env);
  id('spec.uid', spec.uid);
  id('spec.gid', spec.gid);
  count('spec.ttyMax', spec.ttyMax);
  count('spec.ptyMax', spec.ptyMax);
  if (spec.mountAuto?.proc !== undefined && !PROC_MODES.includes(spec.mountAuto.proc)) {
    throw new InvalidArgumentError('spec.mountAuto.proc', `must be one of ${PROC_MODES.join(', ')}`);
  }
  if (spec.mountAuto?.sys !== undefined && !SYS_MODES.includes(spec.mountAuto.sys)) {
    throw new InvalidArgumentError('spec.mountAuto.sys', `must be one of ${SYS_MODES.join(', ')}`);
  }
  if (spec.mountAuto?.cgroup !== undefined && !CGROUP_MODES.includes(spec.mountAuto.cgroup)) {
    throw new InvalidArgumentError('spec.mountAuto.cgroup', `must be one of ${CGROUP_MODES.join(', ')}`);
  }
  (spec.mountEntries ?? []).forEach((m, i) => {
    const what = `spec.mountEntries[${i}]`;
    for (const k of ['source', 'target', 'fstype'] as const) {
      if (typeof m[k] !== 'string' || m[k].length === 0 || /[\0\n]/.test(m[k])) {
        throw new InvalidArgumentError(`${what}.${k}`, 'must be a non-empty string');
      }
    }
    if (m.target.split('/').includes('..')) throw new InvalidArgumentError(`${what}.target`, 'must not contain ".."');
    if (!Array.isArray(m.options) || !m.options.every((o) => typeof o === 'string' && !/[,\s\0]/.test(o))) {
      throw new InvalidArgumentError(`${what}.options`, 'must be strings without commas or whitespace');
    }
  });
  if (spec.haltSignal !== undefined) toSignalNumber(spec.haltSignal, 'spec.haltSignal');
  validateConfine(spec.confine);
  validateIdmaps(spec.idmaps, spec.idmapWriter);
  validateConsole(spec);
}

export function validateExecOptions(opts: ExecOptions): void {
  if (typeof opts !== 'object' || opts === null) throw new InvalidArgumentError('exec', 'options must be an object');
  argv('exec.argv', opts.argv);
  env('exec.env', opts.env);
  if (opts.cwd !== undefined) absolute('exec.cwd', opts.cwd);
  id('exec.uid', opts.uid);
  id('exec.gid', opts.gid);
  for (const k of ['rows', 'cols'] as const) {
    const v = opts[k];
    if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > 0xffff)) {
      throw new InvalidArgumentError(`exec.${k}`, 'must be an integer 0..65535');
    }
  }
}
