/**
 * lxc.mount.auto cgroup:force (native/src/core/cgroup-mount.c), root only: a rootfs is the
 * container's to shape, and a privileged container's /sys may be a symlink to a host directory.
 * Init runs before pivot with the host's view: /sys/fs/cgroup must be made and mounted as the
 * container sees it (the link resolved inside the rootfs), never in the host's directory.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ShimClient, startContainer } from '../lib';
import { buildBusyboxRootfs } from './busybox-rootfs';
import { Harness, skipReason } from './harness';

const reason = skipReason();
if (reason) console.warn(`native/test/cgroup-mount.spec.ts skipped: ${reason}`);
const d = reason ? describe.skip : describe;

d('cgroup:force with a symlinked /sys (root)', () => {
  jest.setTimeout(30_000);
  let h: Harness;
  let host: string;
  beforeAll(() => {
    h = new Harness();
    host = mkdtempSync(join(tmpdir(), 'lxcbus-cgvictim-'));
  });
  afterAll(async () => {
    if (h) await h.cleanup();
    rmSync(host, { recursive: true, force: true });
  });

  /** A rootfs whose /sys is `link`; init lists /sys/fs/cgroup into /out and waits. */
  async function start(link: string, makeInside: boolean): Promise<{ rootfs: string; started: Promise<unknown> }> {
    const rootfs = join(h.dir, `rootfs-${link.replace(/\W/g, '_')}`);
    buildBusyboxRootfs(rootfs);
    rmSync(join(rootfs, 'sys'), { recursive: true });
    symlinkSync(link, join(rootfs, 'sys'));
    if (makeInside) mkdirSync(join(rootfs, host), { recursive: true });
    const spec = h.spec({
      rootfs,
      mountAuto: { sys: 'none', cgroup: 'rw' },
      init: ['/bin/sh', '-c', 'ls /sys/fs/cgroup > /out; exec sleep 1000'],
    });
    const started = startContainer(spec).then(async () => {
      for (let i = 0; i < 100 && !existsSync(join(rootfs, 'out')); i++) await new Promise((r) => setTimeout(r, 50));
      await ShimClient.forRunDir(spec.runDir).stop(9, 2000);
    });
    return { rootfs, started };
  }

  it('an absolute link is followed inside the rootfs: the hierarchies are there, the host dir stays empty', async () => {
    const { rootfs, started } = await start(host, true);
    await started;
    expect(readdirSync(host)).toEqual([]);
    const listed = readFileSync(join(rootfs, 'out'), 'utf8').split('\n').filter(Boolean);
    const want = readdirSync('/sys/fs/cgroup').filter((n) => !n.includes(','));
    expect(listed.length).toBeGreaterThan(0);
    for (const n of want.filter((x) => ['cpu', 'memory', 'pids', 'unified', 'cgroup.procs'].includes(x))) expect(listed).toContain(n);
    expect(existsSync(join(rootfs, host, 'fs', 'cgroup'))).toBe(true);
  });

  it('a link to a host path absent from the rootfs fails the start and creates nothing on the host', async () => {
    const { started } = await start(`${host}/absent`, false);
    await expect(started).rejects.toThrow(/mount\.auto cgroup.*sys\/fs\/cgroup.*ENOENT/);
    expect(readdirSync(host)).toEqual([]);
  });

  it('a relative link climbing out of the rootfs stays inside it too', async () => {
    const { rootfs, started } = await start(`../../../../../../../../..${host}`, true);
    await started;
    expect(readdirSync(host)).toEqual([]);
    expect(existsSync(join(rootfs, host, 'fs', 'cgroup'))).toBe(true);
  });
});
