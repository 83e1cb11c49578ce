/** lxc-attach over the bus: LXC's environment rules, a pty when a terminal is involved, the command's exit status. */
import { DomainError } from '@lxcbus/contracts';
import type { AttachArgs } from '../args';
import { lxcError } from '../format';
import { callerCwd, runAttach, wantsTty } from '../attach-client';
import type { CliContext } from '../cli-context';
import { refuse, reportError, type ToolIo } from './command';
import { terminalSize } from './console-io';

const VALID_ENV = /^[^=\0]+=[^\0]*$/;

/** --keep-env (default): the caller's environment; --clear-env: only --keep-var names. -v always adds. */
export function attachEnv(a: AttachArgs, env: NodeJS.ProcessEnv): string[] {
  const keep = a.envPolicy === 'keep' ? Object.keys(env) : a.keepVars;
  const out = keep.filter((k) => env[k] !== undefined).map((k) => `${k}=${env[k]}`);
  return [...out, ...a.setVars].filter((e) => VALID_ENV.test(e));
}

export async function attachTool(ctx: CliContext, a: AttachArgs, io: ToolIo): Promise<number> {
  if (a.namespaces?.length) return refuse(io, 'lxc-attach', 'attaching to some namespaces only (-s)');
  if (a.remountSysProc) return refuse(io, 'lxc-attach', 'remounting /proc and /sys (-R)');
  if (a.ptyLog) return refuse(io, 'lxc-attach', 'a pty log (-L)');
  const tty = wantsTty(io);
  try {
    const exit = await runAttach(ctx.bus, {
      name: a.name, lxcpath: a.lxcpaths[0], argv: a.command, env: attachEnv(a, process.env), clearEnv: a.envPolicy === 'clear',
      cwd: callerCwd(), cwdIfPresent: true, uid: a.uid, gid: a.gid, tty,
      // A terminal that never had a size (0x0, e.g. a fresh pty) keeps the container pty's default.
      ...(tty ? terminalSize(io) : {}),
    }, io);
    if (exit.message && (exit.code === 127 || exit.code === 126)) {
      const text = lxcError('lxc-attach', exit.code === 127 ? 'attachExecNotFound' : 'attachExecDenied', a.name, a.lxcpaths[0], a.command[0] ?? '');
      io.stderr.write(text.stderr);
    }
    return exit.code;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return reportError(io, { tool: 'lxc-attach', name: a.name, lxcpath: a.lxcpaths[0], quiet: a.quiet }, err,
      { NOT_RUNNING: 'attachNotRunning', NOT_FOUND: 'attachNotRunning' });
  }
}
