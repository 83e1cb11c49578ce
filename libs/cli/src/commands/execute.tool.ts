/**
 * lxc-execute: one `start` request with `execute: true`. The executor starts the
 * container with the shim's minimal init (pid 1 reaps and propagates the command's
 * exit: 3 -> 3, SIGKILL -> 137, exec failure -> 255), waits for it to end, and answers
 * with its exit code and console output, which is written to stdout.
 * Limitations: stdin is /dev/null and stderr arrives merged into stdout, after the end.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DomainError, type StartReply } from '@lxcbus/contracts';
import type { ExecuteArgs } from '../args';
import { lxcError, type LxcSituation } from '../format';
import type { CliContext } from '../cli-context';
import { refuse, reportError, type ToolIo } from './command';

/** A command may run for as long as it likes (the largest timer Node allows, about 24 days). */
const EXECUTE_TIMEOUT_MS = 2_147_483_647;

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
    const reply = await ctx.bus.command<StartReply>('start', {
      name: a.name, lxcpath: a.lxcpaths[0], defines, execute: true,
      ...(a.command.length ? { command: a.command } : {}),
      ...(rcfile ? { rcfileText: rcfile.text, rcfilePath: rcfile.path } : {}),
    }, { timeoutMs: EXECUTE_TIMEOUT_MS });
    if (reply.alreadyRunning) return say('executeAlreadyRunning');
    if (!reply.exit) return say('executeFailed');
    const out = Buffer.from(reply.exit.output, 'base64');
    if (out.length) await new Promise<void>((done) => io.stdout.write(out, () => done()));
    return reply.exit.code;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    if (err.code === 'NOT_FOUND') return say('executeNoConfig');
    return reportError(io, f, err, {}, 'executeFailed');
  }
}
