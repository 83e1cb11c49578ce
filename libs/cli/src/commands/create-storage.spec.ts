import { refusalLines, storageChoice } from './create-storage';
import type { CreateArgs } from '../args';
import type { ToolIo } from './command';

function io(): { io: ToolIo; err: () => string } {
  let text = '';
  const stderr = { write: (s: string) => { text += s; return true; } } as unknown as NodeJS.WriteStream;
  return { io: { stderr } as ToolIo, err: () => text };
}

const args = (over: Partial<CreateArgs>): CreateArgs => ({ name: 'c1', template: 'busybox', templateArgs: [], ...over } as CreateArgs);

describe('lxc-create -B / --dir', () => {
  it('sends dir, best and overlay on, with --dir made absolute', () => {
    const o = io();
    expect(storageChoice(args({ bdev: 'overlayfs' }), o.io)).toEqual({ bdev: 'overlayfs' });
    expect(storageChoice(args({ dir: '/srv/r' }), o.io)).toEqual({ rootfsDir: '/srv/r' });
    expect(storageChoice(args({ bdev: 'dir', dir: 'rel' }), o.io)).toEqual({ bdev: 'dir', rootfsDir: `${process.cwd()}/rel` });
    expect(storageChoice(args({}), o.io)).toEqual({});
    expect(o.err()).toBe('');
  });

  it('refuses the stores lxcbus does not make with LXC\'s closing lines', () => {
    for (const b of ['btrfs', 'zfs', 'lvm', 'loop', 'rbd', 'nbd']) {
      const o = io();
      expect(storageChoice(args({ bdev: b }), o.io)).toBeUndefined();
      expect(o.err()).toBe(`${refusalLines({ name: 'c1', bdev: b }).join('\n')}\n`);
    }
    expect(refusalLines({ name: 'c1', bdev: 'btrfs' }).slice(1)).toEqual([
      'lxc-create: c1: ../src/lxc/lxccontainer.c: do_storage_create: 1289 Failed to create "btrfs" storage',
      'lxc-create: c1: ../src/lxc/lxccontainer.c: __lxcapi_create: 1883 Failed to create btrfs storage for c1',
      'lxc-create: c1: ../src/lxc/tools/lxc_create.c: main: 317 Failed to create container c1',
    ]);
  });
});
