/**
 * An ordinary user's hooks (docs/decisions/hooks.md): the root-run executor acts for alice, and
 * must never run her hooks as host root. Each hook writes `id -u` to uid-<type>: the host-side
 * start and stop hooks and the destroy hook run as alice, the init-side ones as her container's
 * root inside its user namespace (0 there), the clone hook as the host uid of that root.
 */
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUser, removeUser, uniqueName, whyNoUsers, type TestUser } from '../support/test-users';
import { dropRootRange, ensureRootRange } from './support/root-range';
import { describeSystemUnless, startStack, type Stack } from './support/stack-harness';
import { rangeOf, runAs, writeUserConfig } from './support/user-session';
import { writeEmptyNetDefaultConfig } from './support/bus-helpers';

const describeIf = describeSystemUnless(whyNoUsers());

describeIf("an ordinary user's lxc.hook.* run as her, never as host root", () => {
  let stack: Stack;
  let dir: string;
  let hookDir: string;
  let alice: TestUser;
  let addedRoot: string[] = [];
  let uid: { start: number; count: number };
  const c = `alh${process.pid % 100000}`;
  const uidOf = (t: string) => {
    const f = join(hookDir, `uid-${t}`);
    return existsSync(f) ? Number(readFileSync(f, 'utf8').trim()) : undefined;
  };

  beforeAll(async () => {
    addedRoot = ensureRootRange();
    dir = mkdtempSync(join(tmpdir(), 'lxcbus-hooks-user-'));
    // Her hooks (as her, or as her container's root) must reach the script and write beside it.
    hookDir = mkdtempSync(join(tmpdir(), 'lxcbus-hooks-user-log-'));
    chmodSync(hookDir, 0o777);
    writeFileSync(join(hookDir, 'id.sh'), '#!/bin/sh\nid -u > "$(dirname "$0")/uid-${LXC_HOOK_TYPE:-$3}"\n', { mode: 0o755 });
    stack = await startStack({ defaultConfig: writeEmptyNetDefaultConfig(dir) });
    alice = createUser(uniqueName('alice'));
    expect(stack.lxc('lxcbus', ['user', 'add', alice.name, '--statedir', stack.stateDir]).code).toBe(0);
    uid = rangeOf('/etc/subuid', alice.name);
    const gid = rangeOf('/etc/subgid', alice.name);
    chmodSync(alice.home, 0o711);
    writeUserConfig(alice, ['lxc.net.0.type = empty', `lxc.idmap = u 0 ${uid.start} 65536`, `lxc.idmap = g 0 ${gid.start} 65536`]);
  }, 120_000);

  afterAll(async () => {
    if (alice) for (const n of [c, `${c}c`]) runAs(alice, 'lxc-destroy', ['-n', n, '-f']);
    await stack?.stop();
    if (alice) removeUser(alice.name);
    dropRootRange(addedRoot);
    for (const d of [dir, hookDir]) if (d) rmSync(d, { recursive: true, force: true });
  }, 60_000);

  it('host-side hooks as alice, init-side as her container root, clone as its host uid, destroy as alice', () => {
    expect(runAs(alice, 'lxc-create', ['-t', 'busybox', '-n', c]).code).toBe(0);
    const types = ['pre-start', 'mount', 'start-host', 'stop', 'post-stop', 'clone', 'destroy'];
    appendFileSync(join(alice.home, '.local/share/lxc', c, 'config'), types.map((t) => `lxc.hook.${t} = ${hookDir}/id.sh\n`).join(''));
    expect(runAs(alice, 'lxc-start', ['-n', c, '-d'])).toMatchObject({ code: 0, stderr: '' });
    expect(runAs(alice, 'lxc-stop', ['-n', c, '-k']).code).toBe(0);
    expect(runAs(alice, 'lxc-copy', ['-n', c, '-N', `${c}c`]).code).toBe(0);
    expect(runAs(alice, 'lxc-destroy', ['-n', `${c}c`]).code).toBe(0);
    expect(types.map((t) => [t, uidOf(t)])).toEqual([
      ['pre-start', alice.uid], ['mount', 0], ['start-host', alice.uid], ['stop', alice.uid], ['post-stop', alice.uid],
      ['clone', uid.start], ['destroy', alice.uid],
    ]);
  });

  it('a forged lxc.idmap mapping her root to host root: the copy is refused, no clone hook runs, nothing is left', () => {
    const config = join(alice.home, '.local/share/lxc', c, 'config');
    const before = readFileSync(config, 'utf8');
    rmSync(join(hookDir, 'uid-clone'), { force: true });
    writeFileSync(config, before.replace(/^lxc\.idmap = .*$/gm, '').concat('lxc.idmap = u 0 0 65536\nlxc.idmap = g 0 0 65536\n'));
    try {
      const r = runAs(alice, 'lxc-copy', ['-n', c, '-N', `${c}f`]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/host uids 0-65535 are not delegated to .* in \/etc\/subuid \(FORBIDDEN\)/);
      expect(uidOf('clone')).toBeUndefined();
      expect(existsSync(join(alice.home, '.local/share/lxc', `${c}f`))).toBe(false);
    } finally {
      writeFileSync(config, before);
    }
  });

  it('lxc-snapshot -d and lxc-destroy -s never remove through a snaps symlink she planted', () => {
    const victim = mkdtempSync(join(tmpdir(), 'lxcbus-victim-'));
    mkdirSync(join(victim, 'snap0'));
    writeFileSync(join(victim, 'snap0', 'config'), 'lxc.uts.name = snap0\n');
    const snaps = join(alice.home, '.local/share/lxc', c, 'snaps');
    symlinkSync(victim, snaps);
    try {
      expect(runAs(alice, 'lxc-snapshot', ['-n', c, '-d', 'snap0']).code).not.toBe(0);
      expect(runAs(alice, 'lxc-destroy', ['-n', c, '-s']).code).not.toBe(0);
      expect(readFileSync(join(victim, 'snap0', 'config'), 'utf8')).toBe('lxc.uts.name = snap0\n');
    } finally {
      rmSync(snaps, { force: true });
      rmSync(victim, { recursive: true, force: true });
    }
  });
});
