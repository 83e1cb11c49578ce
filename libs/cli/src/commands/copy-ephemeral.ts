/**
 * lxc-copy -e after the clone is made: LXC's do_clone_ephemeral prints the
 * "Created" line, then starts the clone daemonized (the default, -d) or in the
 * foreground (-F). The foreground run is lxc-start -F's: the console on the
 * caller's terminal from its first byte when stdin is one (nothing shown
 * otherwise, as LXC), lxc-copy returning 0 once the clone stopped, by which
 * time the executor has destroyed it (lxc.ephemeral = 1; -D keeps it).
 */
import type { CopyArgs } from '../args';
import type { CliContext } from '../cli-context';
import type { ToolIo } from './command';
import { followForeground, foregroundProxies } from './start-foreground';

const START_TIMEOUT_MS = 120_000;

export type EphemeralArgs = CopyArgs & { newName: string };

export async function runEphemeral(ctx: CliContext, a: EphemeralArgs, newPath: string, io: ToolIo): Promise<number> {
  if (!a.quiet) io.stdout.write(`Created ${a.newName} as clone of ${a.name}\n`);
  if (!a.quiet && a.tmpfs) io.stdout.write('Container is placed on tmpfs.\nRebooting will cause all changes made to it to be lost!\n');
  const clone = { name: a.newName, lxcpath: newPath };
  try {
    await ctx.bus.command('start', {
      ...clone, defines: [],
      // The executor keeps console.log for the session's replay, as for lxc-start -F.
      ...(a.foreground && foregroundProxies(io) ? { foreground: true } : {}),
    }, { timeoutMs: START_TIMEOUT_MS });
  } catch (err) {
    // Not left behind: an ephemeral clone that never ran is destroyed (LXC's destroy_and_put).
    await ctx.bus.command('destroy', { ...clone, force: true, snapshots: false }).catch(() => undefined);
    throw err;
  }
  return a.foreground ? followForeground(ctx, { name: a.newName, lxcpaths: [newPath] }, io) : 0;
}
