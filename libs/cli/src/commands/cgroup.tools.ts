/**
 * lxc-cgroup, lxc-freeze, lxc-unfreeze: one request each (LXC-REFERENCE 3.10).
 * lxc-cgroup prints the file's content plus a newline, as LXC does (the content already
 * ends in one); setting is silent. freeze/unfreeze are silent on success.
 */
import { DomainError, type CgroupReply } from '@lxcbus/contracts';
import type { CgroupArgs, FreezeArgs } from '../args';
import type { CliContext } from '../cli-context';
import { reportError, type ToolIo } from './command';

/** A freeze answers once the freezer has settled; the executor bounds that wait itself. */
const FREEZE_TIMEOUT_MS = 30_000;

export async function cgroupTool(ctx: CliContext, a: CgroupArgs, io: ToolIo): Promise<number> {
  const f = { tool: 'lxc-cgroup' as const, name: a.name, lxcpath: a.lxcpaths[0], quiet: a.quiet };
  try {
    const reply = await ctx.bus.command<CgroupReply>('cgroup', {
      name: a.name, lxcpath: a.lxcpaths[0], key: a.key, ...(a.value !== undefined && { value: a.value }),
    });
    if (a.value === undefined) io.stdout.write(`${reply.value ?? ''}\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    const failed = a.value === undefined ? 'cgroupGetFailed' : 'cgroupSetFailed';
    const detail = a.value === undefined ? a.key : `${a.value}\n${a.key}`;
    return reportError(io, { ...f }, err, { NOT_RUNNING: 'cgroupNotRunning', NOT_FOUND: 'cgroupNotRunning', BAD_REQUEST: failed }, undefined, detail);
  }
}

async function freezeOrThaw(ctx: CliContext, a: FreezeArgs, io: ToolIo, freeze: boolean): Promise<number> {
  const tool = freeze ? 'lxc-freeze' : 'lxc-unfreeze';
  try {
    await ctx.bus.command(freeze ? 'freeze' : 'unfreeze', { name: a.name, lxcpath: a.lxcpaths[0] }, { timeoutMs: FREEZE_TIMEOUT_MS });
    return 0;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    const situation = freeze ? 'freezeFailed' : 'unfreezeFailed';
    return reportError(io, { tool, name: a.name, lxcpath: a.lxcpaths[0], quiet: a.quiet }, err, {
      NOT_RUNNING: freeze ? 'freezeStopped' : situation, NOT_FOUND: situation,
    }, situation);
  }
}

export const freezeTool = (ctx: CliContext, a: FreezeArgs, io: ToolIo) => freezeOrThaw(ctx, a, io, true);
export const unfreezeTool = (ctx: CliContext, a: FreezeArgs, io: ToolIo) => freezeOrThaw(ctx, a, io, false);
