/**
 * Where a container lives: lxcpath, its directory, config, rootfs and the
 * shim's run dir, derived from (owner, lxcpath, name) in one place.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { lxcpathId, type ContainerRef } from '@lxcbus/contracts';
import { ownerLxcpath } from '@lxcbus/bus-client';
import { containersRunRoot, type ExecutorSettings } from '../executor.settings';
import { assertOwnsLxcpath } from '../ownership/lxcpath-guard';

export interface ContainerLocation extends ContainerRef {
  dir: string;
  configFile: string;
  runDir: string;
  /**
   * The container's cgroup below <hierarchy>/lxcbus/: root's are leaves like
   * root.c1.1a2b3c; an ordinary user's sit in her subtree, alice/c1.1a2b3c (the
   * shim takes one '/' at most). '.' cannot occur in an owner or a container
   * name, so two containers never share a leaf.
   */
  cgroupName: string;
  key: string;
}

/** Throws FORBIDDEN when `owner` (not root) names an lxcpath that is not theirs: every request resolves its paths here. */
export function locate(settings: ExecutorSettings, host: string, owner: string, name: string, lxcpath?: string): ContainerLocation {
  const path = lxcpath ?? ownerLxcpath(owner, settings.lxcpath);
  assertOwnsLxcpath(owner, path, { rootLxcpath: settings.lxcpath });
  const dir = join(path, name);
  // Unix socket paths are limited to 108 bytes: the run dir is a short hash, ref.json says whose it is.
  const id = createHash('sha256').update(`${owner}\0${path}\0${name}`).digest('hex').slice(0, 16);
  return {
    host, owner, name, lxcpath: path,
    dir,
    configFile: join(dir, 'config'),
    runDir: join(containersRunRoot(settings), id),
    cgroupName: owner === 'root' ? `root.${name}.${lxcpathId(path).slice(0, 6)}` : `${owner}/${name}.${lxcpathId(path).slice(0, 6)}`,
    key: id,
  };
}

export function refOf(loc: ContainerLocation): ContainerRef {
  return { host: loc.host, owner: loc.owner, name: loc.name, lxcpath: loc.lxcpath };
}
