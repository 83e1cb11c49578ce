/**
 * The resolved description of one container run, handed to the native shim.
 * Mirrors native/lib's ContainerSpec field for field; the adapter in
 * kernel/native-kernel.ts passes it through.
 */
import type { IdmapEntry, NetNic } from '@lxcbus/contracts';
import type { CgroupMountMode, CgroupSetting, ConfineSpec, ConsoleLogSpec, ProcMode, StartHookType, SysMode } from '@lxcbus/native';

// Confinement, mount and cgroup shapes are the native surface's own; the executor's spec differs only
// where it carries LXC's text (mount entries) or the allocator's nics.
export type { CgroupMountMode, CgroupSetting, ConfineSpec, ProcMode, SysMode };

export interface ContainerSpec {
  name: string;
  lxcpath: string;
  rootfs: string;
  /** lxc.rootfs.path = overlay:<lower>:<upper>; work is <container>/overlay/work. */
  rootfsOverlay?: { lower: string; upper: string; work: string };
  /** lxc.rootfs.options without idmap= (rootfs-options.ts). */
  rootfsOptions?: string;
  /** lxc.rootfs.options idmap=container, in a container with lxc.idmap. */
  rootfsIdmap?: boolean;
  /** lxc.hook.* that a start runs, by type (native/src/core/hooks.h; lxc-copy -e -t writes a pre-mount one). */
  hooks: Partial<Record<StartHookType, string[]>>;
  /** lxc.hook.version = 1: hooks get LXC_HOOK_TYPE/LXC_HOOK_SECTION instead of arguments. */
  hookVersion?: 0 | 1;
  /** Root acting for another owner: her host-side hooks run as her, never as root. */
  hookUser?: { uid: number; gid: number };
  hostname: string;
  init: string[];
  env: string[];
  cwd: string;
  uid: number;
  gid: number;
  shareHostNet: boolean;
  /** Interfaces the shim creates (network-allocator's NetNic without the lxc.net index). */
  nics: Omit<NetNic, 'index'>[];
  /** lo up in the container's netns (LXC: some lxc.net has flags = up). */
  loopbackUp: boolean;
  mountAuto: { proc: ProcMode; sys: SysMode };
  confine: ConfineSpec;
  /** lxc.mount.entry lines, fstab syntax, targets relative to the rootfs. */
  mountEntries: string[];
  autodev: boolean;
  ttyMax: number;
  ptyMax: number;
  cgroupRoot: string;
  cgroupName: string;
  /** lxc.idmap, checked by the id-mapper: non-empty = a user namespace. */
  idmaps: IdmapEntry[];
  /** `auto` for root's own containers (newuidmap/newgidmap, as LXC); `direct` when acting for another owner. */
  idmapWriter: 'auto' | 'direct';
  haltSignal: number;
  runDir: string;
  logFile: string;
  /** lxc.console.logfile / lxc.console.path = none (console-spec.ts). */
  consoleLog?: ConsoleLogSpec;
  consoleNone?: boolean;
  consolePeer?: string;
  consoleOwner?: { uid: number; gid: number };
}
