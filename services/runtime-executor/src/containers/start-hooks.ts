/**
 * The lxc.hook.* a start runs, for the shim (when and where each one runs:
 * native/src/core/hooks.h, docs/decisions/hooks.md). clone and destroy are not
 * start hooks.
 */
import type { ContainerConfig } from '@lxcbus/lxc-config';
import { START_HOOK_TYPES } from '@lxcbus/native';
import type { ContainerSpec } from './container-spec';

export function startHooks(config: ContainerConfig): Pick<ContainerSpec, 'hooks' | 'hookVersion'> {
  const hooks: ContainerSpec['hooks'] = {};
  for (const t of START_HOOK_TYPES) {
    const list = config.hooks(t);
    if (list.length > 0) hooks[t] = list;
  }
  // The config parser already refuses anything but 0 or 1 here, as LXC's does.
  return { hooks, ...(config.get('lxc.hook.version') === '1' ? { hookVersion: 1 as const } : {}) };
}
