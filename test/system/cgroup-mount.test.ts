/**
 * lxc.mount.auto = cgroup…:force: the container's own cgroup hierarchies under /sys/fs/cgroup,
 * mounted in its cgroup namespace. Compared with real LXC 5.0.2 under the same config: the
 * cgroup mounts of the container's mountinfo (point, options, type, source, super options, in
 * order), and what the container may do with them (a child cgroup: made with rw, EROFS with ro).
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describeSystem, startStack, type Stack } from './support/stack-harness';
import { writeEmptyNetDefaultConfig } from './support/bus-helpers';
import { createLxcbus, lxcbusSide, RealLxc, realLxcSkipReason, type Side } from './support/lxc-side';
import { dropRootRange, ensureRootRange } from './support/root-range';

jest.setTimeout(240_000);

const MAP_LINES = ['lxc.idmap = u 0 100000 65536', 'lxc.idmap = g 0 100000 65536'];

/** The mounts on and under /sys/fs/cgroup: `<point> <options> - <type> <source> <super>` without ids. */
function cgroupMounts(side: Side): string[] {
  const r = side.attach(['cat', '/proc/self/mountinfo']);
  expect(r.code).toBe(0);
  return r.stdout.split('\n').filter(Boolean).map((line) => {
    const [head, tail] = line.split(' - ');
    const f = head.split(' ');
    return `${f[4]} ${f[5]} - ${tail}`;
  }).filter((l) => l.startsWith('/sys/fs/cgroup'));
}

/** `mkdir` of a child cgroup in the container's pids hierarchy: the shell's status and message. */
function makeChild(side: Side): string {
  const r = side.attach(['sh', '-c', 'mkdir /sys/fs/cgroup/pids/probe-child 2>&1 && rmdir /sys/fs/cgroup/pids/probe-child && echo made']);
  return r.stdout.trim().replace(/^mkdir: (can't create directory )?'?\/sys\/fs\/cgroup\/pids\/probe-child'?: /, '');
}

describeSystem('lxc.mount.auto cgroup:force', () => {
  const lxcReason = realLxcSkipReason();
  if (lxcReason) console.warn(`cgroup:force side by side with real LXC skipped: ${lxcReason}`);
  let stack: Stack;
  let confDir: string;
  let real: RealLxc | undefined;
  const tag = `${process.pid % 10000}`;
  let n = 0;
  let ranges: string[] = [];

  beforeAll(async () => {
    confDir = mkdtempSync(join(tmpdir(), 'lxcbus-cgmount-'));
    stack = await startStack({ defaultConfig: writeEmptyNetDefaultConfig(confDir) });
    if (!lxcReason) real = new RealLxc();
    ranges = ensureRootRange(); // for the unprivileged case, on both sides
  });

  afterAll(async () => {
    real?.cleanup();
    dropRootRange(ranges);
    await stack?.stop().catch((err: unknown) => console.warn(`stack cleanup: ${String(err)}`));
    rmSync(confDir, { recursive: true, force: true });
  });

  /** The same config on both sides, started; the real one is absent when LXC is not here. */
  const both = (...lines: string[]): { ours: Side; theirs?: Side } => {
    const name = `cgm${n++}x${tag}`;
    const ours = createLxcbus(stack, name, lines);
    const started = ours.run('lxc-start', ['-n', name]);
    expect({ code: started.code, stderr: started.stderr }).toEqual({ code: 0, stderr: '' });
    const theirs = real?.create(name, lines);
    if (theirs) expect(theirs.run('lxc-start', ['-n', name])).toMatchObject({ code: 0 });
    return { ours, theirs };
  };

  it('cgroup:mixed:force: a tmpfs and every hierarchy, writable, rooted at the container\'s cgroup, as LXC', () => {
    const { ours, theirs } = both('lxc.mount.auto = cgroup:mixed:force');
    const mounts = cgroupMounts(ours);
    expect(mounts[0]).toBe('/sys/fs/cgroup rw,nosuid,nodev,noexec,relatime - tmpfs none rw,size=10240k,mode=755');
    expect(mounts.some((m) => /^\/sys\/fs\/cgroup\/pids rw,nosuid,nodev,noexec,relatime - cgroup none rw,pids$/.test(m))).toBe(true);
    expect(ours.attach(['cat', '/proc/1/cgroup']).stdout).toMatch(/^\d+:pids:\/$/m); // its own cgroup is the root
    expect(makeChild(ours)).toBe('made');
    if (!theirs) return;
    expect(mounts).toEqual(cgroupMounts(theirs));
    expect(makeChild(theirs)).toBe('made');
  });

  it('cgroup:ro:force: the hierarchies read-only (the tmpfs stays rw), a child cgroup refused, as LXC', () => {
    const { ours, theirs } = both('lxc.mount.auto = cgroup:ro:force');
    const mounts = cgroupMounts(ours);
    expect(mounts.slice(1).every((m) => m.split(' ')[1].startsWith('ro,'))).toBe(true);
    expect(makeChild(ours)).toMatch(/Read-only file system/);
    if (!theirs) return;
    expect(mounts).toEqual(cgroupMounts(theirs));
    expect(makeChild(theirs)).toBe(makeChild(ours));
  });

  it('cgroup-full:force and cgroup without :force: the same mounts as LXC (none without force)', () => {
    const full = both('lxc.mount.auto = cgroup-full:force');
    const plain = both('lxc.mount.auto = cgroup:mixed');
    expect(cgroupMounts(full.ours).length).toBeGreaterThan(1);
    expect(cgroupMounts(plain.ours)).toEqual([]);
    if (!full.theirs || !plain.theirs) return;
    expect(cgroupMounts(full.ours)).toEqual(cgroupMounts(full.theirs));
    expect(cgroupMounts(plain.theirs)).toEqual([]);
  });

  it('an unprivileged container (lxc.idmap): the same mounts as LXC (the tmpfs owned by the mapped root), a child cgroup made', () => {
    const name = `cgmu${tag}`;
    const conf = join(confDir, 'unpriv.conf');
    writeFileSync(conf, ['lxc.net.0.type = empty', ...MAP_LINES, ''].join('\n'));
    const force = 'lxc.mount.auto = cgroup:mixed:force\n'; // after the template's own cgroup:mixed line
    chmodSync(dirname(stack.lxcpath), 0o755); // the mapped root walks to its rootfs, as under /var/lib/lxc
    expect(stack.lxc('lxc-create', ['-t', 'busybox', '-n', name, '-f', conf], { timeoutMs: 120_000 })).toMatchObject({ code: 0 });
    appendFileSync(join(stack.lxcpath, name, 'config'), force);
    const ours = lxcbusSide(stack, name);
    expect(ours.run('lxc-start', ['-n', name])).toMatchObject({ code: 0, stderr: '' });
    const mounts = cgroupMounts(ours);
    expect(mounts[0]).toBe('/sys/fs/cgroup rw,nosuid,nodev,noexec,relatime - tmpfs none rw,size=10240k,mode=755,uid=100000,gid=100000');
    expect(makeChild(ours)).toBe('made');
    if (!real) return;
    chmodSync(real.lxcpath, 0o755);
    execFileSync('lxc-create', ['-P', real.lxcpath, '-n', name, '-t', 'busybox', '-f', conf], { stdio: 'ignore' });
    appendFileSync(join(real.lxcpath, name, 'config'), force);
    const theirs = real.side(name);
    try {
      expect(theirs.run('lxc-start', ['-n', name])).toMatchObject({ code: 0 });
      expect(mounts).toEqual(cgroupMounts(theirs));
      expect(makeChild(theirs)).toBe('made');
    } finally {
      theirs.run('lxc-stop', ['-n', name, '-k']);
      theirs.run('lxc-destroy', ['-n', name, '-f']);
    }
  });
});
