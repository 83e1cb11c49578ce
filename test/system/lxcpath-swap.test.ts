/**
 * The check-then-use window on a user's lxcpath (docs/decisions/rootless.md, "Root in her
 * lxcpath"): the root-run executor checks that alice owns the lxcpath, then writes there.
 * A symlink she planted where a directory of hers should be must not steer root's writes:
 * ~/.local/share -> a root-owned directory passed the ownership check before (a missing
 * default lxcpath is judged by its nearest ancestor, which was the link's root-owned
 * target), and root made and chowned <target>/lxc for her. Now root walks her path without
 * following and refuses. Destroy likewise removes by held fd, not through a swapped link.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUser, removeUser, uniqueName, whyNoUsers, type TestUser } from '../support/test-users';
import { describeSystem, startStack, type Stack } from './support/stack-harness';
import { rangeOf, runAs, writeUserConfig } from './support/user-session';
import { writeEmptyNetDefaultConfig } from './support/bus-helpers';

const noUsers = whyNoUsers();
const describeIf = noUsers ? (name: string, body: () => void) => describe.skip(`${name} (skipped: ${noUsers})`, body) : describeSystem;

describeIf("root's writes in a user's lxcpath go where it checked", () => {
  let stack: Stack;
  let dir: string;
  let victim: string;
  let bob: TestUser;
  const c = `swp${process.pid % 100000}`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lxcbus-swap-'));
    // A root-owned directory bob could name but never write.
    victim = join(dir, 'victim');
    mkdirSync(victim);
    chmodSync(dir, 0o755);
    stack = await startStack({ defaultConfig: writeEmptyNetDefaultConfig(dir) });
    bob = createUser(uniqueName('bob'));
    expect(stack.lxc('lxcbus', ['user', 'add', bob.name, '--statedir', stack.stateDir]).code).toBe(0);
    chmodSync(bob.home, 0o711);
    const uid = rangeOf('/etc/subuid', bob.name);
    const gid = rangeOf('/etc/subgid', bob.name);
    writeUserConfig(bob, ['lxc.net.0.type = empty', `lxc.idmap = u 0 ${uid.start} 65536`, `lxc.idmap = g 0 ${gid.start} 65536`]);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    if (bob) removeUser(bob.name);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('refuses a planted ~/.local/share link: nothing made or chowned in its target', () => {
    mkdirSync(join(bob.home, '.local'), { recursive: true });
    chownSync(join(bob.home, '.local'), bob.uid, bob.gid);
    symlinkSync(victim, join(bob.home, '.local', 'share'));
    const r = runAs(bob, 'lxc-create', ['-t', 'busybox', '-n', c]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/replaced by a symlink/);
    expect(readdirSync(victim)).toEqual([]);
    expect(statSync(victim).uid).toBe(0);
  });

  it('creates normally once the link is gone, and destroy does not follow a link planted in the rootfs', () => {
    rmSync(join(bob.home, '.local', 'share'));
    expect(runAs(bob, 'lxc-create', ['-t', 'busybox', '-n', c]).code).toBe(0);
    writeFileSync(join(victim, 'precious'), 'x');
    symlinkSync(victim, join(bob.home, '.local/share/lxc', c, 'rootfs', 'escape'));
    expect(runAs(bob, 'lxc-destroy', ['-n', c]).code).toBe(0);
    expect(existsSync(join(bob.home, '.local/share/lxc', c))).toBe(false);
    expect(existsSync(join(victim, 'precious'))).toBe(true);
  });

  it('runs her template as her, in her namespace: a tarball only root can read is refused to her', () => {
    const t = join(dir, 'img');
    for (const d of ['fs/bin', 'fs/var/lib/nobody', 'meta']) mkdirSync(join(t, d), { recursive: true });
    copyFileSync('/bin/busybox', join(t, 'fs/bin/busybox'));
    chownSync(join(t, 'fs/var/lib/nobody'), 65534, 65534);
    writeFileSync(join(t, 'meta/config'), 'lxc.arch = x86_64\n');
    const fs = join(dir, 'fs.tar.xz');
    const meta = join(dir, 'meta.tar.xz');
    execFileSync('tar', ['--numeric-owner', '-C', join(t, 'fs'), '-cJf', fs, '.']);
    execFileSync('tar', ['-C', join(t, 'meta'), '-cJf', meta, '.']);
    chmodSync(meta, 0o644);
    chmodSync(fs, 0o600);
    const refused = runAs(bob, 'lxc-create', ['-t', 'local', '-n', `${c}l`, '--', '-m', meta, '-f', fs]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/EACCES|[Pp]ermission denied/);
    expect(existsSync(join(bob.home, '.local/share/lxc', `${c}l`))).toBe(false);
    chmodSync(fs, 0o644);
    expect(runAs(bob, 'lxc-create', ['-t', 'local', '-n', `${c}l`, '--', '-m', meta, '-f', fs]).code).toBe(0);
    const nobody = statSync(join(bob.home, '.local/share/lxc', `${c}l`, 'rootfs/var/lib/nobody'));
    expect(nobody.uid).toBe(rangeOf('/etc/subuid', bob.name).start + 65534);
    expect(runAs(bob, 'lxc-destroy', ['-n', `${c}l`]).code).toBe(0);
  });
});
