/** lxc-create, lxc-start, lxc-stop, lxc-destroy: one request each, LXC's messages and exit codes. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DomainError, TemplateFailedError, type CreateReply, type StartReply } from '@lxcbus/contracts';
import type { CreateArgs, DestroyArgs, StartArgs, StopArgs } from '../args';
import { lxcError } from '../format';
import type { CliContext } from '../cli-context';
import { refuse, reportError, type ToolIo } from './command';
import { watchProgress } from './create-progress';
import { reportDestroyBlocked } from './snapshot-clones';
import { storageChoice } from './create-storage';
import { planDownload } from './download-questions';
import { followForeground, foregroundProxies } from './start-foreground';
import { consoleArgs } from './start-console';

const CREATE_TIMEOUT_MS = 15 * 60_000;

function readFileArg(path: string): { text: string; path: string } {
  const abs = resolve(path);
  return { text: readFileSync(abs, 'utf8'), path: abs };
}

function failure(tool: 'lxc-create' | 'lxc-start' | 'lxc-stop' | 'lxc-destroy', a: { name: string; lxcpaths: string[]; quiet: boolean }) {
  return { tool, name: a.name, lxcpath: a.lxcpaths[0], quiet: a.quiet };
}

export async function createTool(ctx: CliContext, a: CreateArgs, io: ToolIo): Promise<number> {
  const storage = storageChoice(a, io);
  if (!storage) return 1;
  let progress;
  try {
    const file = a.config ? readFileArg(a.config) : undefined;
    let templateArgs = a.templateArgs;
    if (a.template === 'download') {
      const plan = await planDownload(ctx, templateArgs, io);
      // `--list`: lxc-download prints the index and exits 1, so lxc-create reports a failed template.
      if (plan.kind === 'listed') {
        return reportError(io, failure('lxc-create', a), new TemplateFailedError('--list'), { TEMPLATE_FAILED: 'createTemplateFailed' });
      }
      templateArgs = plan.templateArgs;
    }
    progress = watchProgress(ctx, a.name, a.lxcpaths[0], io, a.quiet);
    const reply = await ctx.bus.command<CreateReply>('create', {
      name: a.name, lxcpath: a.lxcpaths[0], template: a.template, templateArgs, ...storage,
      ...(file ? { configText: file.text, configPath: file.path } : {}),
    }, { timeoutMs: CREATE_TIMEOUT_MS });
    await progress.stop();
    for (const w of reply.warnings) io.stderr.write(`lxc-create: ${a.name}: ${w}\n`);
    if (reply.message && !a.quiet) io.stdout.write(`\n---\n${reply.message}${reply.message.endsWith('\n') ? '' : '\n'}`);
    return 0;
  } catch (err) {
    await progress?.stop();
    if (!(err instanceof DomainError)) throw err;
    return reportError(io, failure('lxc-create', a), err, { ALREADY_EXISTS: 'createExists' },
      err.code === 'TEMPLATE_FAILED' ? 'createTemplateFailed' : undefined);
  }
}

export async function startTool(ctx: CliContext, a: StartArgs, io: ToolIo): Promise<number> {
  if (Object.keys(a.share).length > 0) return refuse(io, 'lxc-start', '--share-*');
  const consoleOpts = consoleArgs(a);
  if ('refused' in consoleOpts) return refuse(io, 'lxc-start', consoleOpts.refused);
  try {
    const rc = a.rcfile ? readFileArg(a.rcfile) : undefined;
    const reply = await ctx.bus.command<StartReply>('start', {
      name: a.name, lxcpath: a.lxcpaths[0], defines: [...a.defines.map((d) => `${d.key}=${d.value}`), ...consoleOpts.defines],
      ...(a.command.length ? { command: a.command } : {}),
      ...(rc ? { rcfileText: rc.text, rcfilePath: rc.path } : {}),
      ...(!a.daemonize && foregroundProxies(io) ? { foreground: true } : {}),
    }, { timeoutMs: 120_000 });
    if (reply.alreadyRunning) {
      const text = lxcError('lxc-start', 'startAlreadyRunning', a.name, a.lxcpaths[0]);
      if (!(a.quiet && text.quietable)) io.stderr.write(text.stderr);
      return text.code;
    }
    return a.daemonize ? 0 : await followForeground(ctx, a, io);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return reportError(io, failure('lxc-start', a), err, { NOT_FOUND: 'startNoConfig' },
      ['START_FAILED', 'UNSUPPORTED', 'CONFIG_INVALID', 'FORBIDDEN', 'NATIVE'].includes(err.code) ? startFailure(err) : undefined);
  }
}

/** A failing pre-start hook ends LXC's monitor before it reports any state; every other failure reports ABORTING. */
function startFailure(err: DomainError): 'startFailed' | 'startFailedNoState' {
  return String(err.details?.op ?? '').includes('run pre-start hooks') ? 'startFailedNoState' : 'startFailed';
}

export async function stopTool(ctx: CliContext, a: StopArgs, io: ToolIo): Promise<number> {
  const waitMs = a.timeout < 0 ? 24 * 3600_000 : a.timeout * 1000;
  try {
    await ctx.bus.command('stop', {
      name: a.name, lxcpath: a.lxcpaths[0], timeout: a.timeout, kill: a.kill, nokill: a.nokill, nowait: a.nowait, reboot: a.reboot,
    }, { timeoutMs: waitMs + 30_000 });
    return 0;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    const reboot = err.details?.reboot;
    return reportError(io, failure('lxc-stop', a), err, {
      NOT_RUNNING: 'stopNotRunning', NOT_FOUND: 'stopNotRunning',
      STOP_FAILED: reboot === 'timeout' ? 'stopRebootTimeout' : reboot === 'stopped' ? 'stopRebootStopped' : 'stopNoKillTimeout',
    });
  }
}

export async function destroyTool(ctx: CliContext, a: DestroyArgs, io: ToolIo): Promise<number> {
  try {
    await ctx.bus.command('destroy', { name: a.name, lxcpath: a.lxcpaths[0], force: a.force, snapshots: a.snapshots }, { timeoutMs: 120_000 });
    return 0;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    const blocked = reportDestroyBlocked(io, a, err);
    if (blocked !== undefined) return blocked;
    return reportError(io, failure('lxc-destroy', a), err, {
      NOT_FOUND: 'destroyNotDefined', IS_RUNNING: 'destroyRunning',
      // The executor says which: an overlay-clone origin (lxc_snapshots) or snaps/.
      HAS_SNAPSHOTS: err.details?.clones ? 'destroyHasClones' : 'destroyHasSnapshots',
      HOOK_FAILED: 'destroyHookFailed',
    }, undefined, String(err.details?.status ?? 1));
  }
}
