import { parseConfig } from '@lxcbus/lxc-config';
import { HookFailedError } from '@lxcbus/contracts';
import { runHooks, type HookRun } from '@lxcbus/native';
import type { ContainerLocation } from '../containers/container-ref';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { runCloneHooks, runDestroyHooks, runDestroyHooksOf } from './clone-hooks';

jest.mock('@lxcbus/native', () => ({ runHooks: jest.fn(async () => undefined) }));
jest.mock('../rootless/rootless-mode', () => ({ isRootless: () => false }));
const run = runHooks as jest.MockedFunction<typeof runHooks>;
const last = (): HookRun => run.mock.calls[run.mock.calls.length - 1][0];

const loc = (owner: string): ContainerLocation => ({
  host: 'h', owner, name: 'c2', lxcpath: '/l', dir: '/l/c2', configFile: '/l/c2/config', runDir: '/r', cgroupName: 'x', key: 'k',
} as ContainerLocation);
const MAPS = 'lxc.idmap = u 0 100000 65536\nlxc.idmap = g 0 200000 65536\n';

describe('clone and destroy hooks', () => {
  beforeEach(() => run.mockClear());

  it('clone: LXC_SRC_NAME, the config value as LXC_ROOTFS_PATH, the rootfs as LXC_ROOTFS_MOUNT, the -- args', async () => {
    await runCloneHooks(parseConfig('lxc.rootfs.path = dir:/l/c2/rootfs\nlxc.hook.clone = /h\n'), loc('root'), 'c1', ['a']);
    expect(last()).toEqual({
      type: 'clone', name: 'c2', hooks: ['/h'], version: 0, args: ['a'], user: undefined,
      env: { LXC_NAME: 'c2', LXC_CONFIG_FILE: '/l/c2/config', LXC_SRC_NAME: 'c1', LXC_ROOTFS_MOUNT: '/l/c2/rootfs', LXC_ROOTFS_PATH: 'dir:/l/c2/rootfs' },
    });
  });

  it('an overlay clone: its layers are mounted on <clone>/rootfs for the hooks', async () => {
    await runCloneHooks(parseConfig('lxc.rootfs.path = overlay:/l/c1/rootfs:/l/c2/overlay/delta\nlxc.hook.clone = /h\n'), loc('root'), 'c1', []);
    expect(last()).toMatchObject({
      overlay: { lower: '/l/c1/rootfs', upper: '/l/c2/overlay/delta', work: '/l/c2/overlay/work', target: '/l/c2/rootfs' },
      env: { LXC_ROOTFS_MOUNT: '/l/c2/rootfs', LXC_ROOTFS_PATH: 'overlay:/l/c1/rootfs:/l/c2/overlay/delta' },
    });
  });

  it("root's containers run them as root, also unprivileged; another owner's: clone as her container's root, destroy as her", async () => {
    await runCloneHooks(parseConfig(`${MAPS}lxc.hook.clone = /h\n`), loc('root'), 'c1', []);
    expect(last().user).toBeUndefined();
    await runCloneHooks(parseConfig(`${MAPS}lxc.hook.clone = /h\n`), loc('nobody'), 'c1', []);
    expect(last().user).toEqual({ uid: 100000, gid: 200000 });
    await runDestroyHooks(parseConfig(`${MAPS}lxc.hook.destroy = /h\n`), loc('nobody'));
    expect(last()).toMatchObject({ type: 'destroy', user: { uid: 65534, gid: 65534 }, env: { LXC_ROOTFS_PATH: '/l/c2/rootfs' } });
  });

  it('no hooks, nothing run; a failing hook is HOOK_FAILED with its status', async () => {
    await runDestroyHooks(parseConfig(''), loc('root'));
    expect(run).not.toHaveBeenCalled();
    run.mockRejectedValueOnce(Object.assign(new Error('destroy hook `/h` failed with status 3'), { status: 3 }));
    await expect(runDestroyHooks(parseConfig('lxc.hook.destroy = /h\n'), loc('root'))).rejects.toThrow(HookFailedError);
  });

  it('lxc-destroy: a config that cannot be read has no hooks to run and does not stop the removal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'destroy-hooks-'));
    try {
      const at = { ...loc('root'), dir, configFile: join(dir, 'config') };
      await runDestroyHooksOf(at); // no config at all
      writeFileSync(at.configFile, 'lxc.hook.destroy = /h\nlxc.hook.version = 7\n');
      await runDestroyHooksOf(at);
      expect(run).not.toHaveBeenCalled();
      writeFileSync(at.configFile, 'lxc.hook.destroy = /h\n');
      await runDestroyHooksOf(at);
      expect(last()).toMatchObject({ type: 'destroy', hooks: ['/h'] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
