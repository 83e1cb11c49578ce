/**
 * Confinement proven from inside: the static probe reports capability sets, seccomp,
 * no_new_privs, the errno of syscalls the default policy blocks and which LXC-read-only
 * paths are writable, in an lxcbus container and in a real LXC container with the same
 * config. The two must agree.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeSystem, startStack, type Stack } from './support/stack-harness';
import { writeEmptyNetDefaultConfig } from './support/bus-helpers';
import { confinementView, createLxcbus, probeSkipReason, RealLxc, realLxcSkipReason, type Side } from './support/lxc-side';

jest.setTimeout(240_000);

const COMMON_SECCOMP = '/usr/share/lxc/config/common.seccomp';
const CONFINED = [`lxc.seccomp.profile = ${COMMON_SECCOMP}`, 'lxc.no_new_privs = 1', 'lxc.cap.drop = sys_rawio sys_boot'];
const EPERM = 1;
const EACCES = 13;
const EROFS = 30;

describeSystem('confinement: caps, seccomp, no_new_privs, read-only /proc and /sys', () => {
  const probeReason = probeSkipReason();
  const lxcReason = realLxcSkipReason();
  if (probeReason) console.warn(`confinement: probe tests skipped: ${probeReason}`);
  if (lxcReason) console.warn(`confinement: side-by-side with real LXC skipped: ${lxcReason}`);
  const itProbe = probeReason ? it.skip : it;
  const itBoth = probeReason || lxcReason ? it.skip : it;

  let stack: Stack;
  let confDir: string;
  let real: RealLxc;
  const tag = `${process.pid % 10000}`;
  const sides: Record<string, Side> = {};

  beforeAll(async () => {
    confDir = mkdtempSync(join(tmpdir(), 'lxcbus-confine-'));
    stack = await startStack({ defaultConfig: writeEmptyNetDefaultConfig(confDir) });
    real = new RealLxc();
    if (probeReason) return;
    for (const [key, extra] of [['confined', CONFINED], ['plain', []]] as const) {
      const side = createLxcbus(stack, `cf${key[0]}${tag}`, [...extra]);
      expect(side.run('lxc-start', ['-n', side.name])).toMatchObject({ code: 0 });
      sides[key] = side;
    }
  });

  afterAll(async () => {
    real?.cleanup();
    await stack?.stop().catch((err: unknown) => console.warn(`stack cleanup: ${String(err)}`));
    rmSync(confDir, { recursive: true, force: true });
  });

  itProbe('drops lxc.cap.drop from the bounding set and the default policy blocks with EPERM', () => {
    const p = sides.confined.probe();
    const bnd = BigInt(`0x${p.CapBnd}`);
    // sys_module 16, sys_rawio 17, sys_boot 22, sys_time 25, mac_override 32, mac_admin 33
    for (const cap of [16n, 17n, 22n, 25n, 32n, 33n]) expect(bnd & (1n << cap)).toBe(0n);
    expect(p.CapEff).toBe(p.CapBnd);
    expect(p).toMatchObject({ Seccomp: '2', NoNewPrivs: '1' });
    expect(p.syscalls).toMatchObject({
      kexec_load: EPERM, open_by_handle_at: EPERM, init_module: EPERM, finit_module: EPERM, delete_module: EPERM, umount2_force: EACCES,
    });
  });

  itProbe('with no_new_privs a setuid-root binary does not raise privilege; without, it does', () => {
    expect(sides.confined.probe(['as', '1000', '/probe-suid', 'ids'])).toEqual({ uid: 1000, euid: 1000 });
    expect(sides.plain.probe(['as', '1000', '/probe-suid', 'ids'])).toEqual({ uid: 1000, euid: 0 });
  });

  itProbe('proc:mixed sys:ro: /proc/sys and /sys read-only, /proc/sys/net writable', () => {
    expect(sides.plain.probe().writable).toMatchObject({
      '/proc/sys/kernel/hostname': EROFS, '/proc/sys/net/ipv4/ip_forward': 0, '/sys/kernel': EROFS, '/sys/fs/cgroup': EROFS,
    });
  });

  itBoth('the probe sees the same under real LXC with the same config', () => {
    for (const [key, extra] of [['confined', CONFINED], ['plain', []]] as const) {
      const lxc = real.create(`rl${key[0]}${tag}`, [...extra]);
      expect(lxc.run('lxc-start', ['-n', lxc.name])).toMatchObject({ code: 0 });
      expect(confinementView(sides[key].probe())).toEqual(confinementView(lxc.probe()));
      expect(sides[key].probe(['as', '1000', '/probe-suid', 'ids'])).toEqual(lxc.probe(['as', '1000', '/probe-suid', 'ids']));
    }
  });
});
