/** lxc-console over the bus: LXC's banner, escape prefix and messages. */
import { CONSOLE_TTY_MAX, DomainError } from '@lxcbus/contracts';
import type { ConsoleArgs } from '../args';
import { runConsole } from '../console-client';
import { consoleBanner } from '../console-escape';
import { lxcError } from '../format';
import type { CliContext } from '../cli-context';
import { reportError, type ToolIo } from './command';
import { isPollable, terminalSize } from './console-io';

export async function consoleTool(ctx: CliContext, a: ConsoleArgs, io: ToolIo): Promise<number> {
  const failure = { tool: 'lxc-console' as const, name: a.name, lxcpath: a.lxcpaths[0], quiet: a.quiet };
  try {
    // No container has that many ttys: the shim would refuse it the same way.
    if (a.ttynum > CONSOLE_TTY_MAX) return report(io, a, 'consoleTtyDenied');
    // LXC polls stdin with epoll, which refuses /dev/null and regular files; it finds out after getting
    // the tty (so "not running" and "denied" win) and before the banner.
    let pollable = true;
    await runConsole(ctx.bus, { name: a.name, lxcpath: a.lxcpaths[0], tty: a.ttynum, replay: false, ...terminalSize(io) }, io, {
      escape: a.escape,
      onConnected: (tty) => {
        pollable = isPollable(io.stdin);
        if (pollable) io.stderr.write(consoleBanner(tty, a.escape));
        return pollable;
      },
    });
    return pollable ? 0 : report(io, a, 'consoleStdinHandler');
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return reportError(io, failure, err, { NOT_RUNNING: 'consoleNotRunning', NOT_FOUND: 'consoleNotRunning', BUSY: 'consoleTtyDenied' });
  }
}

function report(io: ToolIo, a: ConsoleArgs, situation: 'consoleTtyDenied' | 'consoleStdinHandler'): number {
  const text = lxcError('lxc-console', situation, a.name, a.lxcpaths[0]);
  if (!(a.quiet && text.quietable)) io.stderr.write(text.stderr);
  return text.code;
}
