/**
 * Root kernel tests of confinement and cgroup limits with the static probe
 * (test/probe) inside a busybox container. Skipped with a reason when not root,
 * when the native build or the probe is missing.
 */
import { execFileSync } from 'child_process';
import { chmodSync, copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { readExitRecord, ShimClient, startContainer, type ContainerSpec, type ExecOptions } from '../lib';
import { Harness, LXC_COMMON_SECCOMP, collect, skipReason } from './harness';

const PROBE = resolve(__dirname, '../../test/probe/build/lxcbus-probe');
function probeReason(): string | null {
  if (existsSync(PROBE)) return null;
  try {
    execFileSync('make', ['-C', resolve(__dirname, '../../test/probe')], { stdio: 'ignore' });
  } catch {
    return 'cannot build test/probe (needs a static libc: libc6-dev)';
  }
  return existsSync(PROBE) ? null : 'no test/probe/build/lxcbus-probe';
}
const v1 = existsSync('/sys/fs/cgroup/pids/cgroup.procs') && existsSync('/sys/fs/cgroup/memory/cgroup.procs');
const reason = skipReason() ?? probeReason();
if (reason) console.warn(`native/test/confinement.spec.ts skipped: ${reason}`);
const d = reason ? describe.skip : describe;
const dv1 = reason || !v1 ? describe.skip : describe;
if (!reason && !v1) console.warn('cgroup v1 limit tests skipped: no v1 pids/memory hierarchy on this host');
const hostLsm = existsSync('/sys/kernel/security/apparmor') || existsSync('/sys/fs/selinux/enforce');
if (hostLsm) console.warn('LSM-absent test skipped: this host has AppArmor or SELinux');
const itNoLsm = hostLsm ? it.skip : it;


async function run(client: ShimClient, opts: ExecOptions) {
  const s = client.exec(opts);
  const out = collect(s.stdout);
  s.stdin.end();
  const exit = await s.exit;
  return { exit, stdout: (await out).toString() };
}

async function probe(client: ShimClient, args: string[] = []): Promise<Record<string, any>> {
  const r = await run(client, { argv: ['/probe', ...args] });
  return JSON.parse(r.stdout.trim().split('\n').pop() as string);
}

function setup(h: Harness): void {
  copyFileSync(PROBE, join(h.rootfs, 'probe'));
  chmodSync(join(h.rootfs, 'probe'), 0o755);
  copyFileSync(PROBE, join(h.rootfs, 'probe-suid'));
  chmodSync(join(h.rootfs, 'probe-suid'), 0o4755);
  writeFileSync(join(h.dir, 'common.seccomp'), LXC_COMMON_SECCOMP);
}

d('confinement (root)', () => {
  jest.setTimeout(30_000);
  let h: Harness;
  beforeAll(() => {
    h = new Harness();
    setup(h);
  });
  afterAll(async () => h && (await h.cleanup()));

  async function start(over: Partial<ContainerSpec>): Promise<ShimClient> {
    const spec = h.spec(over);
    await startContainer(spec);
    return ShimClient.forRunDir(spec.runDir);
  }

  it('drops capabilities from the bounding set, loads the policy, sets no_new_privs', async () => {
    const c = await start({
      confine: { capDrop: ['sys_module', 'mac_admin', 'mac_override', 'sys_time', 'sys_boot'], noNewPrivs: true, seccompProfile: join(h.dir, 'common.seccomp') },
    });
    const p = await probe(c);
    const bnd = BigInt(`0x${p.CapBnd}`);
    for (const cap of [16, 32, 33, 25, 22]) expect(bnd & (1n << BigInt(cap))).toBe(0n);
    expect(bnd & (1n << 21n)).not.toBe(0n); // sys_admin kept
    expect(p.CapEff).toBe(p.CapBnd);
    expect(p).toMatchObject({ Seccomp: '2', NoNewPrivs: '1' });
    expect(p.syscalls).toMatchObject({ kexec_load: 1, open_by_handle_at: 1, init_module: 1, finit_module: 1, delete_module: 1, umount2_force: 13 });
  });

  it('lxc.cap.keep = none leaves an empty bounding set', async () => {
    const c = await start({ confine: { capKeep: ['none'] } });
    expect(await probe(c)).toMatchObject({ CapBnd: '0000000000000000', CapEff: '0000000000000000', Seccomp: '0', NoNewPrivs: '0' });
  });

  it('with no_new_privs a setuid-root binary does not raise privilege', async () => {
    const on = await start({ confine: { noNewPrivs: true } });
    const off = await start({});
    expect(await probe(on, ['as', '1000', '/probe-suid', 'ids'])).toEqual({ uid: 1000, euid: 1000 });
    expect(await probe(off, ['as', '1000', '/probe-suid', 'ids'])).toEqual({ uid: 1000, euid: 0 });
  });

  it('proc:mixed and sys:ro leave /proc/sys and /sys read-only, /proc/sys/net writable', async () => {
    const c = await start({ mountAuto: { proc: 'mixed', sys: 'ro' } });
    expect((await probe(c)).writable).toMatchObject({
      '/proc/sys/kernel/hostname': 30, '/proc/sys/net/ipv4/ip_forward': 0, '/sys/kernel': 30,
    });
  });

  it('proc:rw and sys:mixed: /proc/sys writable, /sys read-only except /sys/devices/virtual/net', async () => {
    const c = await start({ mountAuto: { proc: 'rw', sys: 'mixed' } });
    expect((await probe(c)).writable).toMatchObject({
      '/proc/sys/kernel/hostname': 0, '/proc/sys/net/ipv4/ip_forward': 0, '/sys/kernel': 30, '/sys/devices/virtual/net': 0,
    });
  });

  it('lxc.mount.entry: bind ro, tmpfs, create=dir/file, optional, relative', async () => {
    writeFileSync(join(h.dir, 'hostfile'), 'from host\n');
    writeFileSync(join(h.rootfs, 'etc/inside'), 'inside\n');
    const c = await start({
      mountEntries: [
        { source: h.dir, target: 'mnt/host', fstype: 'none', options: ['bind', 'ro', 'create=dir'] },
        { source: join(h.dir, 'hostfile'), target: 'etc/hostfile', fstype: 'none', options: ['bind', 'create=file'] },
        { source: 'tmpfs', target: '/scratch', fstype: 'tmpfs', options: ['size=1m', 'mode=1777', 'create=dir'] },
        { source: '/no/such/dir', target: 'mnt/missing', fstype: 'none', options: ['bind', 'optional', 'create=dir'] },
        { source: 'etc/inside', target: 'tmp/inside', fstype: 'none', options: ['bind', 'relative', 'create=file'] },
      ],
    });
    const r = await run(c, { argv: ['sh', '-c', 'cat /etc/hostfile /tmp/inside; touch /mnt/host/x 2>&1; echo rc=$?; grep -E " /scratch | /mnt/host " /proc/mounts | cut -d" " -f2-4'] });
    expect(r.stdout).toMatch(/^from host\ninside\n.*Read-only file system\nrc=1\n/);
    expect(r.stdout).toMatch(/\/mnt\/host \S+ ro,/);
    expect(r.stdout).toMatch(/\/scratch tmpfs rw,/);
  });

  itNoLsm('ignores LSM labels the host cannot apply, as LXC does, and says so in the container log', async () => {
    const spec = h.spec({ confine: { apparmorProfile: 'generated', selinuxContext: 'system_u:system_r:lxc_t:s0' } });
    await startContainer(spec);
    expect(await probe(ShimClient.forRunDir(spec.runDir))).toMatchObject({ Seccomp: '0' });
    const log = readFileSync(spec.logFile as string, 'utf8');
    expect(log).toContain('lxc.apparmor.profile `generated` ignored: the host has no AppArmor');
    expect(log).toContain('lxc.selinux.context `system_u:system_r:lxc_t:s0` ignored: the host has no SELinux');
  });

  it('refuses an unknown capability and a bad policy with the reason', async () => {
    await expect(start({ confine: { capDrop: ['no_such_cap'] } })).rejects.toThrow(/unknown capability `no_such_cap`/);
    writeFileSync(join(h.dir, 'bad.seccomp'), '2\ndenylist\nkexec_load explode\n');
    await expect(start({ confine: { seccompProfile: join(h.dir, 'bad.seccomp') } })).rejects.toThrow(/unrecognized action `explode`/);
  });
});

dv1('cgroup v1 limits, lxc-cgroup and the freezer (root)', () => {
  jest.setTimeout(60_000);
  let h: Harness;
  beforeAll(() => {
    h = new Harness();
    setup(h);
  });
  afterAll(async () => h && (await h.cleanup()));

  it('a fork bomb stops at pids.max; lxc-cgroup reads and sets it live', async () => {
    const spec = h.spec({ confine: { cgroupV1: [{ key: 'pids.max', value: '20' }] } });
    await startContainer(spec);
    const c = ShimClient.forRunDir(spec.runDir);
    expect(await c.cgroupGet('pids.max')).toBe('20\n');
    const bomb = await probe(c, ['forkbomb', '1000']);
    expect(bomb.errno).toBe(11);
    expect(bomb.forked).toBeLessThan(20);
    await c.cgroupSet('pids.max', '40');
    expect(await c.cgroupGet('pids.max')).toBe('40\n');
    await expect(c.cgroupGet('bogus.key')).rejects.toThrow(/bogus.key/);
  });

  it('a memory hog is killed at the memory limit and the exit says oom', async () => {
    const spec = h.spec({ init: ['/probe', 'hog', '512'], confine: { cgroupV1: [{ key: 'memory.limit_in_bytes', value: '32M' }] } });
    await startContainer(spec);
    // The hog may be dead (and its shim gone) before the watch connects: the exit record says the same.
    const exit = await ShimClient.forRunDir(spec.runDir).watch().catch(() => readExitRecord(spec.runDir));
    expect(exit).toMatchObject({ signal: 9, oom: true });
    expect(readFileSync(join(spec.runDir, 'exit'), 'utf8')).toMatch(/^oom\t1$/m);
  });

  it('lxc.cgroup.devices: common.conf\'s allowlist lets /dev/null through and stops /dev/zero', async () => {
    const allow = ['c *:* m', 'b *:* m', 'c 1:3 rwm', 'c 1:7 rwm', 'c 1:8 rwm', 'c 1:9 rwm', 'c 5:0 rwm', 'c 5:1 rwm', 'c 5:2 rwm', 'c 136:* rwm', 'c 10:229 rwm'];
    const spec = h.spec({ confine: { cgroupV1: [{ key: 'devices.deny', value: 'a' }, ...allow.map((value) => ({ key: 'devices.allow', value }))] } });
    await startContainer(spec);
    const r = await run(ShimClient.forRunDir(spec.runDir), { argv: ['sh', '-c', 'echo x > /dev/null && echo null-ok; head -c1 /dev/zero 2>&1; echo zero-rc=$?'] });
    expect(r.stdout).toMatch(/^null-ok\n.*Operation not permitted\nzero-rc=1\n$/);
  });

  it('a frozen container does not run until thawed', async () => {
    const spec = h.spec({ init: ['/bin/sh', '-c', 'while true; do echo x >> /tmp/count; done'] });
    await startContainer(spec);
    const c = ShimClient.forRunDir(spec.runDir);
    const count = async (): Promise<number> => statSync(join(h.rootfs, 'tmp/count')).size;
    await new Promise((r) => setTimeout(r, 200));
    await c.freeze(true);
    expect(await c.freezerState()).toBe('FROZEN');
    const a = await count();
    await new Promise((r) => setTimeout(r, 300));
    expect(await count()).toBe(a);
    await c.freeze(false);
    expect(await c.freezerState()).toBe('THAWED');
    await new Promise((r) => setTimeout(r, 300));
    expect(await count()).toBeGreaterThan(a);
    await c.freeze(true);
    // Frozen tasks cannot act on signals: kill and stop thaw, as LXC's stop command does.
    const exited = c.watch();
    await c.kill('SIGKILL');
    await expect(exited).resolves.toMatchObject({ signal: 9 });
  });
});
