/**
 * The confinement keys of the spec file (parser: native/src/core/spec-confine.c): cap.drop,
 * cap.keep, no_new_privs, seccomp.profile, apparmor.profile, selinux.context, cgroup.v1 and
 * cgroup.v2 (`<file> <value>`). Validated here so the shim only sees sane input.
 */
import { isAbsolute } from 'path';
import { InvalidArgumentError } from './errors';
import type { CgroupSetting, ConfineSpec } from './types';

const CAP_NAME = /^([a-z_]+|\d+)$/;
/** A cgroup file name: `<controller>.<file>`, never a path. */
const CGROUP_KEY = /^[a-z0-9_]+\.[A-Za-z0-9_.]+$/;

export function confineSpecLines(c: ConfineSpec | undefined): Array<[string, string]> {
  if (!c) return [];
  const out: Array<[string, string]> = [];
  c.capDrop?.forEach((n) => out.push(['cap.drop', n]));
  c.capKeep?.forEach((n) => out.push(['cap.keep', n]));
  if (c.noNewPrivs !== undefined) out.push(['no_new_privs', c.noNewPrivs ? '1' : '0']);
  if (c.seccompProfile) out.push(['seccomp.profile', c.seccompProfile]);
  if (c.seccompAllowNesting) out.push(['seccomp.allow_nesting', '1']);
  if (c.apparmorProfile) out.push(['apparmor.profile', c.apparmorProfile]);
  if (c.selinuxContext) out.push(['selinux.context', c.selinuxContext]);
  c.cgroupV1?.forEach((s) => out.push(['cgroup.v1', `${s.key} ${s.value}`]));
  c.cgroupV2?.forEach((s) => out.push(['cgroup.v2', `${s.key} ${s.value}`]));
  return out;
}

export function isCgroupKey(key: string): boolean {
  return CGROUP_KEY.test(key) && !key.includes('..');
}

function settings(what: string, list: CgroupSetting[] | undefined): void {
  (list ?? []).forEach((s, i) => {
    if (typeof s?.key !== 'string' || !isCgroupKey(s.key)) throw new InvalidArgumentError(`${what}[${i}].key`, 'must be a cgroup file name like memory.max');
    if (typeof s.value !== 'string' || /[\0\n]/.test(s.value)) throw new InvalidArgumentError(`${what}[${i}].value`, 'must be a string without NUL or newline');
  });
}

export function validateConfine(c: ConfineSpec | undefined): void {
  if (c === undefined) return;
  for (const k of ['capDrop', 'capKeep'] as const) {
    const list = c[k];
    if (list !== undefined && (!Array.isArray(list) || !list.every((n) => typeof n === 'string' && CAP_NAME.test(n)))) {
      throw new InvalidArgumentError(`spec.confine.${k}`, 'must be lowercase capability names without cap_ (or numbers)');
    }
  }
  if (c.capDrop?.length && c.capKeep?.length) throw new InvalidArgumentError('spec.confine', 'capDrop and capKeep are exclusive (lxc.cap.drop or lxc.cap.keep, not both)');
  if (c.seccompProfile !== undefined && (!isAbsolute(c.seccompProfile) || c.seccompProfile.includes('\0'))) {
    throw new InvalidArgumentError('spec.confine.seccompProfile', 'must be an absolute path');
  }
  for (const k of ['apparmorProfile', 'selinuxContext'] as const) {
    const v = c[k];
    if (v !== undefined && (typeof v !== 'string' || /[\0\n]/.test(v))) throw new InvalidArgumentError(`spec.confine.${k}`, 'must be a string without NUL or newline');
  }
  settings('spec.confine.cgroupV1', c.cgroupV1);
  settings('spec.confine.cgroupV2', c.cgroupV2);
}
