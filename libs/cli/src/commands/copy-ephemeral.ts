/**
 * lxc-copy -e after the clone is made: LXC's do_clone_ephemeral prints the
 * "Created" line, then starts the clone daemonized (the default, -d) or in the
 * foreground (-F). The foreground run is lxc-start -F's: the console on the
 * caller's terminal from its first byte when stdin is one (nothing shown
 * otherwise, as LXC), lxc-copy returning 0 once the clone stopped, by which
 * time the executor has destroyed it (lxc.ephemeral = 1; -D keeps it). With a
 * command after --, the clone is daemonized even with -F and the command run
 * in it before it is shut down (copy-command.ts).
 */
import { DomainError } from '@lxcbus/contracts';
import type { CopyArgs } from '../args';
import type { CliContext } from '../cli-context';
import type { ToolIo } from './command';
import { runCommandInClone } from './copy-command';
import { requestedLog, site } from './requested-log';
import { followForeground, foregroundProxies } from './start-foreground';

const START_TIMEOUT_MS = 120_000;

export type EphemeralArgs = CopyArgs & { newName: string };

export async function runEphemeral(ctx: CliContext, a: EphemeralArgs, newPath: string, io: ToolIo): Promise<number> {
  let created = a.quiet ? '' : `Created ${a.newName} as clone of ${a.name}\n`;
  if (!a.quiet && a.tmpfs) created += 'Container is placed on tmpfs.\nRebooting will cause all changes made to it to be lost!\n';
  // LXC printf()s these: line-buffered on a terminal, else held in stdio until exit, so after the command's output.
  const late = a.argv.length > 0 && !io.stdout.isTTY;
  if (!late) io.stdout.write(created);
  try {
    return await startAndRun(ctx, a, { name: a.newName, lxcpath: newPath }, io);
  } finally {
    if (late) io.stdout.write(created);
  }
}

async function startAndRun(ctx: CliContext, a: EphemeralArgs, clone: { name: string; lxcpath: string }, io: ToolIo): Promise<number> {
  const foreground = a.foreground && a.argv.length === 0;
  try {
    await ctx.bus.command('start', {
      ...clone, defines: [],
      // The executor keeps console.log for the session's replay, as for lxc-start -F.
      ...(foreground && foregroundProxies(io) ? { foreground: true } : {}),
    }, { timeoutMs: START_TIMEOUT_MS });
  } catch (err) {
    // destroy_and_put: an ephemeral clone that never ran is not left behind; one kept by -D is (measured on 5.0.2).
    if (!a.keepData) await ctx.bus.command('destroy', { ...clone, force: true, snapshots: false }).catch(() => undefined);
    if (!(err instanceof DomainError) || err.code !== 'START_FAILED') throw err;
    // The clone's init failed: LXC's only word for it is log lines (silent without -l/-o, as measured).
    requestedLog('lxc-copy', a, io)(foreground ? [
      site('sync.c', 'sync_wait', 34, 'An error occurred in another process (expected sequence number 7)'),
      site('start.c', '__lxc_start', 2107, `Failed to spawn container "${clone.name}"`),
    ] : [site('lxccontainer.c', 'wait_on_daemonized_start', 878, 'Received container state "ABORTING" instead of "RUNNING"')]);
    return 1;
  }
  if (a.argv.length > 0) return runCommandInClone(ctx, a, clone, io);
  return foreground ? followForeground(ctx, { name: a.newName, lxcpaths: [clone.lxcpath] }, io) : 0;
}
