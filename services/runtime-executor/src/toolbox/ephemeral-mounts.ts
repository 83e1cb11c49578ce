/**
 * lxc-copy -e -m: the lxc.mount.entry lines LXC 5.0.2's lxc_copy.c
 * (set_mnt_entry) appends to the ephemeral clone's config, checked with the
 * real tool:
 * - bind=: `SRC DEST none bind,optional,ro|rw,create=dir|file 0 0`, create=dir
 *   when the source is a directory on this host, create=file otherwise (a
 *   missing source too: `optional` then skips it at start);
 * - overlay=: `SRC DEST overlay lowerdir=SRC,upperdir=<clone>/delta#XXXXXX,workdir=<clone>/work#XXXXXX,create=dir`
 *   (no dump/pass fields), the two directories made 0700 in the clone's
 *   directory with mkdtemp names (mk_rand_ovl_dirs), so they go with the clone.
 */
import { statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import type { CopyMount } from '@lxcbus/contracts';

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function bindEntry(b: CopyMount): string {
  return `lxc.mount.entry = ${b.source} ${b.dest} none bind,optional,${b.readOnly ? 'ro' : 'rw'},create=${isDir(b.source) ? 'dir' : 'file'} 0 0`;
}

export async function overlayEntry(m: CopyMount, cloneDir: string): Promise<string> {
  // mkdtemp's six random characters replace nothing here: they follow the prefix, as XXXXXX in LXC's template.
  const upper = await mkdtemp(join(cloneDir, 'delta#'));
  const work = await mkdtemp(join(cloneDir, 'work#'));
  return `lxc.mount.entry = ${m.source} ${m.dest} overlay lowerdir=${m.source},upperdir=${upper},workdir=${work},create=dir`;
}

/** The lines for all -m mounts, in the order given. */
export async function mountEntries(mounts: readonly CopyMount[], cloneDir: string): Promise<string[]> {
  const out: string[] = [];
  for (const m of mounts) out.push(m.type === 'overlay' ? await overlayEntry(m, cloneDir) : bindEntry(m));
  return out;
}
