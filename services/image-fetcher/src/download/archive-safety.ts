/**
 * The rules an image tarball must pass before anything is unpacked. A member may not
 * be absolute or contain `..`; nothing may be written through a symlink the archive
 * itself made (`etc -> /etc`, then `etc/passwd`); a hard link must name an earlier
 * member, not through a symlink; a relative symlink may not climb above the rootfs.
 * Device nodes are recorded: a user-mode (unprivileged) target refuses any that its
 * excludes list does not drop, since a user namespace cannot create them.
 */
import * as path from 'node:path';
import { ImageUnsafeError } from '@lxcbus/contracts';
import type { TarEntry } from './tar-headers';

export interface ArchiveSummary {
  /** Normalised paths (`dev/null`) of char and block devices. */
  readonly devices: string[];
  readonly members: number;
}

/** `./a//b/` -> `a/b`; the archive root itself -> ``. */
export function normalMember(name: string): string {
  return name.split('/').filter((p) => p !== '' && p !== '.').join('/');
}

function refuse(archive: string, member: string, why: string): never {
  throw new ImageUnsafeError(`${archive}: refusing member "${member}": ${why}`, { archive, member, reason: why });
}

export function checkArchive(archive: string, entries: readonly TarEntry[]): ArchiveSummary {
  const symlinks = new Set<string>();
  const seen = new Set<string>();
  const devices: string[] = [];
  const throughSymlink = (p: string): string | undefined => {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      if (symlinks.has(prefix)) return prefix;
    }
    return undefined;
  };
  for (const e of entries) {
    if (e.name.startsWith('/') || e.name.split('/').includes('..')) refuse(archive, e.name, 'absolute or contains ".."');
    const p = normalMember(e.name);
    const via = throughSymlink(p);
    if (via !== undefined) refuse(archive, e.name, `would be written through the symlink "${via}"`);
    if (e.type === 'hardlink') checkHardlink(archive, e, seen, throughSymlink);
    if (e.type === 'symlink') {
      if (!e.linkname.startsWith('/') && climbsOut(p, e.linkname)) refuse(archive, e.name, `symlink to "${e.linkname}" leaves the rootfs`);
      symlinks.add(p);
    } else {
      symlinks.delete(p);
    }
    if (e.type === 'char' || e.type === 'block') devices.push(p);
    seen.add(p);
  }
  return { devices, members: entries.length };
}

function checkHardlink(archive: string, e: TarEntry, seen: Set<string>, throughSymlink: (p: string) => string | undefined): void {
  if (e.linkname.startsWith('/') || e.linkname.split('/').includes('..')) refuse(archive, e.name, `hard link to "${e.linkname}" outside the rootfs`);
  const target = normalMember(e.linkname);
  if (throughSymlink(target) !== undefined) refuse(archive, e.name, `hard link to "${e.linkname}" goes through a symlink`);
  if (!seen.has(target)) refuse(archive, e.name, `hard link to "${e.linkname}", which is not an earlier member`);
}

/** Whether a relative link target, resolved from the link's directory, climbs above the root. */
function climbsOut(linkPath: string, target: string): boolean {
  let depth = path.posix.dirname(linkPath) === '.' ? 0 : path.posix.dirname(linkPath).split('/').length;
  for (const part of target.split('/')) {
    if (part === '..') depth -= 1;
    else if (part !== '.' && part !== '') depth += 1;
    if (depth < 0) return true;
  }
  return false;
}

/** Device nodes a user-mode target would have to create: those the excludes list does not drop. */
export function devicesLeft(devices: readonly string[], excludes: readonly string[]): string[] {
  const matchers = excludes.map(excludeMatcher);
  return devices.filter((d) => !matchers.some((m) => m(d)));
}

/** GNU tar `--anchored --exclude=PATTERN`: a glob on the whole member name, `./` ignored. */
export function excludeMatcher(pattern: string): (member: string) => boolean {
  const norm = normalMember(pattern);
  const re = new RegExp(`^${norm.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}(/.*)?$`);
  return (member) => re.test(member);
}
