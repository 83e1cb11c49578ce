/**
 * lxc-copy -e -- COMMAND once the clone runs (LXC 5.0.2 do_clone_ephemeral): the
 * command is run as attach_run_wait runs it, with LXC_ATTACH_OPTIONS_DEFAULT and
 * a cleared environment: every namespace of the clone's init, its cgroup and
 * capabilities, PATH and container=lxc only, uid 0, in the caller's working
 * directory when the container has it (else /). LXC hands the caller's own
 * fds 0-2 to the command, so it sees a terminal exactly where lxc-copy has one;
 * over the bus that is a pty when all three are terminals (the usual
 * interactive case) and pipes otherwise, so a redirected stream keeps its
 * exact bytes and stderr stays apart (a pty would merge and translate them). The command's exit status is not lxc-copy's: LXC returns 0
 * whatever it was, even for a command that does not exist (its "Failed to exec"
 * is a log line, shown only with -l/-o). Then the clone is shut down with its
 * halt signal, waiting without limit and never killing (clone->shutdown(-1)).
 * Only an attach that never got the command going fails lxc-copy (1, silently):
 * the clone is shut down and, unless -D, destroyed.
 */
import { spawnSync } from 'node:child_process';
import { DomainError, type IoExit, type WaitReply } from '@lxcbus/contracts';
import { callerCwd, runAttach } from '../attach-client';
import type { CliContext } from '../cli-context';
import type { ToolIo } from './command';
import type { EphemeralArgs } from './copy-ephemeral';
import { terminalSize } from './console-io';
import { requestedLog, site } from './requested-log';

const WAIT_SLICE_MS = 30_000;
/** strerror's text (LXC's log prefix) for the errno name ending the shim's "Failed to exec" exit message. */
const STRERROR: Record<string, string> = {
  ENOENT: 'No such file or directory', EACCES: 'Permission denied', ENOEXEC: 'Exec format error', ENOTDIR: 'Not a directory',
  ELOOP: 'Too many levels of symbolic links', ENAMETOOLONG: 'File name too long', E2BIG: 'Argument list too long',
};

interface CloneRef { name: string; lxcpath: string }

export async function runCommandInClone(ctx: CliContext, a: EphemeralArgs, clone: CloneRef, io: ToolIo): Promise<number> {
  let exit: IoExit | undefined;
  try {
    exit = await attachCommand(ctx, a, clone, io);
  } catch (err) {
    // The bus failed under the command (timeout, connection): the clone is not left running.
    await shutdown(ctx, clone).catch(() => undefined);
    throw err;
  }
  // The shim's setup failures (cgroup, setns, chdir, ids) are LXC's attach failures; an exec that failed is not.
  const ran = exit !== undefined && !exit.message?.startsWith('Failed to attach');
  const errno = ran && exit?.message?.startsWith('Failed to exec') ? /(E[A-Z0-9]+)$/.exec(exit.message)?.[1] : undefined;
  if (errno) {
    requestedLog('lxc-copy', a, io)([site('attach.c', 'lxc_attach_run_command', 1841,
      `${STRERROR[errno] ?? errno} - Failed to exec "${a.argv[0]}"`)]);
  }
  await shutdown(ctx, clone);
  if (ran) return 0;
  // destroy_and_put: an ephemeral clone is gone with its stop already; one kept by -D stays, STOPPED.
  if (!a.keepData) await ctx.bus.command('destroy', { ...clone, force: true, snapshots: false }).catch(() => undefined);
  return 1;
}

/** The command's exit, or undefined when the attach itself was refused (the clone not running any more). */
async function attachCommand(ctx: CliContext, a: EphemeralArgs, clone: CloneRef, io: ToolIo): Promise<IoExit | undefined> {
  const tty = Boolean(io.stdin.isTTY && io.stdout.isTTY && io.stderr.isTTY);
  const terminal = tty ? (io.stdout as NodeJS.WriteStream & { fd?: number }).fd : undefined;
  // LXC's command writes to the caller's terminal itself: one \n -> \r\n, by the terminal. Here the clone's pty
  // already made it \r\n, so the caller's terminal must not add a second \r (measured: \r\n under LXC).
  const saved = terminal === undefined ? undefined : stty(terminal, ['-g']);
  if (saved) stty(terminal!, ['-opost']);
  try {
    return await runAttach(ctx.bus, {
      ...clone, argv: a.argv, env: [], clearEnv: true, cwd: callerCwd(), cwdIfPresent: true, tty, ...(tty ? terminalSize(io) : {}),
    }, io);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return undefined;
  } finally {
    if (saved) stty(terminal!, [saved]);
  }
}

/** stty on a terminal (the CLI has no termios of its own); its output trimmed, '' when it failed. */
function stty(fd: number, args: string[]): string {
  const r = spawnSync('stty', args, { stdio: [fd, 'pipe', 'ignore'], encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}

/** clone->shutdown(clone, -1): the halt signal, then STOPPED however long it takes (by then an ephemeral clone is gone). */
async function shutdown(ctx: CliContext, clone: CloneRef): Promise<void> {
  try {
    await ctx.bus.command('stop', { ...clone, timeout: -1, nokill: true, nowait: true });
  } catch (err) {
    // Stopped already (the command halted it, or init ended): nothing to signal, the wait below returns at once.
    if (!(err instanceof DomainError)) throw err;
  }
  for (;;) {
    const r = await ctx.bus.command<WaitReply>('wait', { ...clone, states: ['STOPPED'], timeoutMs: WAIT_SLICE_MS },
      { timeoutMs: WAIT_SLICE_MS + 10_000 });
    if (r.matched) return;
  }
}
