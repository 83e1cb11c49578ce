/**
 * The LXC_* placeholders image files carry, and their replacement. lxc-local runs one
 * global `sed s#KEY#value#g` per key in this order over the config, the copied fstab
 * and every file listed in `templates`; we replace literally in the same order (so a
 * value containing `#`, `&` or `\` is taken as written instead of confusing sed).
 */
import * as path from 'node:path';

export const LXC_TEMPLATE_CONFIG = '/usr/share/lxc/config';
export const LXC_HOOK_DIR = '/usr/share/lxc/hooks';

export interface PlaceholderValues {
  readonly name: string;
  readonly containerDir: string;
  readonly rootfs: string;
  readonly templateConfig?: string;
  readonly hookDir?: string;
}

export type Substitutions = ReadonlyArray<readonly [string, string]>;

export function placeholderValues(v: PlaceholderValues): Substitutions {
  return [
    ['LXC_NAME', v.name],
    ['LXC_PATH', v.containerDir],
    ['LXC_ROOTFS', v.rootfs],
    ['LXC_TEMPLATE_CONFIG', v.templateConfig ?? LXC_TEMPLATE_CONFIG],
    ['LXC_HOOK_DIR', v.hookDir ?? LXC_HOOK_DIR],
  ];
}

/** Applies each substitution to the whole text in turn, like successive `sed -i` runs. */
export function substitute(text: string, subs: Substitutions): string {
  return subs.reduce((acc, [key, value]) => acc.split(key).join(value), text);
}

/**
 * Where an in-rootfs path listed in `templates` lives on the host, or undefined when it
 * would leave the rootfs (`..` components); the template treats that as hostile.
 */
export function rootfsPath(rootfs: string, inRootfs: string): string | undefined {
  const joined = path.join(rootfs, inRootfs);
  const rel = path.relative(rootfs, joined);
  if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return undefined;
  return joined;
}
