/**
 * A rootless stack: the executor runs as the ordinary user who ran `lxcbus up` (see
 * docs/decisions/rootless.md). What it cannot do as root it does as the container's root
 * inside a user namespace of its own, mapped by newuidmap/newgidmap (the shim's
 * `usernsexec` mode, LXC's lxc-usernsexec), or it refuses with ROOTLESS_UNSUPPORTED.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { shimBinaryPath } from '@lxcbus/bus-client';
import { NativeError, RootlessUnsupportedError, type IdmapEntry } from '@lxcbus/contracts';
import type { ContainerConfig } from '@lxcbus/lxc-config';
import { parseConfigText } from '../containers/config-loader';
import { idmapsOf } from '../containers/idmap-guard';

const run = promisify(execFile);

/** The shim's `cgroup.root` when no cgroup can be made: nothing is delegated to a rootless executor here. */
export const NO_CGROUP = 'none';

export function isRootless(uid: number | undefined = process.getuid?.()): boolean {
  return uid !== undefined && uid !== 0;
}

/** Network types a rootless stack can give: a new, empty netns needs no host privilege. */
const ROOTLESS_NET_TYPES = new Set(['empty']);

/** Before anything is allocated: a nic that needs CAP_NET_ADMIN on the host is refused, naming why. */
export function assertRootlessNet(config: ContainerConfig, user: string): void {
  for (const { index, type } of config.networks()) {
    if (ROOTLESS_NET_TYPES.has(type)) continue;
    const key = `lxc.net.${index}.type`;
    throw new RootlessUnsupportedError(
      `${key} = ${type} is not possible in a rootless stack (run by ${user}): ` +
        (type === 'none'
          ? 'sharing the host network namespace leaves /sys unmountable in the user namespace'
          : `a ${type} interface needs CAP_NET_ADMIN in the host network namespace, and lxcbus has no setuid helper like lxc-user-nic`) +
        '; use lxc.net.0.type = empty',
      { key, type, reason: 'rootless' },
    );
  }
}

/** `-m` options for the container's maps; -s adds the executor's own uid/gid above them. */
function mapArgs(idmaps: readonly IdmapEntry[]): string[] {
  return [...idmaps.flatMap((m) => ['-m', `${m.kind}:${m.nsid}:${m.hostid}:${m.range}`]), '-s'];
}

/** The ns id the executor's own id gets with -s: past every range covering the running id, as LXC's do_map_self. */
export function selfNsId(idmaps: readonly IdmapEntry[], kind: 'u' | 'g'): number {
  let id = 0;
  for (const m of idmaps) if (m.kind === kind && id >= m.nsid && id < m.nsid + m.range) id += m.range;
  return id;
}

/** Runs argv as the container's root in a namespace with its maps plus our own ids (LXC's userns_exec_full). */
export async function runAsMappedRoot(idmaps: readonly IdmapEntry[], argv: readonly string[]): Promise<void> {
  try {
    await run(shimBinaryPath(), ['usernsexec', ...mapArgs(idmaps), '--', ...argv], { maxBuffer: 1 << 20 });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    // Used by create, destroy and start alike: the code says what failed (a kernel-side step), not which verb.
    throw new NativeError(`${argv.join(' ')} in the user namespace failed: ${(e.stderr || e.message).trim()}`, { argv: [...argv] });
  }
}

/**
 * lxc-create's chown_mapped_root, rootless: the container dir goes to the container's root with
 * the owner's group (0770 stays), done from inside the namespace since only root may chown away.
 */
export async function chownToMappedRoot(dir: string, idmaps: readonly IdmapEntry[]): Promise<void> {
  await runAsMappedRoot(idmaps, ['chown', `0:${selfNsId(idmaps, 'g')}`, '--', dir]);
}

/** Removes a container dir: rootless, as the container's root, who owns the rootfs (LXC's lxc-destroy does the same). */
export async function removeContainerDir(dir: string, idmaps: readonly IdmapEntry[]): Promise<void> {
  if (isRootless() && idmaps.length > 0) await runAsMappedRoot(idmaps, ['rm', '-rf', '--', dir]);
  await rm(dir, { recursive: true, force: true });
}

/** The container's lxc.idmap from its config file; none when it is gone or unreadable (then nothing is mapped). */
export function idmapsOfFile(configFile: string): IdmapEntry[] {
  try {
    return idmapsOf(parseConfigText(readFileSync(configFile, 'utf8'), configFile));
  } catch {
    return [];
  }
}

/** What a rootless executor tells its log at boot; null when run by root. */
export function rootlessNotice(uid: number | undefined = process.getuid?.()): string | null {
  if (!isRootless(uid)) return null;
  return `rootless (uid ${uid}): containers get no cgroup (none is delegated to this user: no limits, no freezer, ` +
    'no usage in lxc-info; a config with lxc.cgroup limits fails to start, as under LXC), only lxc.net.N.type = empty ' +
    '(veth needs CAP_NET_ADMIN on the host: ROOTLESS_UNSUPPORTED), maps through newuidmap/newgidmap';
}
