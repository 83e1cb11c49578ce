/**
 * Parsed LXC config -> the confinement part of the spec: lxc.cap.drop / lxc.cap.keep,
 * lxc.no_new_privs, lxc.seccomp.profile, lxc.apparmor.profile, lxc.selinux.context and
 * the lxc.cgroup.* / lxc.cgroup2.* limits, in config order. Nothing is implicit: like
 * LXC, a config without these keys runs with the host's bounding set and no filter.
 */
import { isAbsolute } from 'node:path';
import { ConfigInvalidError, UnsupportedError } from '@lxcbus/contracts';
import type { ContainerConfig } from '@lxcbus/lxc-config';
import type { ConfineSpec } from './container-spec';

const words = (values: string[]): string[] => values.flatMap((v) => v.split(/\s+/)).filter(Boolean);

export function confineSpec(config: ContainerConfig): ConfineSpec {
  const seccomp = config.get('lxc.seccomp.profile') || undefined;
  if (seccomp !== undefined && !isAbsolute(seccomp)) throw new ConfigInvalidError(`lxc.seccomp.profile must be an absolute path: ${seccomp}`);
  const spec: ConfineSpec = {
    capDrop: words(config.capDrop()),
    capKeep: capKeep(config),
    noNewPrivs: config.get('lxc.no_new_privs') === '1',
    cgroupV1: config.cgroup().map(({ name, value }) => ({ key: name, value })),
    cgroupV2: config.cgroup2().map(({ name, value }) => ({ key: name, value })),
  };
  if (spec.capDrop?.length && spec.capKeep?.length) {
    throw new ConfigInvalidError('lxc.cap.drop and lxc.cap.keep are both set: use one or the other');
  }
  const apparmor = config.get('lxc.apparmor.profile');
  const selinux = config.get('lxc.selinux.context');
  if (config.get('lxc.seccomp.notify.proxy')) {
    throw new UnsupportedError('lxc.seccomp.notify.proxy (seccomp notify) is not supported yet', { key: 'lxc.seccomp.notify.proxy' });
  }
  return {
    ...spec,
    ...(seccomp && { seccompProfile: seccomp }),
    ...(seccomp && config.get('lxc.seccomp.allow_nesting') === '1' && { seccompAllowNesting: true }),
    ...(apparmor && { apparmorProfile: apparmor }),
    ...(selinux && { selinuxContext: selinux }),
  };
}

/**
 * lxc.cap.keep: `none` clears the list so far but keeps "keep mode", so `lxc.cap.keep = none`
 * alone drops every capability; an empty value leaves keep mode. The parsed config folds
 * `none` away, so keep mode is read from the raw lines.
 */
function capKeep(config: ContainerConfig): string[] {
  const raw = config.entries().filter((e) => e.key === 'lxc.cap.keep');
  const last = raw[raw.length - 1];
  if (!last || last.value.trim() === '') return [];
  const kept = words(config.capKeep());
  return kept.length ? kept : ['none'];
}
