/**
 * lxc-execute: one `start` request with `execute: true` and an io session. The executor
 * starts the container with the shim's minimal init (pid 1 reaps and propagates the
 * command's exit: 3 -> 3, SIGKILL -> 137, exec failure -> 255) and bridges the command's
 * stdin, stdout and stderr to this process as LXC 5.0 leaves them to it: separate, live,
 * stdin forwarded; the caller's fds that are terminals become the container's console, as
 * LXC's (execute-tty.ts).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DomainError } from '@lxcbus/contracts';
import type { ExecuteArgs } from '../args';
import { lxcError, type LxcSituation } from '../format';
import type { CliContext } from '../cli-context';
import { runExecute } from '../execute-client';
import { refuse, reportError, type ToolIo } from './command';

export async function executeTool(ctx: CliContext, a: ExecuteArgs, io: ToolIo): Promise<number> {
  if (a.daemonize) return refuse(io, 'lxc-execute', 'daemonized execution (-d)');
  const f = { tool: 'lxc-execute' as const, name: a.name, lxcpath: a.lxcpaths[0], quiet: a.quiet };
  const say = (situation: LxcSituation): number => {
    const text = lxcError('lxc-execute', situation, a.name, a.lxcpaths[0]);
    if (!(a.quiet && text.quietable)) io.stderr.write(text.stderr);
    return text.code;
  };
  let rcfile: { text: string; path: string } | undefined;
  if (a.rcfile) {
    try {
      const path = resolve(a.rcfile);
      rcfile = { text: readFileSync(path, 'utf8'), path };
    } catch {
      return say('executeNoConfig');
    }
  }
  const defines = a.defines.map((d) => `${d.key}=${d.value}`);
  if (a.uid !== undefined) defines.push(`lxc.init.uid=${a.uid}`);
  if (a.gid !== undefined) defines.push(`lxc.init.gid=${a.gid}`);
  try {
    const outcome = await runExecute(ctx.bus, {
      name: a.name, lxcpath: a.lxcpaths[0], defines,
      ...(a.command.length ? { command: a.command } : {}),
      ...(rcfile ? { rcfileText: rcfile.text, rcfilePath: rcfile.path } : {}),
    }, io);
    if (outcome.kind === 'already-running') return say('executeAlreadyRunning');
    // Only a lost bridge (shim gone, executor restarted) or a failed claim has a message: say so.
    if (outcome.exit.message) io.stderr.write(`lxc-execute: ${a.name}: ${outcome.exit.message}\n`);
    return outcome.exit.code;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    if (err.code === 'NOT_FOUND') return say('executeNoConfig');
    return reportError(io, f, err, {}, 'executeFailed');
  }
}
