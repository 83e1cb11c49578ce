import { ConfigGetRequest, CopyRequest, SnapshotRequest } from './toolbox';

describe('toolbox request bodies', () => {
  it('copy fills LXC defaults and refuses unknown fields', () => {
    expect(CopyRequest.parse({ name: 'a', newName: 'b' })).toEqual({
      name: 'a', newName: 'b', rename: false, keepName: false, keepMac: false, allowRunning: false, snapshot: false, ephemeral: false,
      keepData: false, mounts: [], tmpfs: false, hookArgs: [],
    });
    expect(CopyRequest.safeParse({ name: 'a', newName: 'b', bogus: true }).success).toBe(false);
    expect(CopyRequest.safeParse({ name: 'a', newName: 'b', newLxcpath: 'rel/path' }).success).toBe(false);
  });

  it('copy mounts: absolute sources, relative targets inside the rootfs, nothing that breaks an fstab line', () => {
    const body = (b: object) => CopyRequest.safeParse({ name: 'a', newName: 'b', ephemeral: true, mounts: [b] }).success;
    expect(body({ source: '/srv/data', dest: 'mnt/data', readOnly: true })).toBe(true);
    expect(body({ source: 'srv', dest: 'mnt' })).toBe(false);
    expect(body({ source: '/srv', dest: '/mnt' })).toBe(false);
    expect(body({ source: '/srv', dest: '../etc' })).toBe(false);
    expect(body({ source: '/my dir', dest: 'mnt' })).toBe(false);
    expect(body({ type: 'overlay', source: '/srv', dest: 'mnt' })).toBe(true);
    expect(body({ type: 'overlay', source: '/a,b', dest: 'mnt' })).toBe(false);
    expect(body({ type: 'tmpfs', source: '/srv', dest: 'mnt' })).toBe(false);
  });

  it('snapshot bodies are told apart by action; a snapshot name is one path component', () => {
    expect(SnapshotRequest.parse({ action: 'list', name: 'a' })).toEqual({ action: 'list', name: 'a', comments: false });
    expect(SnapshotRequest.parse({ action: 'destroy', name: 'a', snapshot: 'ALL' }).action).toBe('destroy');
    expect(SnapshotRequest.safeParse({ action: 'restore', name: 'a', snapshot: '../../etc' }).success).toBe(false);
    expect(SnapshotRequest.safeParse({ action: 'restore', name: 'a' }).success).toBe(false);
    expect(SnapshotRequest.safeParse({ action: 'rollback', name: 'a' }).success).toBe(false);
  });

  it('config-get needs at least one key', () => {
    expect(ConfigGetRequest.safeParse({ name: 'a', keys: [] }).success).toBe(false);
    expect(ConfigGetRequest.parse({ name: 'a', keys: ['lxc.uts.name'] }).keys).toEqual(['lxc.uts.name']);
  });
});
