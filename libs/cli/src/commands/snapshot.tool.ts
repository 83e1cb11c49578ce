/**
 * lxc-snapshot through the `snapshot` verb: create (silent), -L list in LXC's
 * `<name> (<snaps dir>) <timestamp>` lines (comments after each with -C),
 * -r restore, -d destroy. Like lxc-copy it logs errors only with -l/-o; a dir
 * snapshot logs LXC's "copy-clone" notice at ERROR level, so that shows too.
 */
import { readFileSync } from 'node:fs';
import { DomainError, type SnapshotReply } from '@lxcbus/contracts';
import type { SnapshotArgs } from '../args';
import type { CliContext } from '../cli-context';
import type { ToolIo } from './command';
import { requestedLog, site, type LogSite } from './requested-log';
import { snapshotDestroyBlocked } from './snapshot-clones';

const SNAPSHOT_TIMEOUT_MS = 60 * 60_000;
const C = 'lxccontainer.c';
const T = 'tools/lxc_snapshot.c';

const DIR_NOTICE: LogSite[] = [
  site(C, 'do_lxcapi_snapshot', 4178, 'Snapshot of directory-backed container requested'),
  site(C, 'do_lxcapi_snapshot', 4179, 'Making a copy-clone.  If you do want snapshots, then'),
  site(C, 'do_lxcapi_snapshot', 4180, 'please create overlay clone first, snapshot that'),
  site(C, 'do_lxcapi_snapshot', 4181, 'and keep the original container pristine'),
];

function request(a: SnapshotArgs): Record<string, unknown> {
  const base = { name: a.name, lxcpath: a.lxcpaths[0] };
  switch (a.task) {
    case 'list': return { ...base, action: 'list', comments: a.showComments };
    case 'restore': return { ...base, action: 'restore', snapshot: a.snapshot, ...(a.newName !== undefined && { newName: a.newName }) };
    case 'destroy': return { ...base, action: 'destroy', snapshot: a.snapshot };
    default: return {
      ...base, action: 'create', ...(a.commentFile !== undefined && { comment: readFileSync(a.commentFile, 'utf8') }),
    };
  }
}

function failureLines(err: DomainError, a: SnapshotArgs): LogSite[] | undefined {
  const snap = a.snapshot ?? '';
  // A failing clone or destroy hook: LXC 5.0.2 exits 1 and prints nothing (measured, docs/decisions/hooks.md).
  if (err.code === 'HOOK_FAILED') return [];
  if (err.code === 'NOT_FOUND' && err.details?.snapshot === undefined) return [site(T, 'main', 117, 'No container config specified')];
  if (a.task === 'create' && err.code === 'IS_RUNNING') {
    return [
      ...(err.details?.overlay ? [] : DIR_NOTICE),
      site(C, 'do_lxcapi_clone', 3797,
        `error: Original container (${a.name}) is running. Use --allowrunning if you want to force a snapshot of the running container.`),
      site(C, 'do_lxcapi_snapshot', 4187, `Failed to clone of ${a.lxcpaths[0]}:${a.name}`),
      site(T, 'do_snapshot', 197, 'Error creating a snapshot'),
    ];
  }
  const restoreFailed = site(T, 'do_snapshot_restore', 271, `Error restoring snapshot ${snap}`);
  if (a.task === 'restore' && err.code === 'NOT_FOUND') return [site(C, 'do_lxcapi_snapshot_restore', 4419, `Could not open snapshot ${snap}`), restoreFailed];
  if (a.task === 'restore' && err.code === 'ALREADY_EXISTS') {
    return [site(C, 'do_lxcapi_clone', 3815, `error: clone: ${a.lxcpaths[0]}/${a.newName}/config exists`), restoreFailed];
  }
  if (a.task === 'restore' && err.code === 'IS_RUNNING') {
    return [site(C, 'container_destroy', 2961, `container ${a.name} is not stopped`),
      site(C, 'do_lxcapi_snapshot_restore', 4430, `Could not destroy existing container ${a.name}`), restoreFailed];
  }
  if (a.task === 'destroy' && err.code === 'HAS_SNAPSHOTS' && Array.isArray(err.details?.snapshotClones)) {
    return snapshotDestroyBlocked(snap, err.details.snapshotClones as string[], String(err.details.snaps));
  }
  if (a.task === 'destroy' && err.code === 'NOT_FOUND' && snap === 'ALL') {
    return [site(C, 'remove_all_snapshots', 4491, `No such file or directory - opendir on snapshot path ${a.lxcpaths[0]}/${a.name}/snaps`),
      site(T, 'do_snapshot_destroy', 214, 'Error destroying snapshot ALL')];
  }
  if (a.task === 'destroy' && err.code === 'NOT_FOUND') {
    return [site(C, 'do_snapshot_destroy', 4470, `Could not destroy snapshot ${snap}`), site(T, 'do_snapshot_destroy', 214, `Error destroying snapshot ${snap}`)];
  }
  return undefined;
}

export function formatSnapshotList(reply: SnapshotReply, comments: boolean): string {
  if (reply.snapshots.length === 0) return 'No snapshots\n';
  return reply.snapshots.map((s) => `${s.name} (${s.lxcpath}) ${s.timestamp}\n${comments && s.comment ? s.comment : ''}`).join('');
}

export async function snapshotTool(ctx: CliContext, a: SnapshotArgs, io: ToolIo): Promise<number> {
  const log = requestedLog('lxc-snapshot', a, io);
  let body: Record<string, unknown>;
  try {
    body = request(a);
  } catch (err) {
    log([{ message: `Failed to read comment file ${a.commentFile}: ${(err as Error).message}` }]);
    return 1;
  }
  try {
    const reply = await ctx.bus.command<SnapshotReply>('snapshot', body, { timeoutMs: SNAPSHOT_TIMEOUT_MS });
    if (a.task === 'list') io.stdout.write(formatSnapshotList(reply, a.showComments));
    // LXC warns of a copy-clone only for a dir container; an overlay's snapshot is a real one.
    if (a.task === 'create' && !reply.overlay) log(DIR_NOTICE);
    return 0;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    const lines = failureLines(err, a);
    if (lines) log(lines);
    else io.stderr.write(`lxc-snapshot: ${a.name}: ${err.message} (${err.code})\n`);
    return 1;
  }
}
