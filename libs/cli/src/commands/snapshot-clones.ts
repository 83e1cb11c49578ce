/**
 * LXC 5.0.2's lines for snapshots that containers were restored from (their
 * lxc_snapshots is not empty): lxc-snapshot -d refuses them, -d ALL and
 * lxc-destroy -s remove the others and then fail on the snaps directory.
 * Captured from the real tools (docs/decisions/snapshot-overlay.md).
 */
import type { DomainError } from '@lxcbus/contracts';
import { logLine } from '../format/lxc-error';
import type { ToolIo } from './command';
import { site, type LogSite } from './requested-log';

const C = 'lxccontainer.c';

function refusals(blocked: readonly string[]): LogSite[] {
  return blocked.flatMap((b) => [
    site(C, 'do_lxcapi_destroy', 3100, `container ${b} has snapshots on its rootfs`),
    site(C, 'do_snapshot_destroy', 4470, `Could not destroy snapshot ${b}`),
  ]);
}

const notEmpty = (snaps: string) => site(C, 'remove_all_snapshots', 4509, `Directory not empty - Error removing directory ${snaps}`);

/** lxc-snapshot -d NAME|ALL. */
export function snapshotDestroyBlocked(snapshot: string, blocked: readonly string[], snaps: string): LogSite[] {
  const tail = site('tools/lxc_snapshot.c', 'do_snapshot_destroy', 214, `Error destroying snapshot ${snapshot}`);
  return snapshot === 'ALL' ? [...refusals(blocked), notEmpty(snaps), tail] : [...refusals(blocked), tail];
}

/** lxc-destroy -s. */
export function destroyWithSnapshotsBlocked(blocked: readonly string[], snaps: string): LogSite[] {
  return [...refusals(blocked), notEmpty(snaps), site(C, 'do_lxcapi_destroy_with_snapshots', 3116, 'Error deleting all snapshots')];
}

/** lxc-destroy -s refused for such a snapshot: LXC's lines (liblxc log lines: -q silences them), rc 1. */
export function reportDestroyBlocked(io: ToolIo, a: { name: string; quiet: boolean }, err: DomainError): number | undefined {
  const blocked = err.details?.snapshotClones;
  if (err.code !== 'HAS_SNAPSHOTS' || !Array.isArray(blocked)) return undefined;
  if (a.quiet) return 1;
  for (const l of destroyWithSnapshotsBlocked(blocked as string[], String(err.details?.snaps))) {
    io.stderr.write(`${logLine('lxc-destroy', a.name, l.file ?? '', l.func ?? '', l.line ?? 0, l.message)}\n`);
  }
  return 1;
}
