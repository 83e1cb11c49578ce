/**
 * lxc-device under cgroup2 device rules (lxc.cgroup2.devices.*), where the shim enforces them
 * with one BPF_CGROUP_DEVICE program: adding a node appends an allow rule and swaps in a rebuilt
 * program, deleting appends a deny. On a hybrid host (this one) the shim is pointed at the
 * cgroup2 mount (LXCBUS_CGROUP_ROOT=/sys/fs/cgroup/unified), where it sees a cgroup2-only root;
 * the v1 devices controller then leaves the container alone and only the program decides.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeSystem, startStack, type Stack } from './support/stack-harness';
import { writeEmptyNetDefaultConfig } from './support/bus-helpers';
import { createLxcbus, probeSkipReason, type Side } from './support/lxc-side';

jest.setTimeout(240_000);

const PURE_V2 = existsSync('/sys/fs/cgroup/cgroup.controllers');
const UNIFIED = '/sys/fs/cgroup/unified';
const CGROUP2_ROOT = PURE_V2 ? null : existsSync(join(UNIFIED, 'cgroup.controllers')) ? UNIFIED : undefined;
const RULES = ['lxc.cgroup2.devices.deny = a', 'lxc.cgroup2.devices.allow = c 1:* rwm', 'lxc.cgroup2.devices.allow = c 5:* rwm',
  'lxc.cgroup2.devices.allow = c 136:* rwm', 'lxc.cgroup2.devices.allow = c 4:* rwm'];
const TUN = '/dev/net/tun';
const OPEN_TUN = ['sh', '-c', `test -c ${TUN} && exec 3<>${TUN} && echo opened`];
const MKNOD_TUN = ['sh', '-c', `mkdir -p /dev/net; mknod ${TUN} c 10 200`];

describeSystem('lxc-device with a cgroup2 device program', () => {
  const reason = probeSkipReason() ?? (existsSync(TUN) ? null : `${TUN} is missing`)
    ?? (CGROUP2_ROOT === undefined ? 'no cgroup2 mount to put containers in' : null);
  if (reason) console.warn(`device-cgroup2: skipped: ${reason}`);
  const itV2 = reason ? it.skip : it;
  const name = `dc${process.pid % 100000}`;
  const saved = process.env.LXCBUS_CGROUP_ROOT;
  let stack: Stack;
  let confDir: string;
  let ours: Side;

  beforeAll(async () => {
    confDir = mkdtempSync(join(tmpdir(), 'lxcbus-devcg2-'));
    if (reason) return;
    if (CGROUP2_ROOT) process.env.LXCBUS_CGROUP_ROOT = CGROUP2_ROOT;
    stack = await startStack({ defaultConfig: writeEmptyNetDefaultConfig(confDir) });
    ours = createLxcbus(stack, name, RULES);
    expect(ours.run('lxc-start', ['-n', name])).toMatchObject({ code: 0 });
  });

  afterAll(async () => {
    if (saved === undefined) delete process.env.LXCBUS_CGROUP_ROOT;
    else process.env.LXCBUS_CGROUP_ROOT = saved;
    await stack?.stop().catch((err: unknown) => console.warn(`stack cleanup: ${String(err)}`));
    rmSync(confDir, { recursive: true, force: true });
  });

  itV2('add allows the node in the program, del denies it again, add again allows it', () => {
    expect(ours.attach(MKNOD_TUN).stderr).toMatch(/Operation not permitted/);
    for (let round = 0; round < 2; round++) {
      expect(ours.run('lxc-device', ['-n', name, 'add', TUN])).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(ours.attach(['ls', '-l', TUN]).stdout).toMatch(/^crw------- +1 root +root +10, +200 /);
      expect(ours.attach(OPEN_TUN).stdout.trim()).toBe('opened');
      expect(ours.run('lxc-device', ['-n', name, 'del', TUN])).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(ours.attach(['ls', TUN]).code).not.toBe(0);
      expect(ours.attach(MKNOD_TUN).stderr).toMatch(/Operation not permitted/);
    }
  });
});
