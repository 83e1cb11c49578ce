/**
 * lxc-copy -e -m bind=SRC[:DEST][:ro]: the lxc.mount.entry line LXC 5.0.2's
 * lxc_copy.c (set_mnt_entry) appends to the ephemeral clone's config, checked
 * with the real tool: `SRC DEST none bind,optional,ro|rw,create=dir|file 0 0`,
 * create=dir when the source is a directory on this host, create=file
 * otherwise (a missing source too: `optional` then skips it at start).
 */
import { statSync } from 'node:fs';
import type { CopyBind } from '@lxcbus/contracts';

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function bindEntry(b: CopyBind): string {
  return `lxc.mount.entry = ${b.source} ${b.dest} none bind,optional,${b.readOnly ? 'ro' : 'rw'},create=${isDir(b.source) ? 'dir' : 'file'} 0 0`;
}
