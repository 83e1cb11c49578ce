/**
 * cgroup v2 handling of the shim (cgroup.c, cgroup-limits.c, freezer.c) against a fake
 * cgroupfs tree: the root is a parameter, so plain files in a temp dir stand in for the
 * kernel. No root needed; needs a C compiler and libcap/libseccomp headers for the build.
 */
import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

const CORE = resolve(__dirname, '../src/core');
const SRCS = ['c/cgroup-fake.c'].map((f) => join(__dirname, f)).concat(['cgroup.c', 'cgroup-limits.c', 'bpf-devices.c', 'freezer.c', 'error.c', 'util.c'].map((f) => join(CORE, f)));

let bin = '';
let buildError = '';
const dir = mkdtempSync(join(tmpdir(), 'lxcbus-cgfake-'));
try {
  bin = join(dir, 'cgroup-fake');
  execFileSync('cc', ['-std=gnu11', '-O2', '-Wall', '-Werror', '-Wno-format-truncation', `-I${CORE}`, '-o', bin, ...SRCS], { stdio: 'pipe' });
} catch (err) {
  buildError = String((err as { stderr?: Buffer }).stderr ?? err);
}
if (buildError) console.warn(`native/test/cgroup-fake.spec.ts skipped: cannot build the driver: ${buildError}`);
const d = buildError ? describe.skip : describe;

/** A pure cgroup2 root offering memory, pids and cpu; the kernel's files are pre-made in the leaf. */
function fakeV2(): string {
  const root = mkdtempSync(join(dir, 'v2-'));
  writeFileSync(join(root, 'cgroup.controllers'), 'cpuset cpu io memory pids\n');
  writeFileSync(join(root, 'cgroup.subtree_control'), '');
  writeFileSync(join(root, 'cgroup.procs'), '');
  return root;
}

function leafFiles(leaf: string): void {
  for (const f of ['memory.max', 'pids.max', 'cpu.max', 'cgroup.freeze', 'cgroup.controllers', 'cgroup.procs']) writeFileSync(join(leaf, f), 'max\n');
  writeFileSync(join(leaf, 'cgroup.events'), 'populated 1\nfrozen 0\n');
  writeFileSync(join(leaf, 'memory.events'), 'low 0\nhigh 0\nmax 3\noom 1\noom_kill 2\n');
}

const run = (root: string, ...args: string[]): string => execFileSync(bin, [root, 'c1', ...args], { encoding: 'utf8' }).trim();
const runErr = (root: string, ...args: string[]): string => {
  try {
    return run(root, ...args);
  } catch (err) {
    return String((err as { stdout?: string }).stdout).trim();
  }
};

afterAll(() => rmSync(dir, { recursive: true, force: true }));

d('cgroup v2 against a fake cgroupfs', () => {
  let root: string;
  let leaf: string;
  beforeEach(() => {
    root = fakeV2();
    expect(run(root, 'create')).toBe(`OK ${join(root, 'lxcbus/c1')}`);
    leaf = join(root, 'lxcbus/c1');
    leafFiles(leaf);
  });

  it('creates <root>/lxcbus/<name> and enables the root controllers on the way down', () => {
    expect(existsSync(leaf)).toBe(true);
    // Plain files keep the last write: the last controller requested is the proof of the walk.
    expect(readFileSync(join(root, 'cgroup.subtree_control'), 'utf8')).toMatch(/^\+pids/);
  });

  it('writes lxc.cgroup2 limits to the leaf and ignores lxc.cgroup (v1) keys, as LXC on a v2 host', () => {
    expect(run(root, 'apply', 'v2', 'memory.max', '256M')).toBe('OK');
    expect(run(root, 'apply', 'v2', 'pids.max', '20')).toBe('OK');
    expect(readFileSync(join(leaf, 'memory.max'), 'utf8')).toBe('256M');
    expect(readFileSync(join(leaf, 'pids.max'), 'utf8')).toBe('20');
    expect(run(root, 'apply', 'v1', 'memory.limit_in_bytes', '1G')).toBe('OK');
    expect(existsSync(join(leaf, 'memory.limit_in_bytes'))).toBe(false);
  });

  it('refuses a controller the leaf does not have; device rules go to a BPF program, checked first', () => {
    expect(runErr(root, 'apply', 'v2', 'hugetlb.2MB.max', '0')).toMatch(/^ERR ENOENT lxc.cgroup2.hugetlb.2MB.max = 0: .*controller not enabled/);
    expect(runErr(root, 'apply', 'v2', 'devices.allow', 'x 1:3 rwm')).toMatch(/^ERR EINVAL lxc.cgroup2.devices: bad device rule `x 1:3 rwm`/);
    // A plain directory is no cgroup: loading (non-root) or attaching (root) the program fails.
    expect(runErr(root, 'apply', 'v2', 'devices.allow', 'c 1:3 rwm')).toMatch(/^ERR \S+ lxc.cgroup2.devices: .*bpf\(BPF_PROG_(LOAD|ATTACH)\)/);
  });

  it('reads and writes live values (lxc-cgroup), refusing paths', () => {
    expect(run(root, 'get', 'memory.max')).toBe('OK max');
    expect(run(root, 'set', 'memory.max', '64M')).toBe('OK');
    expect(run(root, 'get', 'memory.max')).toBe('OK 64M');
    expect(runErr(root, 'get', '../../etc.passwd')).toMatch(/^ERR ENOENT/);
    expect(runErr(root, 'get', 'bogus.key')).toMatch(/^ERR ENOENT .*bogus.key/);
  });

  it('freezes through cgroup.freeze and reports FREEZING until cgroup.events says frozen', () => {
    expect(run(root, 'state')).toBe('OK THAWED');
    expect(run(root, 'freeze')).toBe('OK');
    expect(readFileSync(join(leaf, 'cgroup.freeze'), 'utf8')).toBe('1');
    expect(run(root, 'state')).toBe('OK FREEZING');
    writeFileSync(join(leaf, 'cgroup.events'), 'populated 1\nfrozen 1\n');
    expect(run(root, 'state')).toBe('OK FROZEN');
    expect(run(root, 'thaw')).toBe('OK');
    writeFileSync(join(leaf, 'cgroup.events'), 'populated 1\nfrozen 0\n');
    expect(run(root, 'state')).toBe('OK THAWED');
  });

  it('counts OOM kills from memory.events', () => {
    expect(run(root, 'oom')).toBe('OK 2');
  });
});

/**
 * cgroup.c tells hierarchies apart by device (co-mounted controllers share one), and a fake
 * tree is one filesystem: it stands for a single co-mounted memory+freezer hierarchy.
 */
d('cgroup v1 layout against a fake tree', () => {
  it('writes v1 keys where the file is, reads oom_kill from memory.oom_control, freezes via freezer.state', () => {
    const root = mkdtempSync(join(dir, 'v1-'));
    mkdirSync(join(root, 'memory,freezer'));
    writeFileSync(join(root, 'memory,freezer', 'cgroup.procs'), '');
    const leaf = join(root, 'memory,freezer/lxcbus/c1');
    expect(run(root, 'create')).toBe(`OK ${leaf}`);
    writeFileSync(join(leaf, 'memory.limit_in_bytes'), '9223372036854771712\n');
    writeFileSync(join(leaf, 'memory.oom_control'), 'oom_kill_disable 0\nunder_oom 0\noom_kill 1\n');
    writeFileSync(join(leaf, 'freezer.state'), 'THAWED\n');
    expect(run(root, 'apply', 'v1', 'memory.limit_in_bytes', '32M')).toBe('OK');
    expect(readFileSync(join(leaf, 'memory.limit_in_bytes'), 'utf8')).toBe('32M');
    expect(runErr(root, 'apply', 'v1', 'cpu.shares', '512')).toMatch(/^ERR ENOENT .*no v1 cgroup controller has `cpu.shares`/);
    // LXC: "Ignoring cgroup2 limits on legacy cgroup system".
    expect(run(root, 'apply', 'v2', 'memory.max', '1G')).toBe('OK');
    expect(run(root, 'apply', 'v2', 'devices.allow', 'c 1:3 rwm')).toBe('OK');
    expect(existsSync(join(leaf, 'memory.max'))).toBe(false);
    expect(run(root, 'oom')).toBe('OK 1');
    expect(run(root, 'freeze')).toBe('OK');
    expect(readFileSync(join(leaf, 'freezer.state'), 'utf8')).toBe('FROZEN');
    expect(run(root, 'state')).toBe('OK FROZEN');
  });
});
