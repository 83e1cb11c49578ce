import { DomainError } from '@lxcbus/contracts';
import { reportDestroyBlocked, snapshotDestroyBlocked } from './snapshot-clones';

const io = () => {
  let err = '';
  return { io: { stdout: { write: () => true }, stderr: { write: (s: string) => { err += s; return true; } } } as never, err: () => err };
};

describe('LXC lines for snapshots others were restored from', () => {
  it('lxc-snapshot -d NAME and -d ALL', () => {
    expect(snapshotDestroyBlocked('snap0', ['snap0'], '/l/c/snaps').map((s) => `${s.func}: ${s.line} ${s.message}`)).toEqual([
      'do_lxcapi_destroy: 3100 container snap0 has snapshots on its rootfs',
      'do_snapshot_destroy: 4470 Could not destroy snapshot snap0',
      'do_snapshot_destroy: 214 Error destroying snapshot snap0',
    ]);
    expect(snapshotDestroyBlocked('ALL', ['snap0', 'snap2'], '/l/c/snaps').map((s) => s.line)).toEqual([3100, 4470, 3100, 4470, 4509, 214]);
  });

  it('lxc-destroy -s: printed unless -q, rc 1; other errors are not its business', () => {
    const err = new DomainError('HAS_SNAPSHOTS', 'x', { snapshotClones: ['snap0'], snaps: '/l/c/snaps' });
    const out = io();
    expect(reportDestroyBlocked(out.io, { name: 'c', quiet: false }, err)).toBe(1);
    expect(out.err()).toBe('lxc-destroy: c: ../src/lxc/lxccontainer.c: do_lxcapi_destroy: 3100 container snap0 has snapshots on its rootfs\n'
      + 'lxc-destroy: c: ../src/lxc/lxccontainer.c: do_snapshot_destroy: 4470 Could not destroy snapshot snap0\n'
      + 'lxc-destroy: c: ../src/lxc/lxccontainer.c: remove_all_snapshots: 4509 Directory not empty - Error removing directory /l/c/snaps\n'
      + 'lxc-destroy: c: ../src/lxc/lxccontainer.c: do_lxcapi_destroy_with_snapshots: 3116 Error deleting all snapshots\n');
    const quiet = io();
    expect(reportDestroyBlocked(quiet.io, { name: 'c', quiet: true }, err)).toBe(1);
    expect(quiet.err()).toBe('');
    expect(reportDestroyBlocked(io().io, { name: 'c', quiet: false }, new DomainError('HAS_SNAPSHOTS', 'x', { name: 'c' }))).toBeUndefined();
  });
});
