/**
 * A reboot, as the kernel reports it: reboot(2) inside a child pid namespace does not restart
 * the machine, it kills the namespace's init and makes its wait status say SIGHUP for
 * RESTART/RESTART2 and SIGINT for HALT/POWER_OFF (kernel/pid_namespace.c reboot_pid_ns).
 * LXC's monitor (start.c __lxc_start) restarts the container when init died of SIGHUP and
 * treats everything else as a halt; so does this executor.
 */
import type { StartRequest } from '@lxcbus/contracts';
import type { ContainerConfig } from '@lxcbus/lxc-config';
import type { ExitStatus } from '../kernel/kernel.port';
import type { RunRecord } from './run-record';

export const SIGHUP = 1;

/** What a container was started with, kept in memory so a reboot restarts it with the same config, as LXC's monitor does. */
export interface LaunchContext {
  req: StartRequest;
  /** The config of this run (file, rcfile and -s defines applied); absent for a re-adopted container. */
  config?: ContainerConfig;
}

export function isRebootExit(exit: ExitStatus, launch: LaunchContext | undefined): boolean {
  // lxc-execute runs a command, not a system: its run ends with the command, whatever killed it.
  if (launch?.req.execute) return false;
  return exit.signal === SIGHUP;
}

/** The launch of a run this executor did not start (re-adopted): its request from ref.json, the config read again at restart. */
export function launchOf(record: RunRecord): LaunchContext {
  return { req: record.start ?? { name: record.name, lxcpath: record.lxcpath, defines: [] } };
}
