/**
 * lxc-copy: full copies and renames on the dir backend through the `copy`
 * verb. Errors are silent unless -l/-o, as in LXC 5.0.2, except failures LXC
 * has no text for (lxcbus causes such as NO_RESPONDERS, COPY_FAILED), which are
 * printed so they reach the user. Snapshot (-s) and ephemeral (-e) clones need
 * an overlay rootfs the shim does not mount yet: refused, and said so.
 */
import { DomainError } from '@lxcbus/contracts';
import type { CopyArgs } from '../args';
import type { CliContext } from '../cli-context';
import type { ToolIo } from './command';
import { requestedLog, site, type LogSite } from './requested-log';

const COPY_TIMEOUT_MS = 60 * 60_000;

function unsupported(a: CopyArgs): string | undefined {
  if (a.task === 'snapshot') return 'snapshot clones (-s) are not supported yet: they need an overlay rootfs';
  if (a.task === 'ephemeral') return 'ephemeral clones (-e) are not supported yet: they need an overlay rootfs';
  if (a.mounts.length || a.tmpfs || a.keepData) return '-m, -t and -D (ephemeral clones) are not supported yet';
  if (a.bdev !== undefined && a.bdev !== 'dir') return `backing store "${a.bdev}" is not supported yet (dir only)`;
  return undefined;
}

function failureLines(err: DomainError, a: CopyArgs, newPath: string): LogSite[] | undefined {
  const failed = a.task === 'rename'
    ? site('tools/lxc_copy.c', 'do_clone_rename', 516, `Renaming container ${a.name} to ${a.newName} failed`)
    : site('tools/lxc_copy.c', 'do_clone', 391, 'Failed to clone');
  switch (err.code) {
    case 'NOT_FOUND': return [site('tools/lxc_copy.c', 'main', 218, `Container ${a.name} is not defined`)];
    case 'IS_RUNNING': return [site('lxccontainer.c', 'do_lxcapi_clone', 3797,
      `error: Original container (${a.name}) is running. Use --allowrunning if you want to force a snapshot of the running container.`), failed];
    case 'HAS_SNAPSHOTS': return [site('lxccontainer.c', 'do_lxcapi_rename', 4004, 'Renaming a container with snapshots is not supported'), failed];
    case 'ALREADY_EXISTS': return [site('lxccontainer.c', 'do_lxcapi_clone', 3815, `error: clone: ${newPath}/${a.newName}/config exists`), failed];
    default: return undefined;
  }
}

export async function copyTool(ctx: CliContext, a: CopyArgs, io: ToolIo): Promise<number> {
  const why = unsupported(a);
  if (why) {
    io.stderr.write(`lxc-copy: ${a.name}: ${why}\n`);
    return 1;
  }
  const log = requestedLog('lxc-copy', a, io);
  if (a.newName === undefined) {
    log([site('tools/lxc_copy.c', 'main', 176, 'You must provide a NEWNAME for the clone')]);
    return 1;
  }
  const lxcpath = a.lxcpaths[0];
  const newPath = a.task === 'rename' ? lxcpath : a.newPath ?? lxcpath;
  try {
    await ctx.bus.command('copy', {
      name: a.name, lxcpath, newName: a.newName, newLxcpath: newPath, rename: a.task === 'rename',
      keepName: a.keepName, keepMac: a.keepMac, allowRunning: a.allowRunning,
    }, { timeoutMs: COPY_TIMEOUT_MS });
    return 0;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    const lines = failureLines(err, a, newPath);
    if (lines) log(lines);
    else io.stderr.write(`lxc-copy: ${a.name}: ${err.message} (${err.code})\n`);
    return 1;
  }
}
