/**
 * What LXC's get_config_item() returns for a key, given the value our
 * config library computes. LXC's list getters print every item followed by
 * "\n" while a few joiners do not; the table below was taken from
 * `lxc-info -c KEY` of LXC 5.0.2 (decisions/toolbox.md).
 */
import type { ContainerConfig } from '@lxcbus/lxc-config';

/** Keys whose getter ends every item with a newline (so a non-empty value ends with "\n"). */
const ITEM_PER_LINE = new Set([
  'lxc.environment', 'lxc.group', 'lxc.cap.drop', 'lxc.cap.keep', 'lxc.mount.entry', 'lxc.apparmor.raw',
  'lxc.namespace.keep', 'lxc.net', 'lxc.cgroup', 'lxc.cgroup2', 'lxc.sysctl', 'lxc.prlimit', 'lxc.proc',
]);
/** Families whose single-key getter also ends with a newline (`lxc.cgroup2.memory.max` -> "256M\n"). */
const FAMILY_ITEM_PER_LINE = ['lxc.cgroup.', 'lxc.cgroup2.', 'lxc.hook.'];

function endsEveryItem(key: string): boolean {
  if (key === 'lxc.hook.version') return false;
  return ITEM_PER_LINE.has(key) || FAMILY_ITEM_PER_LINE.some((p) => key.startsWith(p));
}

/** The getter's answer, or null where LXC prints `KEY invalid`. */
export function lxcGetterValue(config: ContainerConfig, key: string): string | null {
  let value: string | undefined;
  try {
    value = config.get(key);
  } catch {
    return null;
  }
  if (value === undefined) return null;
  return value !== '' && endsEveryItem(key) ? `${value}\n` : value;
}
