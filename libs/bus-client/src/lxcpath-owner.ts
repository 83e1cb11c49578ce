/**
 * Whose is an lxcpath? The services act as root, so a request under owner
 * alice's subject may only name a directory that is alice's: her default
 * (~/.local/share/lxc), or one she owns. A path that does not exist yet is
 * judged by its nearest existing ancestor (lxc-create -P makes it), after
 * resolving symlinks, so a link in her home to bob's directory is bob's.
 * Root may name any lxcpath.
 */
import { realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { lookupUser, ownerLxcpath } from './owner-paths';

export interface OwnershipFs {
  realpath(path: string): string;
  uidOf(path: string): number;
}

const nodeFs: OwnershipFs = {
  realpath: (p) => realpathSync(p),
  uidOf: (p) => statSync(p).uid,
};

export type LxcpathOwnerCheck = { ok: true } | { ok: false; reason: string };

/** The first existing directory at or above `path`, symlinks resolved. */
function nearestExisting(path: string, fs: OwnershipFs): string {
  for (let p = path; ; p = dirname(p)) {
    try {
      return fs.realpath(p);
    } catch {
      if (dirname(p) === p) return p;
    }
  }
}

export function checkLxcpathOwner(
  owner: string, lxcpath: string, opts: { rootLxcpath: string; passwdFile?: string; fs?: OwnershipFs },
): LxcpathOwnerCheck {
  if (owner === 'root') return { ok: true };
  const fs = opts.fs ?? nodeFs;
  const user = lookupUser(owner, opts.passwdFile);
  if (!user) return { ok: false, reason: `owner ${owner} is not a user on this host` };
  if (!isAbsolute(lxcpath)) return { ok: false, reason: `lxcpath ${lxcpath} is not absolute` };
  const path = resolve(lxcpath);
  const anchor = nearestExisting(path, fs);
  let uid: number;
  try {
    uid = fs.uidOf(anchor);
  } catch {
    return { ok: false, reason: `cannot check who owns ${anchor}` };
  }
  if (uid === user.uid) return { ok: true };
  // Her default before her home exists sits under a root directory (/home): still hers, nobody else's.
  if (path === ownerLxcpath(owner, opts.rootLxcpath, opts.passwdFile) && uid === 0 && anchor !== path) return { ok: true };
  return { ok: false, reason: `lxcpath ${lxcpath} does not belong to ${owner} (${anchor} is owned by uid ${uid}, ${owner} is uid ${user.uid})` };
}
