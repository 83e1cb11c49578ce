/**
 * LXC seccomp policy files: parsed by the shim's parser and compiled with libseccomp
 * (without loading, so no root). The actions are libseccomp's constants:
 * ALLOW 7fff0000, KILL (thread) 0, TRAP 30000, ERRNO(n) 50000|n, LOG 7ffc0000.
 */
import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { LXC_COMMON_SECCOMP } from './harness';

const CORE = resolve(__dirname, '../src/core');
const dir = mkdtempSync(join(tmpdir(), 'lxcbus-seccomp-'));
const bin = join(dir, 'seccomp-policy-fake');
let buildError = '';
try {
  execFileSync('cc', ['-std=gnu11', '-O2', '-Wall', '-Werror', '-Wno-format-truncation', `-I${CORE}`, '-o', bin,
    join(__dirname, 'c/seccomp-policy-fake.c'), ...['seccomp-policy.c', 'seccomp.c', 'error.c', 'util.c'].map((f) => join(CORE, f)), '-lseccomp'], { stdio: 'pipe' });
} catch (err) {
  buildError = String((err as { stderr?: Buffer }).stderr ?? err);
}
if (buildError) console.warn(`native/test/seccomp-policy.spec.ts skipped: cannot build the driver (libseccomp-dev?): ${buildError}`);
const d = buildError ? describe.skip : describe;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function parse(policy: string): string[] {
  const file = join(dir, `p${++n}.seccomp`);
  writeFileSync(file, policy);
  try {
    return execFileSync(bin, [file], { encoding: 'utf8' }).trim().split('\n');
  } catch (err) {
    return String((err as { stdout?: string }).stdout).trim().split('\n');
  }
}

const X86_64 = 'c000003e';
const X86 = '40000003';

d('LXC seccomp policy files', () => {
  it('reads LXC\'s common.seccomp: denylist, reject_force_umount, [all] errno 1', () => {
    expect(parse(LXC_COMMON_SECCOMP)).toEqual([
      'default 7fff0000 reject_force_umount 1',
      ...['kexec_load', 'open_by_handle_at', 'init_module', 'finit_module', 'delete_module'].map((s) => `rule all ${s} 50001 0`),
      'compiled',
    ]);
  });

  it('takes the old names, a default action, per-architecture sections and every action', () => {
    expect(parse(`2
blacklist errno 38
# a comment line
[x86_64]
keyctl errno 5
mount trap
[x86]
keyctl errno 6
[arm64]
keyctl errno 7
[all]
add_key
syslog log
ptrace allow
`)).toEqual([
      'default 50026 reject_force_umount 0',
      `rule ${X86_64} keyctl 50005 0`, `rule ${X86_64} mount 30000 0`, `rule ${X86} keyctl 50006 0`, 'rule c00000b7 keyctl 50007 0',
      'rule all add_key 0 0', 'rule all syslog 7ffc0000 0', 'rule all ptrace 7fff0000 0',
      'compiled',
    ]);
  });

  it('allowlists default to kill and allow the listed calls; argument filters are parsed', () => {
    expect(parse(`2
whitelist
[all]
read
write
personality [0,0xffffffff,SCMP_CMP_EQ]
umount2 errno 13 [1,1,SCMP_CMP_MASKED_EQ,1]
`)).toEqual([
      'default 0 reject_force_umount 0',
      'rule all read 7fff0000 0', 'rule all write 7fff0000 0', 'rule all personality 7fff0000 1', 'rule all umount2 5000d 1',
      'compiled',
    ]);
  });

  it('reads version 1: an allowlist of syscall numbers', () => {
    expect(parse('1\nwhitelist\n0\n1\n60\n')).toEqual([
      'default 0 reject_force_umount 0', 'rule all #0 7fff0000 0', 'rule all #1 7fff0000 0', 'rule all #60 7fff0000 0', 'compiled',
    ]);
  });

  it('skips syscalls the architecture does not have, as LXC does', () => {
    expect(parse('2\ndenylist\n[all]\nno_such_syscall errno 1\n').slice(-1)).toEqual(['compiled']);
  });

  it.each([
    ['3\ndenylist\n', /ERR EINVAL .*unsupported policy version `3`/],
    ['2\ngreylist\n', /ERR EINVAL .*line 2: .*bad seccomp policy style `greylist`/],
    ['2\ndenylist\n[all]\nkeyctl explode\n', /ERR EINVAL .*line 4: .*unrecognized action `explode`/],
    ['2\ndenylist\n[all]\nkeyctl notify\n', /ERR EOPNOTSUPP .*notify/],
    ['2\ndenylist\n[all]\npersonality [9,1,SCMP_CMP_EQ]\n', /ERR EINVAL .*bad argument filter/],
    ['1\ndenylist\n', /ERR EINVAL .*version 1 policies must be allowlists/],
  ])('refuses %j', (policy, msg) => {
    expect(parse(policy).join('\n')).toMatch(msg);
  });
});
