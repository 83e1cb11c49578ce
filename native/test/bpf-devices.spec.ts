/**
 * cgroup2 device rules as a BPF_CGROUP_DEVICE program (bpf-devices.c), attached for real to
 * a fresh cgroup2 directory (the root on a pure v2 host, `unified` on a hybrid one) and
 * checked from a process inside it. Root only; skipped with the reason otherwise.
 */
import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

const CORE = resolve(__dirname, '../src/core');
const V2_ROOT = existsSync('/sys/fs/cgroup/cgroup.controllers') ? '/sys/fs/cgroup' : '/sys/fs/cgroup/unified';
const dir = mkdtempSync(join(tmpdir(), 'lxcbus-bpfdev-'));
const bin = join(dir, 'bpf-devices-try');

function skipReason(): string | null {
  if (process.getuid?.() !== 0) return 'not root';
  if (!existsSync(join(V2_ROOT, 'cgroup.procs'))) return `no cgroup2 hierarchy at ${V2_ROOT}`;
  try {
    execFileSync('cc', ['-std=gnu11', '-O2', '-Wall', '-Werror', '-Wno-format-truncation', `-I${CORE}`, '-o', bin,
      join(__dirname, 'c/bpf-devices-try.c'), ...['bpf-devices.c', 'error.c', 'util.c'].map((f) => join(CORE, f))], { stdio: 'pipe' });
  } catch (err) {
    return `cannot build the driver: ${String((err as { stderr?: Buffer }).stderr ?? err)}`;
  }
  return null;
}
const reason = skipReason();
if (reason) console.warn(`native/test/bpf-devices.spec.ts skipped: ${reason}`);
const d = reason ? describe.skip : describe;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function tryRules(...rules: Array<[string, string]>): Record<string, number> {
  const cg = join(V2_ROOT, `lxcbus-bpftest-${process.pid}-${++n}`);
  const out = execFileSync(bin, [cg, ...rules.flat()], { encoding: 'utf8' }).trim();
  const m = /^OK (.*)$/.exec(out);
  if (!m) throw new Error(out);
  return Object.fromEntries(m[1].split(' ').map((kv) => [kv.split('=')[0], Number(kv.split('=')[1])]));
}

const EPERM = 1;

d('cgroup2 device rules as a BPF program (root)', () => {
  it('deny a + an allowlist: only what is listed, with the listed access', () => {
    expect(tryRules(['deny', 'a'], ['allow', 'c 1:3 rwm'], ['allow', 'c 1:7 w'])).toEqual({ null: 0, zero: EPERM, full: 0, mknod_zero: EPERM });
  });

  it('common.conf\'s wildcard mknod rule allows mknod but not opening', () => {
    expect(tryRules(['deny', 'a'], ['allow', 'c *:* m'], ['allow', 'b *:* m'], ['allow', 'c 1:3 rwm'])).toEqual({ null: 0, zero: EPERM, full: EPERM, mknod_zero: 0 });
  });

  it('a denylist under the default allow', () => {
    expect(tryRules(['deny', 'c 1:5 rwm'])).toEqual({ null: 0, zero: EPERM, full: 0, mknod_zero: EPERM });
  });

  it('the last matching rule wins, like the v1 controller', () => {
    expect(tryRules(['deny', 'a'], ['allow', 'c 1:* rwm'], ['deny', 'c 1:7 rwm'])).toEqual({ null: 0, zero: 0, full: EPERM, mknod_zero: 0 });
  });
});
