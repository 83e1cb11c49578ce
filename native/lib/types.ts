/** Shapes shared by the native surface. The runtime-executor fills ContainerSpec from the parsed LXC config. */

export type ProcMode = 'none' | 'rw' | 'mixed';
export type SysMode = 'none' | 'ro' | 'rw' | 'mixed';
export type SignalLike = number | string;

/** One lxc.mount.entry; target is relative to the rootfs (a leading '/' is ignored). */
export interface MountEntry {
  source: string;
  target: string;
  fstype: string;
  /** e.g. ['bind', 'ro', 'create=dir', 'optional'] or ['size=64m', 'mode=1777'] */
  options: string[];
}

export interface ContainerSpec {
  name: string;
  lxcpath: string;
  /** Host path of the rootfs directory. */
  rootfs: string;
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
  mountAuto?: { proc?: ProcMode; sys?: SysMode };
  mountEntries?: MountEntry[];
  autodev?: boolean;
  ttyMax?: number;
  ptyMax?: number;
  /** `/sys/fs/cgroup` in production; a parameter so tests can use a temp dir. */
  cgroupRoot: string;
  cgroupName: string;
  /** lxc.signal.halt; LXC's default is SIGPWR. */
  haltSignal?: SignalLike;
  /** e.g. /run/lxcbus/<id>; holds spec, shim.sock, shim.pid, init.pid, console.log, exit. */
  runDir: string;
  /** The shim's own log (stderr), e.g. <lxcpath>/<name>/<name>.log. */
  logFile?: string;
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
