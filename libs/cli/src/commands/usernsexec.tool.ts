/**
 * lxc-usernsexec: local, like LXC's (no container, no bus). It runs a command as
 * root of a new user namespace of the caller's, so it must be the caller's own
 * child: a service on the bus could only make namespaces of its own user, and
 * newuidmap checks /etc/subuid against whoever runs it. The kernel work is the
 * shim's `usernsexec` mode (native/src/core/usernsexec-main.c).
 */
import { spawnSync } from 'node:child_process';
import { constants } from 'node:os';
import { shimBinaryPath } from '@lxcbus/bus-client';
import type { ToolIo } from './command';

export function usernsexecTool(argv: readonly string[], io: ToolIo): number {
  const shim = shimBinaryPath();
  const r = spawnSync(shim, ['usernsexec', ...argv], { stdio: 'inherit' });
  if (r.error) {
    io.stderr.write(`lxc-usernsexec: cannot run ${shim}: ${(r.error as NodeJS.ErrnoException).code ?? r.error.message} (npm run build:native)\n`);
    return 1;
  }
  if (r.signal) return 128 + (constants.signals[r.signal] ?? 0);
  return r.status ?? 1;
}
