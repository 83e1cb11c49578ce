/**
 * What a privileged container sees, reported by the static probe run inside it
 * with lxc-attach: its own hostname, busybox init as pid 1, only its own
 * processes, its rootfs with /proc, a read-only /sys, /dev and devpts, and a
 * cgroup namespace rooted at its cgroup.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describeSystem, startStack, type Stack } from './support/stack-harness';

const PROBE_DIR = resolve(__dirname, '../probe');
const PROBE = join(PROBE_DIR, 'build/lxcbus-probe');

interface ProbeReport {
  hostname: string;
  pid: number;
  uid: number;
  pid1_cmdline: string;
  uid_map: string;
  mounts: string;
  cgroup: string;
  pids: number[];
}

describeSystem('probe: what a privileged container sees', () => {
  let stack: Stack;
  let dir: string;
  const name = `probe${process.pid % 10000}`;
  let report: ProbeReport;

  beforeAll(async () => {
    const built = spawnSync('make', ['-s', '-C', PROBE_DIR], { encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`building the probe failed (needs gcc and libc6-dev): ${built.stderr}`);
    dir = mkdtempSync(join(tmpdir(), 'lxcbus-probe-'));
    writeFileSync(join(dir, 'default.conf'), 'lxc.net.0.type = empty\n');
    stack = await startStack({ defaultConfig: join(dir, 'default.conf') });
    expect(stack.lxc('lxc-create', ['-t', 'busybox', '-n', name]).code).toBe(0);
    copyFileSync(PROBE, join(stack.lxcpath, name, 'rootfs/probe'));
    expect(stack.lxc('lxc-start', ['-n', name, '-d']).code).toBe(0);
    const r = stack.lxc('lxc-attach', ['-n', name, '--', '/probe']);
    expect(r.code).toBe(0);
    report = JSON.parse(r.stdout) as ProbeReport;
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('has the container hostname and busybox init as pid 1', () => {
    expect(report.hostname).toBe(name);
    // busybox init, started as /sbin/init, rewrites its argv to "init" (as it does under LXC).
    expect(report.pid1_cmdline).toBe('init');
    expect(report.uid).toBe(0);
    expect(report.uid_map.trim().split(/\s+/)).toEqual(['0', '0', '4294967295']);
  });

  it('sees only its own processes', () => {
    const hostPids = readdirSync('/proc').filter((p) => /^\d+$/.test(p)).length;
    expect(report.pids).toContain(1);
    expect(report.pids.length).toBeLessThan(15);
    expect(report.pids.length).toBeLessThan(hostPids);
    expect(Math.max(...report.pids)).toBeLessThan(1000);
  });

  it('has its rootfs, /proc, a read-only /sys, /dev and devpts', () => {
    const mounts = report.mounts.split('\n').map((l) => l.split(' '));
    const at = (target: string) => mounts.find((m) => m[1] === target);
    expect(at('/')).toBeDefined();
    expect(at('/proc')?.[2]).toBe('proc');
    expect(at('/sys')?.[2]).toBe('sysfs');
    expect(at('/sys')?.[3].split(',')).toContain('ro');
    expect(at('/dev')?.[2]).toBe('tmpfs');
    expect(at('/dev/pts')?.[2]).toBe('devpts');
    expect(mounts.some((m) => m[1] === '/proc/sys' && m[3].split(',').includes('ro'))).toBe(true);
  });

  it('is in a cgroup namespace rooted at its own cgroup, which the host sees under lxcbus/', () => {
    for (const line of report.cgroup.split('\n').filter(Boolean)) expect(line).toMatch(/:\/$/);
    const pid = stack.lxc('lxc-info', ['-n', name, '-pH']).stdout.trim();
    const hostView = spawnSync('cat', [`/proc/${pid}/cgroup`], { encoding: 'utf8' }).stdout;
    expect(hostView).toMatch(/lxcbus\//);
    expect(existsSync(`/proc/${pid}`)).toBe(true);
  });
});
