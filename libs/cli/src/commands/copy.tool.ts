/**
 * lxc-copy: full copies and renames on the dir backend through the `copy`
 * verb. Errors are silent unless -l/-o, as in LXC 5.0.2, except failures LXC
 * has no text for (lxcbus causes such as NO_RESPONDERS, COPY_FAILED), which are
 * printed so they reach the user. Snapshot clones (-s) of a dir origin are
 * overlay clones (the executor's copy with `snapshot`); -e makes one with
 * `lxc.ephemeral = 1` and starts it (the executor destroys it on stop), -D
 * without that line (kept when it stops), -m bind=/overlay= with LXC's mount
 * entries, -t with LXC's tmpfs pre-mount hook; -e -F runs it in the foreground,
 * -e -- COMMAND runs the command in it, then shuts it down (copy-ephemeral.ts).
 */
import { randomBytes } from 'node:crypto';
import { DomainError } from '@lxcbus/contracts';
import type { CopyArgs } from '../args';
import type { CliContext } from '../cli-context';
import type { ToolIo } from './command';
import { runEphemeral } from './copy-ephemeral';
import { parseMounts } from './copy-mounts';
import { requestedLog, site, type LogSite } from './requested-log';

const COPY_TIMEOUT_MS = 60 * 60_000;
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomSuffix(): string {
  return [...randomBytes(6)].map((b) => ALNUM[b % ALNUM.length]).join('');
}

const SNAP_STORES = ['overlay', 'overlayfs'];
const COPY_STORES = ['dir', 'overlay', 'overlayfs'];

/** What lxcbus refuses before asking (printed always: LXC has no text for it). -m/-D only count with -e, as in LXC. */
function unsupported(a: CopyArgs): string | undefined {
  if ((a.task === 'snapshot' || a.task === 'ephemeral') && a.bdev !== undefined && !SNAP_STORES.includes(a.bdev)) return `snapshot clones on backing store "${a.bdev}" are not supported yet (overlay only)`;
  if (a.task !== 'snapshot' && a.task !== 'ephemeral' && a.bdev !== undefined && !COPY_STORES.includes(a.bdev)) return `backing store "${a.bdev}" is not supported yet (dir only)`;
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
    case 'UNSUPPORTED': return err.details?.overlayFullCopy ? [
      site('storage/overlay.c', 'ovl_clonepaths', 43, 'The overlay storage driver can only be used for snapshots'),
      site('storage/storage.c', 'storage_copy', 429, `Failed creating new paths for clone of "${String(err.details.rootfs)}"`),
      site('lxccontainer.c', 'copy_storage', 3594, 'Error copying storage.'), failed] : undefined;
    // LXC 5.0.2 removes the clone and prints nothing (captured: fixtures/hooks.json).
    case 'HOOK_FAILED': return [];
    case 'ALREADY_EXISTS': return [site('lxccontainer.c', 'do_lxcapi_clone', 3815, `error: clone: ${newPath}/${a.newName}/config exists`), failed];
    default: return undefined;
  }
}

export async function copyTool(ctx: CliContext, args: CopyArgs, io: ToolIo): Promise<number> {
  // LXC names an ephemeral clone <name>_XXXXXX when -N is not given.
  const a = args.task === 'ephemeral' && args.newName === undefined ? { ...args, newName: `${args.name}_${randomSuffix()}` } : args;
  // lxc_copy.c's mount_tmpfs, printed whatever the log settings (LXC leaves the clone behind; lxcbus makes none).
  if (a.task === 'ephemeral' && a.tmpfs && (a.keepData || (a.bdev !== undefined && !SNAP_STORES.includes(a.bdev)))) {
    io.stderr.write('A container can only be placed on a tmpfs when the overlay storage driver is used\n');
    return 1;
  }
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
  const mounts = a.task === 'ephemeral' ? parseMounts(a.mounts) : { mounts: [] };
  if ('error' in mounts) {
    io.stderr.write(`lxc-copy: ${a.name}: ${mounts.error}\n`);
    return 1;
  }
  const lxcpath = a.lxcpaths[0];
  const newPath = a.task === 'rename' ? lxcpath : a.newPath ?? lxcpath;
  try {
    await ctx.bus.command('copy', {
      name: a.name, lxcpath, newName: a.newName, newLxcpath: newPath, rename: a.task === 'rename',
      keepName: a.keepName, keepMac: a.keepMac, allowRunning: a.allowRunning, snapshot: a.task === 'snapshot',
      ephemeral: a.task === 'ephemeral', keepData: a.task === 'ephemeral' && a.keepData, mounts: mounts.mounts,
      tmpfs: a.task === 'ephemeral' && a.tmpfs,
      ...(a.argv.length > 0 ? { hookArgs: a.argv } : {}),
      ...(a.bdev !== undefined ? { bdev: a.bdev } : {}),
    }, { timeoutMs: COPY_TIMEOUT_MS });
    if (a.task === 'ephemeral') return await runEphemeral(ctx, { ...a, newName: a.newName }, newPath, io);
    return 0;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    const lines = failureLines(err, a, newPath);
    if (lines) log(lines);
    else io.stderr.write(`lxc-copy: ${a.name}: ${err.message} (${err.code})\n`);
    return 1;
  }
}
