/**
 * One logging hook for the lxc.hook.* side-by-side tests (hooks.test.ts, hooks-clone.test.ts):
 * every call appends `<type>|<argv>|<uid> <user ns> <mount ns>|<LXC_* environment>` to
 * <dir>/log-<LXC_NAME> (namespaces as `host` or `own`), a clone hook touches etc/hooked in the
 * clone's rootfs, and a hook fails when <dir>/fail-<type> exists.
 */
import { existsSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ns = (n: string) => readlinkSync(`/proc/self/ns/${n}`);

export function writeLoggingHook(dir: string): string {
  const file = join(dir, 'hook.sh');
  writeFileSync(file, `#!/bin/sh
d=$(dirname "$0")
t=\${LXC_HOOK_TYPE:-$3}
where() { [ "$(readlink /proc/self/ns/$1)" = "$2" ] && echo host || echo own; }
echo "$t|$*|$(id -u) $(where user '${ns('user')}') $(where mnt '${ns('mnt')}')|$(env | grep ^LXC_ | sort | tr '\\n' ' ')" >> "$d/log-$LXC_NAME"
# A clone hook edits the clone's rootfs where LXC mounts it (an overlay clone: its upper layer).
[ "$t" != clone ] || touch "$LXC_ROOTFS_MOUNT/etc/hooked"
[ ! -e "$d/fail-$t" ]
`, { mode: 0o755 });
  return file;
}

/** The records logged for container `name`, each literal in `masks` replaced by its mask. */
export function hookRecords(dir: string, name: string, masks: Array<[string, string]>): string[] {
  const file = join(dir, `log-${name}`);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split('\n')
    .map((l) => masks.reduce((acc, [from, to]) => acc.split(from).join(to), l).trimEnd());
}
