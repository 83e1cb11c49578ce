/**
 * The resolved description of one container run, handed to the native shim.
 * Mirrors native/lib's ContainerSpec field for field; the adapter in
 * kernel/native-kernel.ts passes it through.
 */
export type ProcMode = 'none' | 'rw' | 'mixed';
export type SysMode = 'none' | 'ro' | 'rw' | 'mixed';

export interface ContainerSpec {
  name: string;
  lxcpath: string;
  rootfs: string;
  hostname: string;
  init: string[];
  env: string[];
  cwd: string;
  uid: number;
  gid: number;
  shareHostNet: boolean;
  mountAuto: { proc: ProcMode; sys: SysMode };
  /** lxc.mount.entry lines, fstab syntax, targets relative to the rootfs. */
  mountEntries: string[];
  autodev: boolean;
  ttyMax: number;
  ptyMax: number;
  cgroupRoot: string;
  cgroupName: string;
  haltSignal: number;
  runDir: string;
  logFile: string;
}
