/**
 * Root's file work in an ordinary user's lxcpath, through held directories (held-dir.ts):
 * making her lxcpath, and removing a container dir, without ever resolving a path she
 * could have swapped since the ownership check.
 */
import { spawn } from 'node:child_process';
import { readdirSync, rmdirSync } from 'node:fs';
import { ForbiddenError } from '@lxcbus/contracts';
import { lookupUser, type PasswdEntry } from '@lxcbus/bus-client';
import { HeldDir } from './held-dir';

/**
 * Her lxcpath, held: the existing part is walked without following what she could have
 * planted (HeldDir.open), the missing tail is made one directory at a time and handed to her
 * by fchown on the new directory itself. The result must be hers.
 */
export function holdUserLxcpath(lxcpath: string, user: PasswdEntry): HeldDir {
  const parts = lxcpath.split('/').filter(Boolean);
  let i = parts.length;
  let held: HeldDir | null = null;
  for (; held === null; i--) {
    try {
      held = HeldDir.open(`/${parts.slice(0, i).join('/')}`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || i === 0) throw err;
    }
  }
  try {
    for (i++; i < parts.length; i++) {
      held.mkdir(parts[i], 0o755);
      const next: HeldDir = held.sub(parts[i], 0);
      try {
        next.chown(null, user.uid, user.gid);
      } catch (err) {
        next.close();
        throw err;
      }
      held.close();
      held = next;
    }
    if (held.uid() !== user.uid) throw new ForbiddenError(`${lxcpath} does not belong to ${user.name} (owned by uid ${held.uid()})`, { lxcpath });
    return held;
  } catch (err) {
    held.close();
    throw err;
  }
}

/**
 * rm -rf of `<parent>/<name>` by fd: rm gets the held container dir as its fd 3 and removes
 * `/proc/self/fd/3/<entry>` (resolved from the fd in rm's own process; rm itself walks with
 * openat and never follows), then the emptied directory goes with rmdir, which does not
 * follow a symlink either.
 */
export async function removeHeldTree(parent: HeldDir, name: string): Promise<void> {
  const dir = parent.sub(name);
  try {
    const entries = readdirSync(`/proc/self/fd/${dir.fd}`);
    if (entries.length > 0) await rmByFd(dir.fd, entries);
  } finally {
    dir.close();
  }
  rmdirSync(parent.at(name));
}

/** lxc-snapshot -d / lxc-destroy -s by root in her tree: `<lxcpath>/<name>/snaps/<snapshot>`, each level held without following. */
export async function removeUserSnapshot(lxcpath: string, name: string, snapshot: string, owner: string): Promise<void> {
  const user = lookupUser(owner);
  if (!user) throw new ForbiddenError(`owner ${owner} is not a user on this host`, { owner });
  const held = holdUserLxcpath(lxcpath, user);
  let dir: HeldDir | undefined;
  let snaps: HeldDir | undefined;
  try {
    dir = held.sub(name);
    snaps = dir.sub('snaps');
    await removeHeldTree(snaps, snapshot);
  } finally {
    snaps?.close();
    dir?.close();
    held.close();
  }
}

function rmByFd(fd: number, entries: string[]): Promise<void> {
  const child = spawn('rm', ['-rf', '--one-file-system', '--', ...entries.map((e) => `/proc/self/fd/3/${e}`)], { stdio: ['ignore', 'ignore', 'pipe', fd] });
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`rm -rf: ${stderr.trim() || `exit ${code}`}`))));
  });
}

/** lxc-destroy of an ordinary user's container by root: through her lxcpath held since the check. */
export async function removeUserContainer(lxcpath: string, name: string, owner: string): Promise<void> {
  const user = lookupUser(owner);
  if (!user) throw new ForbiddenError(`owner ${owner} is not a user on this host`, { owner });
  const held = holdUserLxcpath(lxcpath, user);
  try {
    await removeHeldTree(held, name);
  } finally {
    held.close();
  }
}
