/**
 * The config lxc-busybox's copy_configuration appends (LXC 5.0.2), verbatim including
 * its comment block, so the written file matches the shell template's line for line.
 */

/** Host library dirs the template bind-mounts read-only, in its order. */
export const BUSYBOX_LIB_DIRS = ['lib', 'usr/lib', 'lib64', 'usr/lib64'] as const;

const FIXED_LINES = (name: string): string[] => [
  'lxc.signal.halt = SIGUSR1',
  'lxc.signal.reboot = SIGTERM',
  `lxc.uts.name = "${name}"`,
  'lxc.autodev = 1',
  'lxc.tty.max = 5',
  'lxc.pty.max = 1',
  'lxc.cap.drop = sys_module mac_admin mac_override sys_time',
  '',
  '# When using LXC with apparmor, uncomment the next line to run unconfined:',
  '#lxc.apparmor.profile = unconfined',
  '',
  'lxc.mount.auto = cgroup:mixed proc:mixed sys:ro',
  'lxc.mount.entry = shm dev/shm tmpfs defaults,create=dir 0 0',
  'lxc.mount.entry = mqueue dev/mqueue mqueue defaults,optional,create=dir 0 0',
];

export interface BusyboxConfigInput {
  readonly name: string;
  readonly rootfs: string;
  /** Config lines saved by lxc-create before the template ran. */
  readonly config: readonly string[];
  /** Which of BUSYBOX_LIB_DIRS exist as directories on the host (symlinks followed). */
  readonly hostLibDirs: readonly string[];
}

/** The full config after the template: the saved lines plus what it appends. */
export function busyboxConfig(input: BusyboxConfigInput): string[] {
  const out = [...input.config];
  // lxc-create normally wrote `lxc.rootfs.path = dir:...` already; the template adds a
  // bare path only when it is missing.
  if (!input.config.some((l) => l.startsWith('lxc.rootfs.path'))) {
    out.push(`lxc.rootfs.path = ${input.rootfs}`);
  }
  out.push(...FIXED_LINES(input.name));
  for (const dir of BUSYBOX_LIB_DIRS) {
    if (input.hostLibDirs.includes(dir)) out.push(`lxc.mount.entry = /${dir} ${dir} none ro,bind 0 0`);
  }
  out.push('lxc.mount.entry = /sys/kernel/security sys/kernel/security none ro,bind,optional 0 0');
  return out;
}
