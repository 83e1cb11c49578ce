/**
 * Closing the check-then-use window on a user's lxcpath. The executor (root) checks that
 * alice owns the lxcpath, then writes there; had it kept using path strings, alice could
 * swap a directory she controls for a symlink in between and steer root's writes (to
 * /etc, to bob's home). Instead the executor walks the path one component at a time with
 * O_NOFOLLOW (following only links root alone can have made), holds the directory it
 * arrives at, checks the owner on that very fd, and does every write relative to it: `/proc/self/fd/<fd>/<name>` is
 * resolved from the held directory, not from the path (openat's semantics, available to
 * Node without a native call). A symlink met on the way is a swap: FORBIDDEN.
 */
import { closeSync, constants, fchmodSync, fchownSync, fstatSync, lstatSync, mkdirSync, openSync, readlinkSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, posix } from 'node:path';
import { ForbiddenError } from '@lxcbus/contracts';

const DIR_FLAGS = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;

export class HeldDir {
  private constructor(readonly fd: number, readonly path: string) {}

  /** Wraps an fd the walk opened (internal). */
  static adopt(fd: number, path: string): HeldDir {
    return new HeldDir(fd, path);
  }

  /**
   * Walks `path` from / without following, except a symlink that sits in a directory only
   * root can write (root-owned, no group/other write: `/home -> /data/home` on some hosts):
   * nobody but root can have planted that one, so its target is walked the same way.
   * Any other symlink on the way is FORBIDDEN. With `expectUid`, the end must be owned by it.
   */
  static open(path: string, expectUid?: number): HeldDir {
    const held = walk(path, 0);
    if (expectUid !== undefined && held.uid() !== expectUid) {
      const uid = held.uid();
      held.close();
      throw new ForbiddenError(`${path} is owned by uid ${uid}, not ${expectUid}`, { path });
    }
    return held;
  }

  /** A name inside the held directory, resolved from the fd (one component only). */
  at(name: string): string {
    if (name.includes('/') || name === '..' || name === '.' || name === '') throw new ForbiddenError(`not a plain name: ${name}`, { name });
    return `/proc/self/fd/${this.fd}/${name}`;
  }

  /** mkdir never follows a symlink in its last component (EEXIST instead). */
  mkdir(name: string, mode: number): void {
    mkdirSync(this.at(name), { mode });
  }

  sub(name: string, expectUid?: number): HeldDir {
    const fd = openStep(this.fd, name, `${this.path}/${name}`);
    const held = new HeldDir(fd, `${this.path}/${name}`);
    if (expectUid !== undefined && fstatSync(fd).uid !== expectUid) {
      held.close();
      throw new ForbiddenError(`${held.path} is not owned by uid ${expectUid}`, { path: held.path });
    }
    return held;
  }

  /** A new file (O_EXCL: nothing planted there is opened), written whole. */
  writeNew(name: string, text: string, mode: number): void {
    const fd = openSync(this.at(name), constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
  }

  rename(from: string, to: string): void {
    renameSync(this.at(from), this.at(to));
  }

  /** fchown on the entry opened without following, so a planted link is never chowned through. */
  chown(name: string | null, uid: number, gid: number): void {
    if (name === null) return fchownSync(this.fd, uid, gid);
    const fd = openSync(this.at(name), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    try {
      fchownSync(fd, uid, gid);
    } finally {
      closeSync(fd);
    }
  }

  uid(): number {
    return fstatSync(this.fd).uid;
  }

  chmod(mode: number): void {
    fchmodSync(this.fd, mode);
  }

  /** unlink never follows: a link planted under the name goes, not its target. */
  unlink(name: string): void {
    unlinkSync(this.at(name));
  }

  close(): void {
    closeSync(this.fd);
  }
}

const MAX_LINKS = 40;

function walk(path: string, links: number): HeldDir {
  const parts = path.split('/').filter(Boolean);
  let dir = new HeldDirHandle(openSync('/', DIR_FLAGS), '/');
  try {
    for (let i = 0; i < parts.length; i++) {
      const target = trustedLink(dir, parts[i]);
      if (target !== null) {
        if (links >= MAX_LINKS) throw new ForbiddenError(`${path}: too many levels of symbolic links`, { path });
        const rest = parts.slice(i + 1).join('/');
        const base = target.startsWith('/') ? target : `${dir.path}/${target}`;
        dir.closeIfOpen(); // the walk starts again from /: this directory is not held
        return walk(posix.normalize(`${base}/${rest}`), links + 1);
      }
      const next = openStep(dir.fd, parts[i], path);
      closeSync(dir.fd);
      dir = new HeldDirHandle(next, posix.join(dir.path, parts[i]));
    }
    return dir.done();
  } catch (err) {
    dir.closeIfOpen();
    throw err;
  }
}

/** The target of a symlink `name` in `dir` when only root can have put it there, else null. */
function trustedLink(dir: HeldDirHandle, name: string): string | null {
  const at = `/proc/self/fd/${dir.fd}/${name}`;
  let st;
  try {
    st = lstatSync(at);
  } catch {
    return null;
  }
  if (!st.isSymbolicLink()) return null;
  const parent = fstatSync(dir.fd);
  if (parent.uid !== 0 || parent.mode & 0o022 || st.uid !== 0) return null;
  return readlinkSync(at);
}

class HeldDirHandle {
  private open = true;
  constructor(readonly fd: number, readonly path: string) {}
  done(): HeldDir {
    this.open = false;
    return HeldDir.adopt(this.fd, this.path);
  }
  closeIfOpen(): void {
    if (this.open) closeSync(this.fd);
    this.open = false;
  }
}

function openStep(dirFd: number, name: string, whole: string): number {
  try {
    return openSync(`/proc/self/fd/${dirFd}/${name}`, DIR_FLAGS);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'ENOTDIR') {
      throw new ForbiddenError(`${whole}: ${basename(name)} was replaced by a symlink or a file after it was checked`, { path: whole });
    }
    throw err;
  }
}
