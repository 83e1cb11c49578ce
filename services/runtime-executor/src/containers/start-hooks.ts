/**
 * The lxc.hook.* a start runs, for the shim (when and where each one runs:
 * native/src/core/hooks.h, docs/decisions/hooks.md). clone and destroy are not
 * start hooks. When root's executor acts for another owner, her host-side hooks
 * run as her (her own lxc-start would run them as her); the others run inside her
 * container's user namespace anyway.
 */
import { ForbiddenError } from '@lxcbus/contracts';
import { lookupUser } from '@lxcbus/bus-client';
import type { ContainerConfig } from '@lxcbus/lxc-config';
import { START_HOOK_TYPES } from '@lxcbus/native';
import type { ContainerSpec } from './container-spec';

const HOST_SIDE = ['pre-start', 'start-host', 'stop', 'post-stop'] as const;

export function startHooks(config: ContainerConfig, actingFor?: string): Pick<ContainerSpec, 'hooks' | 'hookVersion' | 'hookUser'> {
  const hooks: ContainerSpec['hooks'] = {};
  for (const t of START_HOOK_TYPES) {
    const list = config.hooks(t);
    if (list.length > 0) hooks[t] = list;
  }
  // The config parser already refuses anything but 0 or 1 here, as LXC's does.
  const version = config.get('lxc.hook.version') === '1' ? { hookVersion: 1 as const } : {};
  if (actingFor === undefined || !HOST_SIDE.some((t) => hooks[t])) return { hooks, ...version };
  const user = lookupUser(actingFor);
  if (!user || user.uid === 0) {
    throw new ForbiddenError(`lxc.hook.*: cannot run the hooks of ${actingFor} as ${actingFor} (no such user)`, { owner: actingFor });
  }
  return { hooks, ...version, hookUser: { uid: user.uid, gid: user.gid } };
}
