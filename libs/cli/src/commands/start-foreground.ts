/**
 * lxc-start -F after the start: the container's /dev/console on the caller's terminal
 * from its first byte (the executor kept console.log; the session replays it), every
 * byte passed through (no escape prefix, as LXC), until the container stops. Then 0,
 * as LXC 5.0.2 returns whatever init's status was. With stdin not a terminal LXC does
 * not proxy the console at all and only waits for the stop; so does this. Also the
 * end of an ephemeral clone started by lxc-copy -e -F (the clone is named in `a`).
 */
import { DomainError, type WaitReply } from '@lxcbus/contracts';
import type { StartArgs } from '../args';
import type { CliContext } from '../cli-context';
import { runConsole } from '../console-client';
import type { ToolIo } from './command';
import { terminalSize } from './console-io';

const WAIT_SLICE_MS = 30_000;

export function foregroundProxies(io: ToolIo): boolean {
  return Boolean(io.stdin.isTTY);
}

export async function followForeground(ctx: CliContext, a: Pick<StartArgs, 'name' | 'lxcpaths'>, io: ToolIo): Promise<number> {
  const ref = { name: a.name, lxcpath: a.lxcpaths[0] };
  // LXC's -F: lxc-start is the container's monitor, so a hang-up of its terminal takes the container
  // down (measured: STOPPED once the pty closed). Here the container is killed, then we die of the signal.
  let stopping: Promise<unknown> | undefined;
  let hungUp!: (code: number) => void;
  const hangup = new Promise<number>((resolve) => (hungUp = resolve));
  const onHangup = (): void => {
    stopping ??= ctx.bus.command('stop', { ...ref, kill: true }, { timeoutMs: 30_000 }).catch(() => undefined);
    hungUp(129);
  };
  process.on('SIGHUP', onHangup);
  io.stdout.on('error', onHangup); // a terminal gone: EIO on write
  let code: number;
  try {
    const following = follow(ctx, ref, io);
    following.catch(() => undefined); // once hung up, its end (EIO on a dead terminal) no longer matters
    code = await Promise.race([following, hangup]);
  } finally {
    process.off('SIGHUP', onHangup);
    io.stdout.off('error', onHangup);
  }
  if (!stopping) return code;
  await stopping;
  process.kill(process.pid, 'SIGHUP'); // no handler left: the default action, as LXC's monitor dies of it
  return 129;
}

async function follow(ctx: CliContext, ref: { name: string; lxcpath?: string }, io: ToolIo): Promise<number> {
  if (foregroundProxies(io)) {
    try {
      // Its end is init's exit; the executor's cleanup (addresses, an ephemeral clone's removal) is done by
      // STOPPED, which LXC's monitor also finishes before it returns: waited for below.
      await runConsole(ctx.bus, { ...ref, tty: 0, replay: true, ...terminalSize(io) }, io, { escape: null });
    } catch (err) {
      // Stopped already with nothing kept, or the console is someone else's: the run still ends with the stop.
      if (!(err instanceof DomainError)) throw err;
    }
  }
  for (;;) {
    const r = await ctx.bus.command<WaitReply>('wait', { ...ref, states: ['STOPPED'], timeoutMs: WAIT_SLICE_MS },
      { timeoutMs: WAIT_SLICE_MS + 10_000 });
    if (r.matched) return 0;
  }
}
