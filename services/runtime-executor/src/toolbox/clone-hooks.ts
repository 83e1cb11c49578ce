/**
 * lxc.hook.clone (lxc-copy, after the clone is complete) and lxc.hook.destroy (lxc-destroy, before
 * anything is removed), as LXC 5.0.2's clone_update_rootfs and container_destroy run them
 * (docs/decisions/hooks.md): `<hook> <name> lxc clone [lxc-copy's -- args]` with LXC_SRC_NAME,
 * LXC_NAME, LXC_CONFIG_FILE, LXC_ROOTFS_MOUNT (an overlay clone's layers mounted there, in the
 * hooks' own mount namespace), LXC_ROOTFS_PATH (the config's value); destroy without the source
 * and with the path's value without its `dir:`/`overlay:` prefix. None of a start's variables.
 * Root's own containers' hooks run as root, also with lxc.idmap (measured: LXC 5.0.2 run by root
 * does not enter the user namespace for them). Root acting for another owner runs her destroy hooks
 * as her and her clone hooks as the host ids of her container's root (her own lxc-copy runs them as
 * that root in a user namespace with her maps), so what they write in the clone is her container's.
 */
import { join } from 'node:path';
import { ForbiddenError, HookFailedError } from '@lxcbus/contracts';
import { lookupUser } from '@lxcbus/bus-client';
import type { ContainerConfig } from '@lxcbus/lxc-config';
import { runHooks, type HookRun } from '@lxcbus/native';
import type { ContainerLocation } from '../containers/container-ref';
import { idmapsOf, mappedRoot } from '../containers/idmap-guard';
import { loadContainerConfig } from '../containers/config-loader';
import { isRootless } from '../rootless/rootless-mode';
import { isOverlay } from './container-cloner';

function actingFor(loc: ContainerLocation): HookRun['user'] {
  if (loc.owner === 'root' || isRootless()) return undefined;
  const user = lookupUser(loc.owner);
  if (!user || user.uid === 0) throw new ForbiddenError(`lxc.hook.*: cannot run the hooks of ${loc.owner} as ${loc.owner}`, { owner: loc.owner });
  return { uid: user.uid, gid: user.gid };
}

function common(config: ContainerConfig, loc: ContainerLocation, type: HookRun['type']): HookRun {
  return {
    type, name: loc.name, hooks: config.hooks(type), version: config.get('lxc.hook.version') === '1' ? 1 : 0,
    env: { LXC_NAME: loc.name, LXC_CONFIG_FILE: loc.configFile }, user: actingFor(loc),
  };
}

async function run(r: HookRun): Promise<void> {
  try {
    await runHooks(r);
  } catch (err) {
    const e = err as Error & { status?: number };
    throw new HookFailedError(e.message, { hook: r.type, name: r.name, ...(e.status !== undefined ? { status: e.status } : {}) });
  }
}

export async function runCloneHooks(config: ContainerConfig, loc: ContainerLocation, srcName: string, args: string[]): Promise<void> {
  if (config.hooks('clone').length === 0) return;
  const r = common(config, loc, 'clone');
  const rootfs = config.rootfs();
  const target = join(loc.dir, 'rootfs');
  if (rootfs && isOverlay(rootfs.type)) {
    const [lower, upper] = rootfs.path.split(':');
    r.overlay = { lower, upper, work: join(loc.dir, 'overlay', 'work'), target };
  }
  r.env = {
    ...r.env, LXC_SRC_NAME: srcName, LXC_ROOTFS_MOUNT: rootfs && !isOverlay(rootfs.type) && rootfs.path ? rootfs.path : target,
    LXC_ROOTFS_PATH: config.getAll('lxc.rootfs.path').pop() || target,
  };
  const root = mappedRoot(idmapsOf(config));
  if (r.user && root.uid !== undefined) {
    // Her maps were checked against /etc/subuid (CopyService.runCloneHooks); host root is never hers.
    if (root.uid === 0 || root.gid === 0) throw new ForbiddenError(`lxc.hook.clone: ${loc.owner}'s container maps its root to host root`, { owner: loc.owner });
    r.user = { uid: root.uid, gid: root.gid ?? root.uid };
  }
  await run({ ...r, args });
}

export async function runDestroyHooks(config: ContainerConfig, loc: ContainerLocation): Promise<void> {
  if (config.hooks('destroy').length === 0) return;
  const r = common(config, loc, 'destroy');
  const rootfs = config.rootfs();
  r.env = { ...r.env, LXC_ROOTFS_MOUNT: join(loc.dir, 'rootfs'), LXC_ROOTFS_PATH: rootfs?.path || join(loc.dir, 'rootfs') };
  await run(r);
}

/**
 * lxc-destroy and lxc-snapshot -d: the destroy hooks of the config at `loc`, if it can be read. A
 * config lxcbus cannot parse has no hooks it could run; it must not stop the container's removal.
 */
export async function runDestroyHooksOf(loc: ContainerLocation): Promise<void> {
  let config: ContainerConfig;
  try {
    config = loadContainerConfig(loc.configFile, loc.name);
  } catch {
    return;
  }
  await runDestroyHooks(config, loc);
}
