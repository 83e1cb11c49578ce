/**
 * The config of a clone, written the way LXC 5.0.2's do_lxcapi_clone leaves
 * it (compared with real lxc-copy / lxc-snapshot output): blank lines are
 * dropped (LXC re-serialises its unexpanded config), lxc.rootfs.path is moved
 * to the end with the new path, then lxc.uts.name (unless kept) and
 * lxc.mount.fstab (copied beside the new config); hook paths under the old
 * container directory and every lxc.net.N.hwaddr (unless kept) are rewritten
 * in place.
 */
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';

export interface CloneNaming {
  oldDir: string;
  newDir: string;
  newName: string;
  /** New lxc.rootfs.path value, e.g. `dir:/var/lib/lxc/b/rootfs`; undefined when the source has no rootfs. */
  newRootfs?: string;
  keepName: boolean;
  keepMac: boolean;
}

const ENTRY = /^[ \t]*(lxc\.[^ \t=]+)[ \t]*=[ \t]*(.*)$/;

/** LXC's new_hwaddr(): the 00:16:3e prefix and three random octets. */
export function randomHwaddr(): string {
  const b = randomBytes(3);
  return `00:16:3e:${[...b].map((x) => x.toString(16).padStart(2, '0')).join(':')}`;
}

function rewriteLine(line: string, n: CloneNaming): string | null {
  const m = ENTRY.exec(line);
  if (!m) return line;
  const [, key, value] = m;
  if (key === 'lxc.rootfs.path' || key === 'lxc.mount.fstab') return null;
  if (key === 'lxc.uts.name' && !n.keepName) return null;
  if (/^lxc\.net\.[0-9]+\.hwaddr$/.test(key) && !n.keepMac) return `${key} = ${randomHwaddr()}`;
  if (key.startsWith('lxc.hook.') && value.startsWith(`${n.oldDir}/`)) return `${key} = ${n.newDir}${value.slice(n.oldDir.length)}`;
  return line;
}

/** Where the clone's fstab goes: beside its config, under the old file name (LXC's copy_fstab). */
export function clonedFstabPath(fstab: string, newDir: string): string {
  return `${newDir}/${basename(fstab)}`;
}

export function cloneConfigText(text: string, n: CloneNaming, fstab?: string): string {
  const kept = text.split('\n').filter((l) => l.trim() !== '').map((l) => rewriteLine(l, n))
    .filter((l): l is string => l !== null);
  if (n.newRootfs !== undefined) kept.push(`lxc.rootfs.path = ${n.newRootfs}`);
  if (!n.keepName) kept.push(`lxc.uts.name = ${n.newName}`);
  if (fstab !== undefined) kept.push(`lxc.mount.fstab = ${clonedFstabPath(fstab, n.newDir)}`);
  return kept.map((l) => `${l}\n`).join('');
}
