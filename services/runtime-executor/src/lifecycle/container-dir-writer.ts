/**
 * The file work of lxc-create on the container dir, in one of two ways:
 * - by path: root's own containers (root's lxcpath, nobody else can swap a component),
 *   and a rootless stack (the executor is the owner: the kernel checks her own rights);
 * - held (ownership/held-dir.ts): root working for an ordinary user in her lxcpath, where
 *   every write goes through directories held since the ownership check, so a symlink she
 *   swaps in meanwhile cannot steer root's writes.
 */
import { rmdirSync } from 'node:fs';
import { chmod, chown, mkdir, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { lookupUser, type PasswdEntry } from '@lxcbus/bus-client';
import { AlreadyExistsError, type IdmapEntry } from '@lxcbus/contracts';
import type { ContainerLocation } from '../containers/container-ref';
import { mappedRoot } from '../containers/idmap-guard';
import { HeldDir } from '../ownership/held-dir';
import { holdUserLxcpath, removeHeldTree } from '../ownership/user-tree';
import { chownToMappedRoot, isRootless, removeContainerDir } from '../rootless/rootless-mode';

export interface ContainerDirWriter {
  /** The container dir, exactly drwxrwx--- (mkdir's mode passes through the umask). */
  makeDir(): Promise<void>;
  writeNew(name: string, text: string, mode: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(name: string): Promise<void>;
  /** LXC's chown_mapped_root: the dir to the mapped root with the owner's group (root's: the mapped root's); the config the owner's. */
  giveAway(idmaps: IdmapEntry[]): Promise<void>;
  /** The dir alone to the mapped root (with the owner's group) before a template that runs as her. */
  handToMappedRoot(idmaps: IdmapEntry[]): Promise<void>;
  /** A directory below the container dir (`overlay`, then `overlay/delta`): the parents exist. */
  makeSubdir(rel: string, mode: number): Promise<void>;
  chownSubdir(rel: string, uid: number, gid: number): Promise<void>;
  removeAll(idmaps: IdmapEntry[]): Promise<void>;
  close(): void;
}

export async function containerDirWriter(loc: ContainerLocation): Promise<ContainerDirWriter> {
  const user = loc.owner === 'root' ? null : lookupUser(loc.owner);
  if (user && !isRootless()) return new HeldWriter(loc, holdUserLxcpath(loc.lxcpath, user), user);
  await makeLxcpath(loc.lxcpath, user);
  return new PathWriter(loc, user);
}

const exists = (err: unknown) => (err as NodeJS.ErrnoException).code === 'EEXIST';
const alreadyExists = (loc: ContainerLocation) => new AlreadyExistsError('Container already exists', { name: loc.name });

/** ~/.local/share/lxc made for an ordinary owner is hers, as if she had run lxc-create. */
async function makeLxcpath(lxcpath: string, user: PasswdEntry | null): Promise<void> {
  const first = await mkdir(lxcpath, { recursive: true, mode: 0o755 });
  if (!first || !user) return;
  for (let d = lxcpath; d.startsWith(first); d = dirname(d)) await chown(d, user.uid, user.gid);
}

class PathWriter implements ContainerDirWriter {
  constructor(private readonly loc: ContainerLocation, private readonly user: PasswdEntry | null) {}

  async makeDir(): Promise<void> {
    await mkdir(this.loc.dir, { mode: 0o770 }).catch((err) => Promise.reject(exists(err) ? alreadyExists(this.loc) : err));
    await chmod(this.loc.dir, 0o770);
  }

  writeNew(name: string, text: string, mode: number): Promise<void> {
    return writeFile(join(this.loc.dir, name), text, { mode, flag: 'wx' });
  }

  rename(from: string, to: string): Promise<void> {
    return rename(join(this.loc.dir, from), join(this.loc.dir, to));
  }

  unlink(name: string): Promise<void> {
    return unlink(join(this.loc.dir, name)).catch(() => undefined);
  }

  async giveAway(idmaps: IdmapEntry[]): Promise<void> {
    const root = mappedRoot(idmaps);
    if (this.user) await chown(this.loc.configFile, this.user.uid, this.user.gid);
    if (isRootless() && idmaps.length > 0) return chownToMappedRoot(this.loc.dir, idmaps);
    const gid = this.user ? this.user.gid : root.gid;
    if (root.uid !== undefined || gid !== undefined) await chown(this.loc.dir, root.uid ?? -1, gid ?? -1);
  }

  async handToMappedRoot(): Promise<void> {
    // Only root-run ordinary owners' templates run as the owner, and those use HeldWriter.
  }

  async makeSubdir(rel: string, mode: number): Promise<void> {
    await mkdir(join(this.loc.dir, rel), { mode });
  }

  async chownSubdir(rel: string, uid: number, gid: number): Promise<void> {
    await chown(join(this.loc.dir, rel), uid, gid);
  }

  async removeAll(idmaps: IdmapEntry[]): Promise<void> {
    await removeContainerDir(this.loc.dir, idmaps).catch(() => rm(this.loc.dir, { recursive: true, force: true }));
  }

  close(): void {}
}

class HeldWriter implements ContainerDirWriter {
  private dir: HeldDir | null = null;

  constructor(private readonly loc: ContainerLocation, private readonly lxcpath: HeldDir, private readonly user: PasswdEntry) {}

  async makeDir(): Promise<void> {
    try {
      this.lxcpath.mkdir(this.loc.name, 0o770);
    } catch (err) {
      throw exists(err) ? alreadyExists(this.loc) : err;
    }
    try {
      this.dir = this.lxcpath.sub(this.loc.name, 0);
      this.dir.chmod(0o770);
    } catch (err) {
      // Nothing half-made: the directory just made goes again (rmdir never follows a link).
      this.dir?.close();
      this.dir = null;
      try {
        rmdirSync(this.lxcpath.at(this.loc.name));
      } catch {
        /* already gone or not ours to remove */
      }
      throw err;
    }
  }

  private held(): HeldDir {
    if (!this.dir) throw new Error('container dir not made');
    return this.dir;
  }

  async writeNew(name: string, text: string, mode: number): Promise<void> {
    this.held().writeNew(name, text, mode);
  }

  async rename(from: string, to: string): Promise<void> {
    this.held().rename(from, to);
  }

  async unlink(name: string): Promise<void> {
    this.held().unlink(name);
  }

  async giveAway(idmaps: IdmapEntry[]): Promise<void> {
    const root = mappedRoot(idmaps);
    this.held().chown('config', this.user.uid, this.user.gid);
    this.held().chown(null, root.uid ?? -1, this.user.gid);
  }

  async handToMappedRoot(idmaps: IdmapEntry[]): Promise<void> {
    this.held().chown(null, mappedRoot(idmaps).uid ?? -1, this.user.gid);
  }

  async makeSubdir(rel: string, mode: number): Promise<void> {
    this.inParentOf(rel, (d, name) => d.mkdir(name, mode));
  }

  async chownSubdir(rel: string, uid: number, gid: number): Promise<void> {
    this.inParentOf(rel, (d, name) => d.chown(name, uid, gid));
  }

  /** Walks to rel's parent through directories root made (uid 0), never through a link. */
  private inParentOf(rel: string, act: (parent: HeldDir, name: string) => void): void {
    const parts = rel.split('/');
    const name = parts.pop() ?? '';
    const opened: HeldDir[] = [];
    try {
      let d = this.held();
      for (const p of parts) opened.push((d = d.sub(p, 0)));
      act(d, name);
    } finally {
      for (const o of opened) o.close();
    }
  }

  async removeAll(): Promise<void> {
    if (this.dir) await removeHeldTree(this.lxcpath, this.loc.name);
  }

  close(): void {
    this.dir?.close();
    this.lxcpath.close();
  }
}
