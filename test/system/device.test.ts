/**
 * lxc-device with real containers, lxcbus and real LXC side by side (same container name,
 * separate lxcpaths): a device node appears in the running container with the host node's
 * type, numbers and mode, can be opened once the devices cgroup allows it (the containers deny
 * all devices but the usual few), and `del` removes it and denies it again; a veth end made by
 * the test moves into the container under a new name and back. Refusals match LXC's texts.
 * Real LXC cannot move links here (its is_interface() cannot open /proc/1/ns/net in this
 * sandbox), so the link part compares `del` only, after `ip link set netns` put the link in.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeSystem, startStack, type Stack } from './support/stack-harness';
import { writeEmptyNetDefaultConfig } from './support/bus-helpers';
import { createLxcbus, probeSkipReason, RealLxc, realLxcSkipReason, type Side } from './support/lxc-side';

jest.setTimeout(240_000);

const V1_DEVICES = existsSync('/sys/fs/cgroup/devices/devices.allow');
/** Deny everything but what busybox's init, a shell and lxc-attach need. */
const DEVICE_RULES = V1_DEVICES
  ? ['lxc.cgroup.devices.deny = a', 'lxc.cgroup.devices.allow = c 1:* rwm', 'lxc.cgroup.devices.allow = c 5:* rwm',
    'lxc.cgroup.devices.allow = c 136:* rwm', 'lxc.cgroup.devices.allow = c 4:* rwm']
  : [];
const TUN = '/dev/net/tun';
/** `<>` would create a regular file: open only what is a char device. */
const OPEN_TUN = ['sh', '-c', `test -c ${TUN} && exec 3<>${TUN} && echo opened`];
/** mknod is checked against the devices cgroup: EPERM while the device is denied. */
const MKNOD_TUN = ['sh', '-c', `mkdir -p /dev/net; mknod ${TUN} c 10 200`];

/** Real LXC also logs its failed /proc/1/ns/net probe on add (a sandbox artefact); compared without it. */
const clean = (s: string) => s.split('\n').filter((l) => !/switch_to_ns|is_interface/.test(l)).join('\n');
const ip = (...args: string[]) => spawnSync('ip', args, { encoding: 'utf8' });
const hostHasLink = (name: string) => ip('link', 'show', name).status === 0;
const lsLine = (s: Side, path: string) => s.attach(['ls', '-l', path]).stdout.trim().replace(/\s+\S+ \S+ \S+ \/dev/, ' DATE /dev');

describeSystem('lxc-device: nodes and links', () => {
  const reason = probeSkipReason() ?? (existsSync(TUN) ? null : `${TUN} is missing on the host`);
  const lxcReason = realLxcSkipReason();
  if (reason) console.warn(`device: skipped: ${reason}`);
  if (lxcReason) console.warn(`device: side-by-side with real LXC skipped: ${lxcReason}`);
  const itOurs = reason ? it.skip : it;
  const itBoth = reason || lxcReason ? it.skip : it;

  const tag = `${process.pid % 100000}`;
  const name = `dv${tag}`;
  const links = [`vd${tag}a`, `vd${tag}c`];
  let stack: Stack;
  let confDir: string;
  let real: RealLxc;
  let ours: Side;
  let theirs: Side | undefined;

  beforeAll(async () => {
    confDir = mkdtempSync(join(tmpdir(), 'lxcbus-device-'));
    stack = await startStack({ defaultConfig: writeEmptyNetDefaultConfig(confDir) });
    real = new RealLxc();
    if (reason) return;
    ours = createLxcbus(stack, name, DEVICE_RULES);
    expect(ours.run('lxc-start', ['-n', name])).toMatchObject({ code: 0 });
    if (lxcReason) return;
    theirs = real.create(name, DEVICE_RULES);
    expect(theirs.run('lxc-start', ['-n', name])).toMatchObject({ code: 0 });
  });

  afterAll(async () => {
    for (const l of links) ip('link', 'del', l);
    real?.cleanup();
    await stack?.stop().catch((err: unknown) => console.warn(`stack cleanup: ${String(err)}`));
    rmSync(confDir, { recursive: true, force: true });
  });

  itOurs('add makes the node with the host numbers and mode, allows it, and del removes and denies it', () => {
    if (V1_DEVICES) expect(ours.attach(MKNOD_TUN).stderr).toMatch(/Operation not permitted/);
    expect(ours.run('lxc-device', ['-n', name, 'add', TUN])).toEqual({ code: 0, stdout: '', stderr: '' });
    const line = lsLine(ours, TUN);
    expect(line).toMatch(/^crw------- +1 root +root +10, +200 DATE \/dev\/net\/tun$/);
    expect(ours.attach(OPEN_TUN).stdout.trim()).toBe('opened');
    if (V1_DEVICES) expect(ours.run('lxc-cgroup', ['-n', name, 'devices.list']).stdout).toContain('c 10:200 rwm');

    expect(ours.run('lxc-device', ['-n', name, 'del', TUN])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(ours.attach(['ls', TUN]).code).not.toBe(0);
    if (V1_DEVICES) expect(ours.run('lxc-cgroup', ['-n', name, 'devices.list']).stdout).not.toContain('c 10:200');
    // The cgroup denies it again: it cannot even be made by hand.
    if (V1_DEVICES) expect(ours.attach(MKNOD_TUN).stderr).toMatch(/Operation not permitted/);
  });

  itBoth('a block node: the same ls -l line and cgroup rules as LXC, and it opens', () => {
    const dev = '/dev/loop5';
    const lines: string[] = [];
    for (const s of [ours, theirs!]) {
      const r = s.run('lxc-device', ['-n', name, 'add', dev]);
      expect({ code: r.code, stderr: clean(r.stderr) }).toEqual({ code: 0, stderr: '' });
      lines.push(lsLine(s, dev));
      expect(s.attach(['dd', `if=${dev}`, 'of=/dev/null', 'count=1']).stderr).not.toMatch(/Operation not permitted/);
    }
    expect(lines[0]).toBe(lines[1]);
    expect(lines[0]).toMatch(/^brw-/);
    if (V1_DEVICES) {
      const list = (s: Side) => s.run('lxc-cgroup', ['-n', name, 'devices.list']).stdout.split('\n').sort();
      expect(list(ours)).toEqual(list(theirs!));
    }
    for (const s of [ours, theirs!]) expect(s.run('lxc-device', ['-n', name, 'del', dev])).toMatchObject({ code: 0 });
  });

  itBoth('refusals: the same text and exit code as LXC', () => {
    for (const s of [ours, theirs!]) s.run('lxc-create', ['-n', `${name}s`, '-t', 'busybox'], 120_000);
    const cases = [
      ['-n', `${name}x`, 'add', TUN],
      ['-n', `${name}s`, 'add', TUN],
      ['-n', `${name}s`, 'foo'],
      ['--help'],
      ['--usage'],
      ['-n', name, 'add'],
      ['-n', name, 'foo', TUN],
      ['-n', name, 'add', '/dev/nonexistent'],
      ['-n', name, 'del', '/dev/nonexistent'],
      ['-n', name, 'add', '/etc/passwd'],
      ['-n', name, 'add', '/dev/loop6', '/dev/myloop'],
      ['-q', '-n', name, 'add', '/dev/nonexistent'],
    ];
    for (const args of cases) {
      const a = ours.run('lxc-device', args);
      const b = theirs!.run('lxc-device', args);
      expect({ args, code: a.code, stdout: a.stdout, stderr: a.stderr }).toEqual({ args, code: b.code, stdout: b.stdout, stderr: clean(b.stderr) });
    }
  });

  itOurs('a veth end moves into the container under a new name and back out', () => {
    const [host, taken] = links;
    execFileSync('ip', ['link', 'add', host, 'type', 'veth', 'peer', 'name', `${host}p`]);
    execFileSync('ip', ['link', 'add', taken, 'type', 'veth', 'peer', 'name', `${taken}p`]);
    expect(ours.run('lxc-device', ['-n', name, 'add', host, 'eth5'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(hostHasLink(host)).toBe(false);
    expect(ours.attach(['ls', '/sys/class/net']).stdout.split(/\s+/)).toContain('eth5');

    // The name is taken in the container: refused, the link stays on the host.
    const refused = ours.run('lxc-device', ['-n', name, 'add', taken, 'eth5']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`main: 151 Failed to add ${taken} to ${name}`);
    expect(hostHasLink(taken)).toBe(true);

    expect(ours.run('lxc-device', ['-n', name, 'del', 'eth5', host])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(hostHasLink(host)).toBe(true);
    expect(ours.attach(['ls', '/sys/class/net']).stdout.split(/\s+/)).not.toContain('eth5');
  });

  itBoth('del of a link put into the container by hand: the same as LXC', () => {
    const results = [];
    for (const [i, s] of [ours, theirs!].entries()) {
      const link = `vd${tag}${i}`;
      links.push(link);
      execFileSync('ip', ['link', 'add', link, 'type', 'veth', 'peer', 'name', `${link}p`]);
      const pid = s.run('lxc-info', ['-n', name, '-pH']).stdout.trim();
      execFileSync('ip', ['link', 'set', link, 'netns', pid, 'name', 'eth6']);
      results.push(s.run('lxc-device', ['-n', name, 'del', 'eth6', link]));
      expect(hostHasLink(link)).toBe(true);
    }
    expect(results[0]).toEqual(results[1]);
  });
});
