/** Shapes shared by the native surface. The runtime-executor fills ContainerSpec from the parsed LXC config. */
import type { NetNic } from '@lxcbus/contracts';

export type ProcMode = 'none' | 'rw' | 'mixed';
export type SysMode = 'none' | 'ro' | 'rw' | 'mixed';
/** lxc.mount.auto cgroup…:force: the container's hierarchies under /sys/fs/cgroup (cgroup-mount.h). */
export type CgroupMountMode = 'none' | 'ro' | 'rw';
export type SignalLike = number | string;

/** One lxc.mount.entry; target is relative to the rootfs (a leading '/' is ignored). */
export interface MountEntry {
  source: string;
  target: string;
  fstype: string;
  /** e.g. ['bind', 'ro', 'create=dir', 'optional'] or ['size=64m', 'mode=1777'] */
  options: string[];
}

/**
 * One container interface, fully resolved: network-allocator's NetNic (the contract, with the
 * fields' meaning) without its lxc.net index. `link` may be absent here: a veth's host end can be
 * left unattached. A type-only import: native depends on no package at run time.
 */
export type NicSpec = Omit<NetNic, 'index' | 'link'> & { link?: string };

/** A cgroup file and the value written to it (lxc.cgroup.<key> / lxc.cgroup2.<key>). */
export interface CgroupSetting {
  key: string;
  value: string;
}

/** Confinement of the init, applied by the shim (native/src/core/confine.h); see confine-spec.ts. */
export interface ConfineSpec {
  /** lxc.cap.drop: lowercase names without `cap_`. */
  capDrop?: string[];
  /** lxc.cap.keep; ['none'] keeps nothing. Exclusive with capDrop. */
  capKeep?: string[];
  noNewPrivs?: boolean;
  /** Host path of an LXC seccomp policy file. */
  seccompProfile?: string;
  /** lxc.seccomp.allow_nesting: stack the policy even when the runtime is already seccomp-confined. */
  seccompAllowNesting?: boolean;
  apparmorProfile?: string;
  selinuxContext?: string;
  /** Written into the container's cgroup before init joins it, in order. */
  cgroupV1?: CgroupSetting[];
  cgroupV2?: CgroupSetting[];
}

/** One lxc.idmap line: container ids nsid..nsid+range-1 are host ids hostid..hostid+range-1. */
export interface IdMapSpec {
  kind: 'u' | 'g';
  nsid: number;
  hostid: number;
  range: number;
}

export interface ContainerSpec {
  name: string;
  lxcpath: string;
  /** Host path of the rootfs directory. */
  rootfs: string;
  /** lxc.rootfs.path = overlay:<lower>:<upper>: an overlayfs mounted on `rootfs` (the mountpoint) instead of its bind. */
  rootfsOverlay?: { lower: string; upper: string; work: string };
  /** lxc.rootfs.options without `idmap=`: mount flags (ro, rw, nosuid, nodev, noexec, ...) and data, comma-separated. */
  rootfsOptions?: string;
  /** lxc.rootfs.options idmap=container: the rootfs is an idmapped mount for the container's user namespace. */
  rootfsIdmap?: boolean;
  /** lxc.hook.<type> commands by type, in config order (when and where each runs: native/src/core/hooks.h). */
  hooks?: Partial<Record<StartHookType, string[]>>;
  /** lxc.hook.version: 0 = `<hook> <name> lxc <type>` arguments, 1 = LXC_HOOK_TYPE/LXC_HOOK_SECTION instead. */
  hookVersion?: 0 | 1;
  /** The host-side hooks (pre-start, start-host, stop, post-stop) run as this user: root acting for another owner. */
  hookUser?: { uid: number; gid: number };
  hostname?: string;
  /** init argv; LXC's default is ['/sbin/init']. */
  init: string[];
  /** NAME=value; `container=lxc` is always added unless present. */
  env: string[];
  cwd?: string;
  uid?: number;
  gid?: number;
  /** LXC `lxc.net.0.type = none`: the container keeps the host network namespace. */
  shareHostNet?: boolean;
  /** Interfaces resolved by the network-allocator (names, MACs, addresses decided); see net-spec.ts. */
  nics?: NicSpec[];
  /** Bring lo up in the container's netns (LXC: only when some lxc.net has flags = up). */
  loopbackUp?: boolean;
  mountAuto?: { proc?: ProcMode; sys?: SysMode; cgroup?: CgroupMountMode };
  confine?: ConfineSpec;
  mountEntries?: MountEntry[];
  autodev?: boolean;
  /** lxc-execute: pid 1 is a minimal init running `init` as its child, reaping and propagating its exit. */
  initReaper?: boolean;
  /** With initReaper: the command's stdio are pipes, claimed over shim.sock (`stdio`) instead of the console. */
  initStdio?: boolean;
  /** With initStdio: the command's fds that are the console instead of pipes (the caller's terminals), and its size. */
  initTty?: { stdin: boolean; stdout: boolean; stderr: boolean; rows: number; cols: number };
  ttyMax?: number;
  ptyMax?: number;
  /** `/sys/fs/cgroup` in production (a parameter so tests can use a temp dir). Mount point of the cgroup hierarchies, or `none` for no cgroup (rootless, nothing delegated). */
  cgroupRoot: string;
  cgroupName: string;
  /** lxc.idmap: non-empty = a new user namespace with these maps (see idmap-spec.ts). */
  idmaps?: IdMapSpec[];
  /** `auto` (LXC: newuidmap/newgidmap unless host root is mapped) or `direct` (the shim writes the maps). */
  idmapWriter?: 'auto' | 'direct';
  /** lxc.signal.halt; LXC's default is SIGPWR. */
  haltSignal?: SignalLike;
  /** e.g. /run/lxcbus/<id>; holds spec, shim.sock, shim.pid, init.pid, console.log, exit. */
  runDir: string;
  /** The shim's own log (stderr), e.g. <lxcpath>/<name>/<name>.log. */
  logFile?: string;
  /** lxc.console.logfile (lxc-start -L): see console-log-spec.ts. */
  consoleLog?: ConsoleLogSpec;
  /** lxc.console.path = none: no console pty, no /dev/console, init's stdio on /dev/null. */
  consoleNone?: boolean;
  /** lxc.console.path = a host terminal: the console's output copied to it, its input to the console. */
  consolePeer?: string;
  /** Whose rights open consoleLog and consolePeer: the container's owner (required with either). */
  consoleOwner?: { uid: number; gid: number };
}

export interface ConsoleLogSpec {
  /** Absolute host path; output is appended. */
  path: string;
  /** lxc.console.size in bytes after LXC's rounding; 0 = no limit. */
  size: number;
  /** lxc.console.rotate: FILE -> FILE.1 when full, instead of truncating. */
  rotate: boolean;
}

export interface StartResult {
  shimPid: number;
  initPid: number;
}

/** How init ended. code is the exit code (0 when killed); signal is 0 unless killed. */
export interface ExitStatus {
  code: number;
  signal: number;
  /** Raw wait status and wall-clock ms, present when read from the exit record. */
  status?: number;
  time?: number;
  /** The OOM killer struck inside the container's memory cgroup. */
  oom?: boolean;
}

export interface ShimState {
  state: 'RUNNING';
  initPid: number;
  shimPid: number;
}

export interface ExecOptions {
  argv: string[];
  env?: string[];
  cwd?: string;
  uid?: number;
  gid?: number;
  tty?: boolean;
  rows?: number;
  cols?: number;
}

/** code follows lxc-attach: exit code, 128+signal when killed, 127/126 when exec failed. */
export interface ExecExit {
  code: number;
  signal: number;
  message?: string;
}

/** The hooks a start runs (clone and destroy belong to lxc-copy and lxc-destroy), in the order they run. */
export const START_HOOK_TYPES = ['pre-start', 'pre-mount', 'mount', 'autodev', 'start', 'start-host', 'stop', 'post-stop'] as const;
export type StartHookType = (typeof START_HOOK_TYPES)[number];
